// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { type PartitionView, partitionForKey, type ReplicaView } from "../../sim";
import { DEFAULT_SCENARIO } from "../../store/scenario";
import { useSim } from "../../store/simStore";
import { MainView } from "../MainView/MainView";
import { ConsumerLens } from "./ConsumerLens";
import { GroupsLens } from "./GroupsLens";
import { PartitionStrip } from "./PartitionsLens";
import { ProducerLens } from "./ProducerLens";
import { QueuePubSubLens } from "./QueuePubSubLens";
import { ReplicationLens } from "./ReplicationLens";
import { ZooKeeperLens } from "./ZooKeeperLens";

const replica = (over: Partial<ReplicaView>): ReplicaView => ({
  topic: "orders",
  partition: 0,
  role: "follower",
  leader: 1,
  leaderEpoch: 0,
  logStartOffset: 0,
  logEndOffset: 0,
  highWatermark: 0,
  inIsr: true,
  ...over,
});

const partition: PartitionView = {
  topic: "orders",
  partition: 0,
  replicas: [1, 2],
  leader: 1,
  leaderEpoch: 3,
  isr: [1, 2],
  controllerEpoch: 1,
  offline: false,
  underReplicated: false,
};

describe("partition strip", () => {
  it("marks the high watermark and the log end offset of each replica at their offsets", () => {
    render(
      <PartitionStrip
        partition={partition}
        replicas={[
          { broker: 1, brokerUp: true, replica: replica({ role: "leader", logEndOffset: 9, highWatermark: 7 }) },
          { broker: 2, brokerUp: true, replica: replica({ logEndOffset: 7, highWatermark: 7 }) },
        ]}
      />,
    );
    const leader = screen.getByRole("img", { name: /on broker 1 \(leader, in ISR\)/ });
    expect(leader).toHaveAccessibleName(/high watermark 7, log end offset 9/);
    expect(within(leader).getByText("HW 7")).toBeInTheDocument();
    expect(within(leader).getByText("LEO 9")).toBeInTheDocument();
    const follower = screen.getByRole("img", { name: /on broker 2 \(follower/ });
    expect(within(follower).getByText("LEO 7")).toBeInTheDocument();
    // Offsets 7 and 8 are on the leader only: written, not yet committed.
    expect(leader.querySelectorAll(".cell.uncommitted")).toHaveLength(2);
    expect(leader.querySelectorAll(".cell.committed")).toHaveLength(7);
    expect(follower.querySelectorAll(".cell.uncommitted")).toHaveLength(0);
  });

  it("shows only the newest 30 offsets and says so", () => {
    render(
      <PartitionStrip
        partition={partition}
        replicas={[
          { broker: 1, brokerUp: true, replica: replica({ role: "leader", logEndOffset: 100, highWatermark: 95 }) },
        ]}
      />,
    );
    expect(screen.getByText(/offsets before 71 not shown/)).toBeInTheDocument();
    expect(screen.getByText("HW 95")).toBeInTheDocument();
  });
});

describe("lenses on the default run", () => {
  beforeEach(() => {
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    act(() => useSim.getState().advance(12_000));
  });

  it("the producer lens shows the last key's partition as partitionForKey computes it", async () => {
    const user = userEvent.setup();
    render(<ProducerLens id="producer-1" />);
    const last = useSim.getState().snapshot.producers[0].lastKey!;
    expect(screen.getByTestId("last-key")).toHaveTextContent(last.key!);
    expect(screen.getByTestId("last-partition")).toHaveTextContent(String(partitionForKey(last.key!, 3)));
    expect(screen.getByLabelText("Partition formula for the last key")).toHaveTextContent(
      `= ${partitionForKey(last.key!, 3)}`,
    );
    const input = screen.getByRole("textbox", { name: "Try a key" });
    await user.clear(input);
    await user.type(input, "user-3");
    expect(screen.getByRole("status", { name: "Partition for the key you typed" })).toHaveTextContent(
      `"user-3" → partition ${partitionForKey("user-3", 3)}`,
    );
  });

  it("the producer lens changes acks live", async () => {
    const user = userEvent.setup();
    render(<ProducerLens id="producer-1" />);
    await user.selectOptions(screen.getByRole("combobox", { name: "acks" }), "1");
    expect(useSim.getState().snapshot.producers[0].config.acks).toBe("1");
  });

  it("the groups lens shows the group's state, generation, coordinator and lag per partition", () => {
    render(<GroupsLens />);
    const g = useSim.getState().snapshot.groups.find((x) => x.groupId === "billing")!;
    const card = screen.getByRole("region", { name: "Consumer group billing" });
    expect(within(card).getByTestId("state-billing")).toHaveTextContent(/^✓ Stable$/);
    expect(within(card).getByTestId("generation-billing")).toHaveTextContent(String(g.generation));
    expect(within(card).getByText(`broker ${g.coordinator}`)).toBeInTheDocument();
    expect(within(card).getByText(`__consumer_offsets-${g.offsetsPartition}`)).toBeInTheDocument();
    const lagTable = within(card).getByRole("table", { name: "Committed offsets and lag of billing" });
    for (const o of g.offsets) {
      const row = within(lagTable).getByRole("row", { name: new RegExp(`^orders-${o.partition} `) });
      expect(row).toHaveTextContent(`orders-${o.partition}${o.committed}${o.highWatermark}${o.lag}`);
    }
  });

  it("adding a consumer from the groups lens rebalances the group with the newcomer", async () => {
    const user = userEvent.setup();
    render(<GroupsLens />);
    await user.click(screen.getByRole("button", { name: "Add consumer to billing" }));
    act(() => useSim.getState().advance(8000));
    const g = useSim.getState().snapshot.groups.find((x) => x.groupId === "billing")!;
    expect(g.members.map((m) => m.client).sort()).toEqual(["consumer-1", "consumer-2", "consumer-3"]);
    const members = screen.getByRole("table", { name: "Members of billing" });
    expect(within(members).getByRole("row", { name: /^consumer-3 / })).toHaveTextContent(/orders-\d/);
  });

  it("the consumer lens shows group, generation and a position per assigned partition", () => {
    render(<ConsumerLens id="consumer-1" />);
    const c = useSim.getState().snapshot.consumers.find((x) => x.id === "consumer-1")!;
    expect(screen.getByTestId("generation")).toHaveTextContent(String(c.group!.generation));
    const table = screen.getByRole("table", { name: "Positions of consumer-1" });
    for (const p of c.positions)
      expect(
        within(table).getByRole("row", { name: new RegExp(`^orders-${p.partition} ${p.offset} `) }),
      ).toBeInTheDocument();
  });

  it("the queue vs pub-sub lens counts what each group received, and adds a group", async () => {
    const user = userEvent.setup();
    render(<QueuePubSubLens />);
    const billing = screen.getByRole("region", { name: "Group billing" });
    const total = useSim.getState().snapshot.consumers.reduce((n, c) => n + c.consumed, 0);
    expect(billing).toHaveTextContent(`2 consumers · received ${total} · duplicates 0`);
    await user.click(screen.getByRole("button", { name: "Add a new group" }));
    act(() => useSim.getState().advance(8000));
    expect(screen.getByRole("region", { name: "Group group-2" })).toHaveTextContent(/1 consumer · received [1-9]/);
  });

  it("the replication lens shows each replica with its ISR membership and epoch", () => {
    render(<ReplicationLens partition="orders-0" />);
    const p = useSim.getState().snapshot.partitions.find((x) => x.topic === "orders" && x.partition === 0)!;
    expect(screen.getByRole("img", { name: new RegExp(`^Broker ${p.leader}, leader, in ISR`) })).toBeInTheDocument();
    expect(screen.getByText("epoch 0")).toBeInTheDocument();
  });

  it("the ZooKeeper lens shows the znode tree and each session's time to expiry", () => {
    render(<ZooKeeperLens />);
    const tree = screen.getByLabelText("Znode tree");
    expect(within(tree).getByText("controller")).toBeInTheDocument();
    expect(within(tree).getByText("controller_epoch")).toBeInTheDocument();
    expect(within(tree).getAllByText("ephemeral").length).toBeGreaterThanOrEqual(4);
    const sessions = useSim.getState().snapshot.zookeeper.sessions;
    expect(screen.getAllByRole("meter")).toHaveLength(sessions.length);
  });
});

describe("main view routing", () => {
  it("opens the lens the URL hash names, with its tab selected", async () => {
    window.location.hash = "#/groups";
    render(<MainView />);
    expect(screen.getByRole("tab", { name: "Consumer groups" })).toHaveAttribute("aria-selected", "true");
    // Lenses are loaded lazily (their own chunk).
    expect(await screen.findByRole("heading", { name: "Consumer groups", level: 2 })).toBeInTheDocument();
    act(() => {
      window.location.hash = "#/zookeeper";
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
    expect(screen.getByRole("tab", { name: "ZooKeeper" })).toHaveAttribute("aria-selected", "true");
    expect(screen.getAllByRole("tab")).toHaveLength(9);
    window.location.hash = "";
  });
});
