// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { useSim } from "../../store/simStore";
import { useTour } from "../../store/tourStore";
import { resetMarkers, useMarkers } from "./markers";
import { Timeline } from "./Timeline";

/** Default cluster: run 3 s, crash the leader of orders-0, run to 15 s (past the session timeout). */
function crashLeader(): number {
  const store = useSim.getState();
  store.advance(3000);
  const leader = useSim.getState().snapshot.partitions.find((p) => p.topic === "orders" && p.partition === 0)!.leader;
  store.applyAction({ type: "crashBroker", broker: leader });
  store.advance(12_000);
  return leader;
}

describe("Timeline", () => {
  beforeEach(() => {
    useTour.getState().clear();
    resetMarkers();
    act(() => useSim.getState().reset(42));
  });

  it("is a slider named Timeline spanning 0 to the time reached", () => {
    render(<Timeline />);
    act(() => useSim.getState().advance(20_000));
    const slider = screen.getByRole("slider", { name: "Timeline" });
    expect(slider).toHaveAttribute("max", "20000");
    expect(slider).toHaveValue("20000");
  });

  it("marks significant events with accessible names, and clicking one seeks to it", async () => {
    const user = userEvent.setup();
    render(<Timeline />);
    let leader = 0;
    act(() => {
      leader = crashLeader();
    });
    const markers = screen.getByRole("list", { name: "Significant events" });
    const action = within(markers).getByRole("button", { name: new RegExp(`You: crash broker ${leader}`) });
    expect(action).toBeInTheDocument();
    const election = within(markers).getAllByRole("button", {
      name: /elected broker \d+ leader of orders-0, epoch 1/,
    })[0];
    await user.click(election);
    const t = useMarkers.getState().markers.find((m) => m.event.type === "leader.elected" && m.event.leaderEpoch === 1)!
      .event.t;
    expect(useSim.getState().snapshot.now).toBe(t);
  });

  it("keeps markers beyond the event log's window and drops those after a jump back", () => {
    render(<Timeline />);
    act(() => {
      crashLeader();
    });
    const all = useMarkers.getState().markers.length;
    expect(all).toBeGreaterThan(3);
    act(() => useSim.getState().seek(1000));
    const kept = useMarkers.getState().markers;
    expect(kept.length).toBeLessThan(all);
    expect(kept.every((m) => m.event.t <= 1000)).toBe(true);
    // The timeline still reaches as far as the run went (15 s, in whole 10 s steps), so you can scrub forward again.
    expect(screen.getByRole("slider", { name: "Timeline" })).toHaveAttribute("max", "20000");
    act(() => useSim.getState().seek(15_000));
    expect(useMarkers.getState().markers.length).toBe(all);
  });

  it("dragging the slider seeks", () => {
    render(<Timeline />);
    act(() => useSim.getState().advance(20_000));
    fireEvent.change(screen.getByRole("slider", { name: "Timeline" }), { target: { value: "7000" } });
    expect(useSim.getState().snapshot.now).toBe(7000);
  });

  it("Rewind goes to t = 0; Step back and ← go back one event", async () => {
    const user = userEvent.setup();
    render(<Timeline />);
    act(() => useSim.getState().advance(2000));
    const events = useSim.getState().snapshot.eventCount;
    await user.click(screen.getByRole("button", { name: "Step back" }));
    expect(useSim.getState().snapshot.eventCount).toBe(events - 1);
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("{ArrowLeft}");
    expect(useSim.getState().snapshot.eventCount).toBe(events - 2);
    await user.click(screen.getByRole("button", { name: "Rewind" }));
    expect(useSim.getState().snapshot.now).toBe(0);
  });
});

describe("Timeline markers from the keyboard", () => {
  beforeEach(() => {
    useTour.getState().clear();
    resetMarkers();
    act(() => useSim.getState().reset(42));
  });

  it("are one tab stop; arrows move between them without stepping the run, Enter seeks", async () => {
    const user = userEvent.setup();
    render(<Timeline />);
    act(() => {
      crashLeader();
    });
    const buttons = within(screen.getByRole("list", { name: "Significant events" })).getAllByRole("button");
    expect(buttons.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    buttons[0].focus();
    const events = useSim.getState().snapshot.eventCount;
    await user.keyboard("{End}");
    expect(buttons.at(-1)).toHaveFocus();
    await user.keyboard("{ArrowLeft}");
    expect(buttons.at(-2)).toHaveFocus();
    expect(useSim.getState().snapshot.eventCount).toBe(events);
    await user.keyboard("{Enter}");
    const t = useMarkers.getState().markers.at(-2)!.event.t;
    expect(useSim.getState().snapshot.now).toBe(t);
  });
});
