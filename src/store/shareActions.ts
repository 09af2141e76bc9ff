import type { Decoded, SharedRun } from "./share";
import { decodeShare, hasSharedRun, parseRunFile } from "./share";
import { useSim } from "./simStore";
import { useTour } from "./tourStore";

/**
 * Loading runs that came from outside (a link, a file) into the store. A run
 * is checked completely before the current one is touched; a failure leaves
 * everything as it was and returns the message to show.
 */
export function loadShared(shared: SharedRun): string | null {
  const store = useSim.getState();
  const before = store.currentRun();
  const beforeT = store.snapshot.now;
  try {
    store.loadRun(shared.run);
    store.seek(shared.t);
  } catch (e) {
    // The engine refused the run after all: put the previous one back exactly.
    try {
      store.loadRun(before);
      store.seek(beforeT);
    } catch {
      // Nothing more to do: the previous run loaded before, so this does not happen.
    }
    return `The run could not be started: ${(e as Error).message}`;
  }
  useTour.getState().clear();
  return null;
}

function apply(decoded: Decoded): string | null {
  return decoded.ok ? loadShared(decoded.shared) : decoded.error;
}

/** On start-up: open the run in `?run=...&t=...`, if any. Returns an error message or null. */
export function openFromLocation(search: string): string | null {
  if (!hasSharedRun(search)) return null;
  const error = apply(decodeShare(search));
  return error === null ? null : `${error} The default cluster was loaded instead.`;
}

/** An imported run file, or a scenario file (which opens with its tour, if it has one). */
export function importRunText(text: string, fileName: string): string | null {
  const decoded = parseRunFile(text, fileName);
  if (decoded.ok && decoded.scenario !== undefined) return useTour.getState().loadScenario(decoded.scenario);
  return apply(decoded);
}
