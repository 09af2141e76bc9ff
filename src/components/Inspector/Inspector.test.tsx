// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../../store/scenario";
import { useSim } from "../../store/simStore";
import { ClusterView } from "../ClusterView/ClusterView";
import { Faults } from "../Faults/Faults";
import { SettingsNote } from "../SettingsNote/SettingsNote";
import { Inspector } from "./Inspector";

describe("inspector for clients, groups and partitions", () => {
  beforeEach(() => {
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    act(() => useSim.getState().advance(6000));
  });

  it("shows a consumer's configuration with Kafka's default beside each changed value", async () => {
    const user = userEvent.setup();
    render(
      <>
        <ClusterView />
        <Inspector />
      </>,
    );
    await user.click(screen.getByRole("button", { name: /^Consumer consumer-2,/ }));
    const config = screen.getByRole("table", { name: "Consumer configuration" });
    expect(within(config).getByRole("row", { name: /^session.timeout.ms/ })).toHaveTextContent(
      "10000 (Kafka default 45000)",
    );
    expect(within(config).getByRole("row", { name: /^auto.offset.reset/ })).toHaveTextContent(
      "earliest (Kafka default latest)",
    );
    expect(within(config).getByRole("row", { name: /^max.poll.records/ })).not.toHaveTextContent("Kafka default");
  });

  it("shows the producer's settings, and crashes it", async () => {
    const user = userEvent.setup();
    render(
      <>
        <ClusterView />
        <Inspector />
      </>,
    );
    await user.click(screen.getByRole("button", { name: /^Producer producer-1,/ }));
    expect(screen.getByRole("heading", { name: "Producer producer-1", level: 3 })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Crash producer" }));
    expect(screen.getByRole("button", { name: /^Producer producer-1, down/ })).toBeInTheDocument();
  });

  it("shows a group when its name in the drawing is chosen", async () => {
    const user = userEvent.setup();
    render(
      <>
        <ClusterView />
        <Inspector />
      </>,
    );
    await user.click(screen.getByRole("button", { name: /^Consumer group billing,/ }));
    expect(screen.getByRole("heading", { name: "Group billing", level: 3 })).toBeInTheDocument();
    expect(screen.getByRole("row", { name: /^offsets.topic.num.partitions/ })).toHaveTextContent(
      "3 (Kafka default 50)",
    );
  });
});

describe("client faults", () => {
  beforeEach(() => {
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    act(() => useSim.getState().advance(6000));
  });

  it("moves a consumer to another group and adds a producer", async () => {
    const user = userEvent.setup();
    render(<Faults />);
    await user.click(screen.getByText("Faults"));
    await user.selectOptions(screen.getByRole("combobox", { name: "Consumer" }), "consumer-2");
    const group = screen.getByRole("combobox", { name: "Group" });
    await user.clear(group);
    await user.type(group, "audit");
    await user.click(screen.getByRole("button", { name: "Move consumer-2 to group" }));
    act(() => useSim.getState().advance(5000));
    expect(useSim.getState().snapshot.consumers.find((c) => c.id === "consumer-2")?.group?.groupId).toBe("audit");
    await user.click(screen.getByRole("button", { name: "Add producer" }));
    expect(useSim.getState().snapshot.producers.map((p) => p.id)).toEqual(["producer-1", "producer-2"]);
  });
});

describe("settings note", () => {
  it("names every setting the default cluster changes, with Kafka's default, and why 3 offsets partitions", () => {
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    render(<SettingsNote />);
    for (const text of [
      "Session timeout shortened to 6 s (Kafka default 18 s)",
      "Replica lag time shortened to 10 s (Kafka default 30 s)",
      "Offsets topic partitions lowered to 3 (Kafka default 50)",
      "Initial rebalance delay shortened to 1 s (Kafka default 3 s)",
      "orders: min.insync.replicas 2 (Kafka default 1)",
      "consumers: auto.offset.reset earliest (Kafka default latest)",
      "consumers: session.timeout.ms 10 s (Kafka default 45 s)",
    ])
      expect(screen.getByText(new RegExp(text.replace(/[().]/g, "\\$&")))).toBeInTheDocument();
    expect(screen.getByText(/A teaching cluster uses 3 offsets partitions instead of 50/)).toBeInTheDocument();
  });

  it("says how many offsets partitions this cluster uses, not a fixed number", () => {
    useSim.getState().reset(42, {
      ...DEFAULT_SCENARIO,
      broker: { ...DEFAULT_SCENARIO.broker, "offsets.topic.num.partitions": 10 },
    });
    render(<SettingsNote />);
    expect(screen.getByText(/A teaching cluster uses 10 offsets partitions instead of 50/)).toBeInTheDocument();
    useSim.getState().reset(42, DEFAULT_SCENARIO);
  });
});
