// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import { useSim } from "../../store/simStore";
import { PartitionTable } from "./PartitionTable";

function cells(name: string) {
  const row = screen.getByRole("row", { name: new RegExp(`^${name} `) });
  return within(row)
    .getAllByRole("cell")
    .map((c) => c.textContent);
}

describe("PartitionTable", () => {
  beforeEach(() => {
    useSim.getState().reset(42);
    act(() => useSim.getState().advance(5000));
  });

  it("shows each partition's leader, epoch, ISR and replicas as ZooKeeper has them", () => {
    render(<PartitionTable />);
    for (const p of useSim.getState().snapshot.partitions) {
      expect(cells(`${p.topic}-${p.partition}`)).toEqual([
        String(p.leader),
        String(p.leaderEpoch),
        p.isr.join(", "),
        p.replicas.join(", "),
        "Online",
      ]);
    }
  });

  it("moves leadership and shrinks the ISR after the leader crashes and its session expires", () => {
    render(<PartitionTable />);
    const before = useSim.getState().snapshot.partitions.find((p) => p.partition === 0)!;
    act(() => useSim.getState().applyAction({ type: "crashBroker", broker: before.leader }));
    act(() => useSim.getState().advance(10_000));

    const [leader, epoch, isr, , state] = cells("orders-0");
    expect(leader).not.toBe(String(before.leader));
    expect(Number(epoch)).toBeGreaterThan(before.leaderEpoch);
    expect(isr?.split(", ")).not.toContain(String(before.leader));
    expect(state).toBe("Under-replicated");
  });
});
