import { assign, setup } from "xstate";

/** The speeds the toolbar offers, as multiples of real time. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 1000] as const;
export type Speed = (typeof SPEEDS)[number];
export const DEFAULT_SPEED: Speed = 1;

export function isSpeed(value: number): value is Speed {
  return (SPEEDS as readonly number[]).includes(value);
}

export type PlaybackEvent =
  | { type: "PLAY" }
  | { type: "PAUSE" }
  | { type: "TOGGLE" }
  | { type: "STEP" }
  | { type: "SET_SPEED"; speed: Speed }
  | { type: "RESET"; seed?: number };

/**
 * Play/pause/step for the simulation. The machine only decides what is
 * allowed; the effects (start the clock, step the engine, rebuild the run)
 * are actions the store provides. It has no timers of its own: the
 * requestAnimationFrame loop in store/clock.ts is the clock.
 */
export const playbackMachine = setup({
  types: {
    context: {} as { speed: Speed },
    events: {} as PlaybackEvent,
  },
  actions: {
    startClock: () => {},
    stopClock: () => {},
    stepEngine: () => {},
    applySpeed: (_, _params: { speed: Speed }) => {},
    resetRun: (_, _params: { seed?: number }) => {},
  },
}).createMachine({
  id: "playback",
  context: { speed: DEFAULT_SPEED },
  initial: "paused",
  on: {
    SET_SPEED: {
      actions: [
        assign({ speed: ({ event }) => event.speed }),
        { type: "applySpeed", params: ({ event }) => ({ speed: event.speed }) },
      ],
    },
    // A reset always lands paused, so the new run starts at t = 0 until the user presses Play.
    RESET: {
      target: ".paused",
      actions: [{ type: "stopClock" }, { type: "resetRun", params: ({ event }) => ({ seed: event.seed }) }],
    },
  },
  states: {
    paused: {
      on: {
        PLAY: "playing",
        TOGGLE: "playing",
        STEP: { actions: "stepEngine" },
      },
    },
    playing: {
      entry: "startClock",
      exit: "stopClock",
      on: {
        PAUSE: "paused",
        TOGGLE: "paused",
      },
    },
  },
});
