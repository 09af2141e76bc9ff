import type { BrokerView, Snapshot } from "../sim";

/**
 * While playing, the views catch up with the engine a few times a second, and
 * the work of catching up is spread over consecutive frames so that no frame
 * does it all (a large cluster's broker cards alone are ~300 replica boxes to
 * re-render, lay out and repaint):
 *
 * 1. "snapshot": a fresh snapshot for every view but the broker cards (a small
 *    cluster's cards come with it: they fit in one lane);
 * 2. "brokers": one lane of broker cards per frame (at most BROKERS_PER_LANE each);
 * 3. "panels": the event log and the plots (a new trace window, a new sample).
 *
 * Frames in between only advance the engine and draw the messages. Paused,
 * the store publishes everything at once, so a step or a seek shows its
 * exact state in the same frame.
 */
export type ViewPhase =
  | { kind: "snapshot"; lanes: number }
  | { kind: "brokers"; lane: number; lanes: number }
  | { kind: "panels" };

/** Broker cards re-rendered in one frame. */
export const BROKERS_PER_LANE = 4;

export function brokerLanes(brokers: number): number {
  return Math.max(1, Math.ceil(brokers / BROKERS_PER_LANE));
}

export interface ViewCycle {
  /** What this frame publishes to the views, if anything. `wall` is the frame's wall time (ms). */
  next(wall: number, brokers: number): ViewPhase | null;
  /** Forget a cycle in progress (everything was just published at once). */
  reset(): void;
}

export function createViewCycle(intervalMs: number): ViewCycle {
  let last = Number.NEGATIVE_INFINITY;
  let queue: ViewPhase[] = [];
  return {
    next(wall, brokers) {
      const queued = queue.shift();
      if (queued !== undefined) return queued;
      if (wall - last < intervalMs) return null;
      last = wall;
      const lanes = brokerLanes(brokers);
      if (lanes > 1) for (let lane = 0; lane < lanes; lane++) queue.push({ kind: "brokers", lane, lanes });
      queue.push({ kind: "panels" });
      return { kind: "snapshot", lanes };
    },
    reset() {
      queue = [];
      last = Number.NEGATIVE_INFINITY;
    },
  };
}

/**
 * `shown` with the brokers of one lane (by position) taken from `fresh`.
 * Returns `shown` itself when nothing in that lane changed. The two lists
 * must hold the same brokers in the same order (check with `sameBrokers`).
 */
export function withBrokerLane(
  shown: readonly BrokerView[],
  fresh: readonly BrokerView[],
  lane: number,
  lanes: number,
): readonly BrokerView[] {
  const per = Math.ceil(fresh.length / lanes);
  let out: BrokerView[] | null = null;
  for (let i = lane * per; i < Math.min(fresh.length, (lane + 1) * per); i++) {
    if (shown[i] === fresh[i]) continue;
    out ??= shown.slice();
    out[i] = fresh[i];
  }
  return out ?? shown;
}

export function sameBrokers(a: readonly BrokerView[], b: readonly BrokerView[]): boolean {
  return a.length === b.length && a.every((x, i) => x.id === b[i].id);
}

/** The snapshot with its brokers replaced (or itself, if they are the same list). */
export function withBrokers(snapshot: Snapshot, brokers: readonly BrokerView[]): Snapshot {
  return snapshot.brokers === brokers ? snapshot : { ...snapshot, brokers: brokers as BrokerView[] };
}
