import { useShallow } from "zustand/react/shallow";
import { navigate } from "../../store/route";
import { useSim } from "../../store/simStore";
import { Lens, Picker } from "./common";

/** One consumer: its group membership, assignment, position and committed offset per partition, lag. */
export function ConsumerLens({ id }: { id: string | null }) {
  const ids = useSim(useShallow((s) => s.snapshot.consumers.map((c) => c.id)));
  const chosen = id ?? ids[0] ?? null;
  const c = useSim((s) => s.snapshot.consumers.find((x) => x.id === chosen));
  const groupView = useSim((s) => s.snapshot.groups.find((g) => g.groupId === c?.group?.groupId));
  const apply = useSim((s) => s.applyAction);
  const picker = (
    <Picker
      label="Consumer"
      value={chosen}
      options={ids.map((x) => ({ value: x, label: x }))}
      onChange={(v) => navigate({ view: "consumer", id: v })}
    />
  );
  if (c === undefined)
    return (
      <Lens id="consumer-lens" title="Consumer" intro="No consumer in this run." controls={picker}>
        {null}
      </Lens>
    );
  const g = c.group;
  const assignment = groupView?.members.find((m) => m.client === c.id)?.assignment ?? [];
  return (
    <Lens
      id="consumer-lens"
      title={`Consumer ${c.id}`}
      controls={picker}
      intro="A consumer in a group reads only the partitions the group assigned to it. Its position is the next offset it will fetch; the committed offset is where the group restarts if it leaves. Lag = high watermark − position."
    >
      <dl className="facts inline" aria-label="Membership">
        <dt>Status</dt>
        <dd>{c.up ? "up" : "down"}</dd>
        <dt>Group</dt>
        <dd>{g === null ? "none (standalone)" : g.groupId}</dd>
        <dt>Member id</dt>
        <dd>{g?.memberId || "—"}</dd>
        <dt>Generation</dt>
        <dd data-testid="generation">{g === null || g.generation < 0 ? "—" : g.generation}</dd>
        <dt>Phase</dt>
        <dd>{g?.phase ?? "—"}</dd>
        <dt>Protocol</dt>
        <dd>{g?.protocol ?? "—"}</dd>
        <dt>Coordinator</dt>
        <dd>{g === null || g.coordinator < 0 ? "—" : `broker ${g.coordinator}`}</dd>
        <dt>Assignment</dt>
        <dd>
          {assignment.length > 0
            ? assignment.join(", ")
            : c.positions.length > 0 && g === null
              ? "all partitions"
              : "none"}
        </dd>
        <dt>Read</dt>
        <dd>{`${c.consumed} records, ${c.duplicates} duplicates`}</dd>
      </dl>
      <table className="compact">
        <caption>Positions of {c.id}</caption>
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col">Position</th>
            <th scope="col">Committed</th>
            <th scope="col">High watermark</th>
            <th scope="col">Lag</th>
            <th scope="col">Fetching from</th>
          </tr>
        </thead>
        <tbody>
          {c.positions.map((p) => {
            const committed = g?.committed.find((x) => x.partition === p.partition)?.offset;
            const lag = p.offset === null ? null : Math.max(0, p.highWatermark - p.offset);
            return (
              <tr key={p.partition}>
                <th scope="row">{`${c.topic}-${p.partition}`}</th>
                <td>{p.offset ?? "none yet"}</td>
                <td>{committed ?? "—"}</td>
                <td>{p.highWatermark}</td>
                <td>{lag ?? "—"}</td>
                <td>{p.leader < 0 ? "unknown" : `broker ${p.leader}`}</td>
              </tr>
            );
          })}
          {c.positions.length === 0 && (
            <tr>
              <td colSpan={6}>No partitions yet{g !== null ? " (waiting for the group to assign some)" : ""}.</td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" disabled={!c.up} onClick={() => apply({ type: "crashClient", node: c.id })}>
          {`Crash ${c.id}`}
        </button>
        <button type="button" disabled={c.up} onClick={() => apply({ type: "restartClient", node: c.id })}>
          {`Restart ${c.id}`}
        </button>
        <button type="button" onClick={() => apply({ type: "removeConsumer", consumer: c.id })}>
          {`Remove ${c.id}`}
        </button>
      </div>
    </Lens>
  );
}
