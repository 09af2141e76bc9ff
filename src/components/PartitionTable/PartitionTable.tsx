import type { PartitionView } from "../../sim";
import { useSim } from "../../store/simStore";

export function partitionState(p: PartitionView): "Online" | "Offline" | "Under-replicated" {
  if (p.offline) return "Offline";
  return p.underReplicated ? "Under-replicated" : "Online";
}

const list = (ids: readonly number[]) => (ids.length === 0 ? "none" : ids.join(", "));

/** Every partition as ZooKeeper records it: leader, leader epoch, ISR, assigned replicas. */
export function PartitionTable() {
  const partitions = useSim((s) => s.snapshot.partitions);
  const select = useSim((s) => s.select);
  return (
    <section className="panel partition-table" aria-labelledby="partitions-heading">
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
            {partitions.map((p) => {
              const state = partitionState(p);
              return (
                <tr key={`${p.topic}-${p.partition}`} className={`state-${state.toLowerCase()}`}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      title="Inspect this partition"
                      onClick={() => select({ kind: "partition", topic: p.topic, partition: p.partition })}
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
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
