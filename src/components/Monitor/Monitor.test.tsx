// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { findBuiltin } from "../../sim/scenario/builtin";
import { useSim } from "../../store/simStore";
import { useTour } from "../../store/tourStore";
import { formatOffsets, MonitorBadge, monitorSummary } from "./Monitor";
import { MAX_MONITOR_ENTRIES, resetMonitorEvents, useMonitorEvents } from "./monitorEvents";

/** The acks=1 lesson by hand: slow the leader's links, crash it, and its acknowledged records are gone. */
function loseAcks1Records(): void {
  const scenario = findBuiltin("acks1-loses-record");
  if (scenario === undefined) throw new Error("the acks1-loses-record scenario is missing");
  const store = useSim.getState();
  store.reset(scenario.seed, scenario.cluster);
  store.advance(1500);
  store.applyAction({ type: "slowLink", from: "broker-2", to: "broker-3", extraMs: 5000 });
  store.applyAction({ type: "slowLink", from: "broker-2", to: "broker-1", extraMs: 5000 });
  store.advance(2500);
  store.applyAction({ type: "crashBroker", broker: 2 });
  store.advance(20_000);
}

describe("MonitorBadge", () => {
  beforeEach(() => {
    useTour.getState().clear();
    resetMonitorEvents();
    act(() => useSim.getState().reset(42));
  });

  it("says the invariants hold in a healthy run, as a status with text and not colour alone", () => {
    render(<MonitorBadge />);
    act(() => useSim.getState().advance(5000));
    const status = screen.getByRole("status", { name: "Invariant monitor" });
    expect(within(status).getByRole("button", { name: "Invariants: OK" })).toHaveAttribute("aria-expanded", "false");
  });

  it("writes consecutive offsets as ranges", () => {
    expect(formatOffsets([2, 3, 4, 7, 9, 10])).toBe("2–4, 7, 9–10");
    expect(formatOffsets([5])).toBe("5");
    expect(formatOffsets([])).toBe("");
  });

  it("counts violations and data-loss events in words", () => {
    expect(monitorSummary(0, 0)).toBe("Invariants: OK");
    expect(monitorSummary(2, 0)).toBe("2 violations");
    expect(monitorSummary(0, 1)).toBe("1 data-loss event");
    expect(monitorSummary(1, 3)).toBe("1 violation, 3 data-loss events");
  });

  it("lists a data loss with its partition, offsets, cause and time, and seeks to that moment", async () => {
    const user = userEvent.setup();
    render(<MonitorBadge />);
    act(() => loseAcks1Records());
    const badge = screen.getByRole("button", { name: /^\d+ data-loss events?$/ });
    await user.click(badge);
    expect(badge).toHaveAttribute("aria-expanded", "true");
    const list = screen.getByRole("list", { name: "Violations and data loss" });
    const items = within(list).getAllByRole("listitem");
    expect(items.length).toBeGreaterThan(0);
    const first = items[items.length - 1];
    expect(first).toHaveTextContent(
      /Data loss orders-0, offsets? [\d, –]+: acks=1 record not yet replicated at t = [\d.]+ s/,
    );
    const lossAt = useMonitorEvents.getState().entries[0].event.t;
    expect(lossAt).toBeLessThan(useSim.getState().snapshot.now);
    await user.click(within(first).getByRole("button", { name: /^Go to data loss at / }));
    expect(useSim.getState().snapshot.now).toBe(lossAt);
    // At that moment the loss has just happened: the badge still counts it.
    expect(screen.getByRole("button", { name: /data-loss event/ })).toBeInTheDocument();
  });

  it("keeps entries the event log's window has scrolled past", () => {
    render(<MonitorBadge />);
    act(() => loseAcks1Records());
    const losses = useMonitorEvents.getState().entries.length;
    expect(losses).toBeGreaterThan(0);
    act(() => useSim.getState().advance(60_000));
    expect(useSim.getState().trace.some((e) => e.type === "data.loss")).toBe(false);
    expect(useMonitorEvents.getState().entries.length).toBe(losses);
    expect(MAX_MONITOR_ENTRIES).toBeGreaterThanOrEqual(100);
  });

  it("says so when there is nothing to list, and Escape closes the list", async () => {
    const user = userEvent.setup();
    render(<MonitorBadge />);
    await user.click(screen.getByRole("button", { name: "Invariants: OK" }));
    const region = screen.getByRole("region", { name: "Invariant monitor" });
    expect(region).toHaveTextContent("No invariant violations and no data loss");
    await user.click(within(region).getByRole("button", { name: "Close" }));
    expect(screen.queryByRole("region", { name: "Invariant monitor" })).toBeNull();
    expect(screen.getByRole("button", { name: "Invariants: OK" })).toHaveFocus();
    await user.click(screen.getByRole("button", { name: "Invariants: OK" }));
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("region", { name: "Invariant monitor" })).toBeNull();
  });
});
