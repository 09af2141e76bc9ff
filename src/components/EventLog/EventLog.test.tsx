// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { useSim } from "../../store/simStore";
import { EventLog } from "./EventLog";

describe("EventLog", () => {
  beforeEach(() => {
    useSim.getState().reset(42);
    act(() => useSim.getState().advance(5000));
  });

  it("lists the trace in plain language, newest last", () => {
    render(<EventLog />);
    const items = within(screen.getByRole("list", { name: "Events, newest last" })).getAllByRole("listitem");
    expect(items.length).toBe(Math.min(200, useSim.getState().trace.length));
    expect(items[0]).toHaveTextContent("0.000 s zk-1 started");
    expect(screen.getAllByText(/^Controller broker \d elected broker \d leader of orders-0, epoch 0/)).toHaveLength(1);
  });

  it("filters by text", async () => {
    const user = userEvent.setup();
    render(<EventLog />);
    await user.type(screen.getByRole("searchbox", { name: "Filter events" }), "became controller");
    const items = within(screen.getByRole("list", { name: "Events, newest last" })).getAllByRole("listitem");
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent(/Broker \d became controller \(epoch 1\)/);
  });

  it("renders event text as text, never as HTML", () => {
    const { snapshot } = useSim.getState();
    act(() =>
      useSim.setState({
        trace: [
          {
            t: 1,
            type: "action.rejected",
            action: { type: "heal" },
            reason: '<img src=x onerror="alert(1)">',
          },
        ],
        snapshot: { ...snapshot, traceCount: snapshot.traceCount + 1 },
      }),
    );
    const { container } = render(<EventLog />);
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByText(/onerror/)).toHaveTextContent(
      'Rejected: heal the network (<img src=x onerror="alert(1)">)',
    );
  });
});
