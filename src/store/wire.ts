import type { MessageView } from "../sim";
import { liveFrame, onFrame, useSim } from "./simStore";

/**
 * Messages the canvas should draw, fed once per engine frame without any
 * React render: messages on the wire now (`liveFrame().inFlight`) plus those
 * delivered between two frames (a message travels 2–4 simulated ms, far less
 * than a frame at 1×). Readers subscribe with `onWire` and pull
 * `deliveredSinceLastFrame()`.
 */
let lastSeenId = 0;
let lastNow = 0;
let delivered: MessageView[] = [];
const listeners = new Set<() => void>();

function onEngineFrame(): void {
  const { now } = liveFrame();
  // A reset or a seek went backwards: the engine's message ids start again.
  if (now < lastNow) lastSeenId = 0;
  lastNow = now;
  const fresh = useSim.getState().recentMessages(lastSeenId);
  // Only what this frame added; the first frame after a jump takes just the newest few.
  delivered = lastSeenId === 0 ? fresh.slice(-20) : fresh;
  if (fresh.length > 0) lastSeenId = fresh[fresh.length - 1].id;
  for (const l of listeners) l();
}

let subscribed = false;
function ensureSubscribed(): void {
  if (subscribed) return;
  subscribed = true;
  lastNow = liveFrame().now;
  lastSeenId = 0;
  onFrame(onEngineFrame);
}

/** Messages delivered (or dropped) since the previous frame. */
export function deliveredSinceLastFrame(): readonly MessageView[] {
  ensureSubscribed();
  return delivered;
}

/** Call `listener` after each frame's messages are known. */
export function onWire(listener: () => void): () => void {
  ensureSubscribed();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
