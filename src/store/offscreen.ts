import { type RefObject, useEffect, useRef, useState } from "react";
import { type SimState, useSim } from "./simStore";

/**
 * Whether an element is on screen (or nearly: within `margin`). True until the
 * browser says otherwise, and always where there is no IntersectionObserver.
 */
export function useOnScreen(ref: RefObject<Element | null>, margin = "200px"): boolean {
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (el === null || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last !== undefined) setOnScreen(last.isIntersecting);
      },
      { rootMargin: margin },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, margin]);
  return onScreen;
}

/**
 * What a panel shows from the store. While the run plays and the panel is off
 * screen, the value is held: nobody sees it, and rebuilding a 200-row log or
 * three charts a few times a second costs frames. It catches up as soon as the
 * panel scrolls into view or the run pauses, so what anyone can see or read is
 * always current.
 */
export function useSimWhenSeen<T>(onScreen: boolean, selector: (s: SimState) => T): T {
  const held = useRef<{ value: T } | null>(null);
  return useSim((s) => {
    if (onScreen || !s.playing || held.current === null) held.current = { value: selector(s) };
    return held.current.value;
  });
}
