// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { useSim } from "../../store/simStore";
import { Inspector } from "../Inspector/Inspector";
import { findDiagram, serializeDiagram } from "../RunBar/exportDiagram";
import { ClusterView } from "./ClusterView";

describe("ClusterView", () => {
  beforeEach(() => {
    useSim.getState().reset(42);
    act(() => useSim.getState().advance(5000));
  });

  it("labels the controller broker and how many partitions each broker leads", () => {
    render(<ClusterView />);
    const { snapshot } = useSim.getState();
    const controller = snapshot.controller!.broker;
    expect(screen.getByRole("button", { name: new RegExp(`^Broker ${controller}, controller, `) })).toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: /controller/ })).toHaveLength(1);

    for (const b of snapshot.brokers) {
      const leads = snapshot.partitions.filter((p) => p.leader === b.id).length;
      const name = new RegExp(`^Broker ${b.id}, .*leader of ${leads} partitions?, running$`);
      expect(screen.getByRole("button", { name })).toBeInTheDocument();
    }
  });

  it("shows every replica of a broker with its role letter", () => {
    render(<ClusterView />);
    const { snapshot } = useSim.getState();
    const leaderOf0 = snapshot.partitions.find((p) => p.partition === 0)!.leader;
    const card = screen.getByRole("button", { name: new RegExp(`^Broker ${leaderOf0},`) });
    expect(within(card).getByText("orders-0")).toBeInTheDocument();
    expect(within(card).getAllByText("L").length).toBeGreaterThanOrEqual(1);
    const broker = snapshot.brokers.find((b) => b.id === leaderOf0)!;
    for (const r of broker.replicas)
      expect(within(card).getAllByText(`LEO ${r.logEndOffset} · HW ${r.highWatermark}`).length).toBeGreaterThan(0);
  });

  it("keeps brokers in id order and draws ZooKeeper with its quorum", () => {
    render(<ClusterView />);
    const names = screen
      .getAllByRole("button", { name: /^Broker \d/ })
      .map((b) => b.getAttribute("aria-label")?.slice(0, 8));
    expect(names).toEqual(["Broker 1", "Broker 2", "Broker 3"]);
    expect(screen.getByRole("button", { name: "ZooKeeper server 1, up" })).toBeInTheDocument();
    expect(screen.getByText(/quorum \(1 of 1 up\)/)).toBeInTheDocument();
  });

  it("crashing a broker from the inspector changes its status", async () => {
    const user = userEvent.setup();
    render(
      <>
        <ClusterView />
        <Inspector />
      </>,
    );
    await user.click(screen.getByRole("button", { name: /^Broker 2,/ }));
    expect(screen.getByRole("heading", { name: /^Broker 2\b/, level: 3 })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Restart broker" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "Crash broker" }));

    expect(screen.getByRole("button", { name: /^Broker 2, .*crashed$/ })).toBeInTheDocument();
    expect(screen.getByTestId("inspector-status")).toHaveTextContent("crashed");
    expect(screen.getByRole("button", { name: "Crash broker" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Restart broker" })).toBeEnabled();
  });

  it("selects a broker from the keyboard", async () => {
    const user = userEvent.setup();
    render(<ClusterView />);
    screen.getByRole("button", { name: /^Broker 3,/ }).focus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("button", { name: /^Broker 3,/ })).toHaveAttribute("aria-pressed", "true");
  });

  it("marks a broker cut off from ZooKeeper", () => {
    render(<ClusterView />);
    act(() => useSim.getState().applyAction({ type: "isolate", node: "broker-1", from: "zookeeper" }));
    expect(screen.getByRole("button", { name: /^Broker 1, .*running, cut off from ZooKeeper$/ })).toBeInTheDocument();
  });

  it("lets the reader hide a kind of message", async () => {
    const user = userEvent.setup();
    render(<ClusterView />);
    const zk = screen.getByRole("checkbox", { name: /ZooKeeper/ });
    expect(zk).toBeChecked();
    await user.click(zk);
    expect(zk).not.toBeChecked();
    await user.click(zk);
  });

  it("draws the producer on the left and the consumers of group billing on the right", () => {
    act(() => useSim.getState().advance(5000));
    render(<ClusterView />);
    const producer = screen.getByRole("button", { name: /^Producer producer-1, up, acks=all, \d+ acked/ });
    const consumer = screen.getByRole("button", {
      name: /^Consumer consumer-1, group billing, generation \d+, assigned orders-/,
    });
    const broker = screen.getByRole("button", { name: /^Broker 1,/ });
    const x = (el: Element) => Number(el.querySelector("rect")?.getAttribute("x"));
    expect(x(producer)).toBeLessThan(x(broker));
    expect(x(consumer)).toBeGreaterThan(x(broker));
    expect(screen.getByRole("button", { name: /^Consumer group billing, Stable, generation/ })).toBeInTheDocument();
  });

  it("keeps existing clients in place when a consumer joins another group", () => {
    render(<ClusterView />);
    const where = () =>
      screen.getAllByRole("button", { name: /^(Consumer|Producer) (consumer|producer)-[12],/ }).map((el) => {
        const r = el.querySelector("rect")!;
        return `${r.getAttribute("x")},${r.getAttribute("y")}`;
      });
    const before = where();
    act(() =>
      useSim.getState().applyAction({
        type: "addConsumer",
        consumer: { id: "consumer-3", topic: "orders", groupId: "zz-audit" },
      }),
    );
    act(() => useSim.getState().advance(100));
    expect(screen.getByRole("button", { name: /^Consumer consumer-3, group zz-audit/ })).toBeInTheDocument();
    expect(where()).toEqual(before);
  });

  it("exports the whole drawing as one SVG file: ZooKeeper, every broker card and the clients", () => {
    render(<ClusterView />);
    const diagram = findDiagram();
    expect(diagram).not.toBeNull();
    const { text } = serializeDiagram(diagram as SVGSVGElement);
    for (const b of useSim.getState().snapshot.brokers) expect(text).toContain(`aria-label="Broker ${b.id},`);
    expect(text).toContain('aria-label="ZooKeeper server 1,');
    expect(text).toContain('aria-label="Producer producer-1,');
    // One file, one drawing: the layers' contents are merged into the outer <svg>.
    expect(text.match(/<svg\b/g)).toHaveLength(1);
  });
});
