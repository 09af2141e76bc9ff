// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { findBuiltin } from "../../sim";
import { useSim } from "../../store/simStore";
import { useTour } from "../../store/tourStore";
import { TourPanel } from "./TourPanel";

const killTheLeader = findBuiltin("kill-the-leader")!;

describe("TourPanel", () => {
  beforeEach(() => {
    useTour.getState().clear();
    useTour.setState({ animate: false });
    act(() => {
      useTour.getState().loadScenario(killTheLeader);
    });
  });

  it("opens on the introduction with the step count and the first step's condition", () => {
    render(<TourPanel />);
    const panel = screen.getByRole("region", { name: "Tour: Kill the leader" });
    expect(within(panel).getByText("Introduction · 4 steps")).toBeInTheDocument();
    expect(within(panel).getByText(/runs until orders-0: leader 2, ISR of 3/)).toBeInTheDocument();
    expect(within(panel).getByRole("button", { name: "Back" })).toBeDisabled();
  });

  it("Next runs a step to its condition and shows its narration and checkpoints", async () => {
    const user = userEvent.setup();
    render(<TourPanel />);
    await user.click(screen.getByRole("button", { name: "Next" }));
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("Step 2 of 4")).toBeInTheDocument();
    expect(screen.getByRole("heading", { name: "Broker 2 crashes" })).toBeInTheDocument();
    expect(screen.getByText(/a zk.session.expired event/)).toBeInTheDocument();
    const checkpoints = screen.getByRole("list", { name: "Checkpoints" });
    expect(checkpoints).toHaveTextContent("✓ broker 2 is crashed");
    expect(useSim.getState().snapshot.brokers.find((b) => b.id === 2)?.status).toBe("crashed");
    expect(useTour.getState().highlight).toEqual(["broker-2"]);
  });

  it("Back returns to the exact state before the step ran", async () => {
    const user = userEvent.setup();
    render(<TourPanel />);
    await user.click(screen.getByRole("button", { name: "Next" }));
    const afterStep1 = useSim.getState().snapshot;
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(useSim.getState().snapshot.now).toBeGreaterThan(afterStep1.now);
    await user.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByText("Step 1 of 4")).toBeInTheDocument();
    const back = useSim.getState().snapshot;
    expect(back.eventCount).toBe(afterStep1.eventCount);
    expect(back.traceHash).toBe(afterStep1.traceHash);
    expect(back.brokers.find((b) => b.id === 2)?.status).toBe("running");
  });

  it("walks the whole tour with N and B (and PageDown / PageUp), every checkpoint passing", async () => {
    const user = userEvent.setup();
    render(<TourPanel />);
    await user.keyboard("n");
    await user.keyboard("{PageDown}");
    await user.keyboard("N");
    await user.keyboard("n");
    expect(screen.getByText("Step 4 of 4")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(screen.getByText(/End of the tour/)).toBeInTheDocument();
    for (const r of useTour.getState().records) expect(r.checkpoints.every((c) => c.ok)).toBe(true);
    await user.keyboard("b");
    await user.keyboard("{PageUp}");
    expect(screen.getByText("Step 2 of 4")).toBeInTheDocument();
  });

  it("shows a failed checkpoint with ✗ and the word Failed", async () => {
    const user = userEvent.setup();
    act(() => {
      useTour.getState().loadScenario({
        ...killTheLeader,
        tour: [
          {
            ...killTheLeader.tour[0],
            checkpoints: [
              {
                description: "broker 9 leads",
                condition: { kind: "partition", topic: "orders", partition: 0, leader: 9 },
              },
            ],
          },
        ],
      });
    });
    render(<TourPanel />);
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByRole("list", { name: "Checkpoints" })).toHaveTextContent("✗ Failed: broker 9 leads");
  });

  it("is not shown in sandbox mode", () => {
    act(() => useTour.getState().setMode("sandbox"));
    render(<TourPanel />);
    expect(screen.queryByRole("region", { name: /Tour/ })).toBeNull();
  });
});

describe("TourPanel and other runs", () => {
  it("closes the tour when the run is replaced (Reset)", () => {
    useTour.setState({ animate: false });
    act(() => {
      useTour.getState().loadScenario(killTheLeader);
      useTour.getState().next();
    });
    render(<TourPanel />);
    expect(screen.getByText("Step 1 of 4")).toBeInTheDocument();
    act(() => useSim.getState().reset(7));
    expect(screen.queryByRole("region", { name: /Tour/ })).toBeNull();
    expect(useTour.getState().scenario).toBeNull();
  });
});
