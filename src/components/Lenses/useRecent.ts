import { useMemo } from "react";
import type { MessageView } from "../../sim";
import { useSim } from "../../store/simStore";

/**
 * Recently delivered messages that match, newest first. It re-reads the
 * engine's recent window when a frame is published; only the lens using it
 * re-renders.
 */
export function useRecent(match: (m: MessageView) => boolean, limit: number): MessageView[] {
  const version = useSim((s) => s.version);
  const now = useSim((s) => s.snapshot.now);
  const recentMessages = useSim((s) => s.recentMessages);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version and now are the triggers; match is usually an inline closure.
  return useMemo(() => {
    const out: MessageView[] = [];
    const all = recentMessages(0);
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--)
      if (all[i].deliverAt <= now && match(all[i])) out.push(all[i]);
    return out;
  }, [version, now, limit, recentMessages]);
}
