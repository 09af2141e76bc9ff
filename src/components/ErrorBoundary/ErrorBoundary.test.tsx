// @vitest-environment jsdom
import { act, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { STORAGE_KEY } from "../../store/persistence";
import { useSim } from "../../store/simStore";
import { useTour } from "../../store/tourStore";
import { ErrorBoundary } from "./ErrorBoundary";
import { forgetGoodState } from "./lastGood";

/** Throws while the simulation is past `breakAt` ms: a view that cannot draw some state. */
let breakAt = Number.POSITIVE_INFINITY;
function Fragile() {
  const now = useSim((s) => s.snapshot.now);
  if (now > breakAt) throw new Error(`cannot draw t = ${now}`);
  return <p>t = {now}</p>;
}

describe("ErrorBoundary", () => {
  beforeEach(() => {
    breakAt = Number.POSITIVE_INFINITY;
    forgetGoodState();
    useTour.getState().clear();
    localStorage.clear();
    act(() => useSim.getState().reset(42));
    // React reports caught render errors on the console; they are expected here.
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
  });
  afterEach(() => vi.restoreAllMocks());

  it("shows the error in an alert, and restores the last state that rendered", async () => {
    const user = userEvent.setup();
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    act(() => useSim.getState().advance(3000));
    expect(screen.getByText("t = 3000")).toBeInTheDocument();
    const goodRun = useSim.getState().currentRun();
    breakAt = 4000;
    act(() => useSim.getState().advance(2000));
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("cannot draw t = 5000");
    breakAt = Number.POSITIVE_INFINITY;
    await user.click(screen.getByRole("button", { name: "Restore the last good state" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByText("t = 3000")).toBeInTheDocument();
    expect(useSim.getState().currentRun()).toEqual(goodRun);
  });

  it("starts over from t = 0", async () => {
    const user = userEvent.setup();
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    breakAt = 1000;
    act(() => useSim.getState().advance(2000));
    expect(screen.getByRole("alert")).toBeInTheDocument();
    breakAt = Number.POSITIVE_INFINITY;
    await user.click(screen.getByRole("button", { name: "Start over" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(useSim.getState().snapshot.now).toBe(0);
  });

  it("stays on the panel and says why when the restored state breaks again", async () => {
    const user = userEvent.setup();
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    act(() => useSim.getState().advance(3000));
    breakAt = 1000;
    act(() => useSim.getState().advance(1000));
    await user.click(screen.getByRole("button", { name: "Restore the last good state" }));
    expect(screen.getByRole("alert")).toHaveTextContent("cannot draw t = 3000");
  });

  it("never writes to browser storage", async () => {
    const user = userEvent.setup();
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    const removeItem = vi.spyOn(Storage.prototype, "removeItem");
    localStorage.setItem(STORAGE_KEY, '{"version":1,"scenarios":[]}');
    setItem.mockClear();
    render(
      <ErrorBoundary>
        <Fragile />
      </ErrorBoundary>,
    );
    act(() => useSim.getState().advance(2000));
    breakAt = 1000;
    act(() => useSim.getState().advance(1000));
    await user.click(screen.getByRole("button", { name: "Restore the last good state" }));
    await user.click(screen.getByRole("button", { name: "Start over" }));
    expect(setItem).not.toHaveBeenCalled();
    expect(removeItem).not.toHaveBeenCalled();
    expect(localStorage.getItem(STORAGE_KEY)).toBe('{"version":1,"scenarios":[]}');
  });
});
