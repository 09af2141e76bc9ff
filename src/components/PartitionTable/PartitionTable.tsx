import { memo, useRef } from "react";
import type { PartitionView } from "../../sim";
import { useOnScreen, useSimWhenSeen } from "../../store/offscreen";
import { useSim } from "../../store/simStore";

export function partitionState(p: PartitionView): "Online" | "Offline" | "Under-replicated" {
  if (p.offline) return "Offline";
  return p.underReplicated ? "Under-replicated" : "Online";
}

const list = (ids: readonly number[]) => (ids.length === 0 ? "none" : ids.join(", "));

/** Every partition as ZooKeeper records it: leader, leader epoch, ISR, assigned replicas. */
export function PartitionTable() {
  const panelRef = useRef<HTMLElement>(null);
  // Held while the run plays off screen, like the event log (store/offscreen.ts).
  const partitions = useSimWhenSeen(useOnScreen(panelRef), (s) => s.snapshot.partitions);
  return (
    <section ref={panelRef} className="panel partition-table" aria-labelledby="partitions-heading">
      <h2 id="partitions-heading">Partitions</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Partition</th>
              <th scope="col">Leader</th>
              <th scope="col">Leader epoch</th>
              <th scope="col">ISR</th>
              <th scope="col">Replicas</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {partitions.map((p) => (
              <PartitionRow key={`${p.topic}-${p.partition}`} p={p} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/* A partition keeps its identity between snapshots until it changes (shareEqual): one ISR change redraws one row. */
const PartitionRow = memo(function PartitionRow({ p }: { p: PartitionView }) {
  const state = partitionState(p);
  return (
    <tr className={`state-${state.toLowerCase()}`}>
      <th scope="row">
        <button
          type="button"
          className="link-button"
          title="Inspect this partition"
          onClick={() => useSim.getState().select({ kind: "partition", topic: p.topic, partition: p.partition })}
        >
          {`${p.topic}-${p.partition}`}
        </button>
      </th>
      <td>{p.leader < 0 ? "none" : p.leader}</td>
      <td>{p.leaderEpoch}</td>
      <td>{list(p.isr)}</td>
      <td>{list(p.replicas)}</td>
      <td>
        <span className="state-badge">{state}</span>
      </td>
    </tr>
  );
});
