// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useSim } from "../../store/simStore";
import { formatSimTime } from "./describeEvent";
import { EventLog } from "./EventLog";

/** An IntersectionObserver the test moves: `scroll(true)` brings every observed element into view. */
const observers = new Set<{ cb: IntersectionObserverCallback; els: Element[] }>();
class FakeIntersectionObserver {
  private entry: { cb: IntersectionObserverCallback; els: Element[] };
  constructor(cb: IntersectionObserverCallback) {
    this.entry = { cb, els: [] };
    observers.add(this.entry);
  }
  observe(el: Element) {
    this.entry.els.push(el);
  }
  disconnect() {
    observers.delete(this.entry);
  }
}
function scroll(intoView: boolean) {
  for (const o of observers)
    o.cb(
      o.els.map((target) => ({ target, isIntersecting: intoView }) as IntersectionObserverEntry),
      o as unknown as IntersectionObserver,
    );
}

const newestShown = () => {
  const items = within(screen.getByRole("list", { name: "Events, newest last" })).getAllByRole("listitem");
  return items[items.length - 1].textContent ?? "";
};
const newestInStore = () => {
  const e = useSim.getState().trace.at(-1);
  return e === undefined ? "" : formatSimTime(e.t);
};

describe("EventLog while playing", () => {
  beforeEach(() => {
    vi.stubGlobal("IntersectionObserver", FakeIntersectionObserver);
    vi.useFakeTimers({
      toFake: ["setTimeout", "clearTimeout", "requestAnimationFrame", "cancelAnimationFrame", "performance"],
    });
    useSim.getState().reset(42);
    useSim.getState().setSpeed(10);
  });

  afterEach(() => {
    act(() => useSim.getState().pause());
    useSim.getState().setSpeed(1);
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("holds its rows while the run plays off screen, and catches up when scrolled into view or paused", () => {
    render(<EventLog />);
    act(() => scroll(false));
    const before = newestShown();
    act(() => useSim.getState().play());
    act(() => vi.advanceTimersByTime(2000));
    expect(newestShown()).toBe(before);
    expect(before).not.toContain(newestInStore());

    act(() => scroll(true));
    expect(newestShown()).toContain(newestInStore());

    act(() => scroll(false));
    act(() => vi.advanceTimersByTime(2000));
    act(() => useSim.getState().pause());
    expect(newestShown()).toContain(newestInStore());
  });

  it("lists only the newest rows while the run plays and the reader follows them, and the whole window when paused", () => {
    render(<EventLog />);
    const items = () => within(screen.getByRole("list", { name: "Events, newest last" })).getAllByRole("listitem");
    act(() => useSim.getState().play());
    act(() => vi.advanceTimersByTime(2000));
    expect(useSim.getState().trace.length).toBeGreaterThan(40);
    expect(items().length).toBeLessThanOrEqual(40);
    expect(newestShown()).toContain(newestInStore());
    act(() => useSim.getState().pause());
    expect(items()).toHaveLength(Math.min(200, useSim.getState().trace.length));
  });
});
