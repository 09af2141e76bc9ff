import type { ConsumerView, GroupView } from "../../sim";
import { useNotable } from "../../store/notable";
import { useSim } from "../../store/simStore";
import { formatSimTime } from "../EventLog/describeEvent";
import { addConsumerAction, applyWith, nextGroupId } from "./clientActions";
import { Lens } from "./common";

/** What each group state means, for the badge's tooltip and the legend. */
export const GROUP_STATE_TEXT: Record<string, string> = {
  Empty: "no members; offsets are kept",
  PreparingRebalance: "rebalancing: waiting for members to (re)join",
  CompletingRebalance: "rebalancing: waiting for the leader's assignment",
  Stable: "every member has its partitions",
  Dead: "the group is gone (or moved to another coordinator)",
};

const REBALANCING = new Set(["PreparingRebalance", "CompletingRebalance"]);

export function GroupCard({ group, consumers }: { group: GroupView; consumers: readonly ConsumerView[] }) {
  const clients = consumers.filter((c) => c.group?.groupId === group.groupId);
  const rebalancing = REBALANCING.has(group.state);
  return (
    <section
      className={`group-card${rebalancing ? " rebalancing" : ""}`}
      aria-label={`Consumer group ${group.groupId}`}
    >
      <div className="group-card-head">
        <h3>{group.groupId}</h3>
        <span
          className={`state-badge group-state state-${group.state}`}
          title={GROUP_STATE_TEXT[group.state]}
          data-testid={`state-${group.groupId}`}
        >
          {rebalancing ? "⟳ " : group.state === "Stable" ? "✓ " : ""}
          {group.state}
        </span>
      </div>
      <dl className="facts inline">
        <dt>Generation</dt>
        <dd data-testid={`generation-${group.groupId}`}>{group.generation}</dd>
        <dt>Coordinator</dt>
        <dd>{`broker ${group.coordinator}`}</dd>
        <dt>Protocol</dt>
        <dd>{group.protocol ?? "—"}</dd>
        <dt>Leader</dt>
        <dd>{group.leader ?? "—"}</dd>
        <dt>Offsets in</dt>
        <dd>{`__consumer_offsets-${group.offsetsPartition}`}</dd>
      </dl>
      <p className="hint">{GROUP_STATE_TEXT[group.state]}</p>
      <table className="compact">
        <caption>{`Members of ${group.groupId}`}</caption>
        <thead>
          <tr>
            <th scope="col">Consumer</th>
            <th scope="col">Member id</th>
            <th scope="col">Assignment</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {group.members.map((m) => (
            <tr key={m.memberId}>
              <th scope="row">{m.client}</th>
              <td>{m.memberId}</td>
              <td>{m.assignment.length > 0 ? m.assignment.join(", ") : "none"}</td>
              <td className="row-actions">
                <ClientButtons id={m.client} up={clients.find((c) => c.id === m.client)?.up ?? true} />
              </td>
            </tr>
          ))}
          {clients
            .filter((c) => !group.members.some((m) => m.client === c.id))
            .map((c) => (
              <tr key={c.id} className="not-member">
                <th scope="row">{c.id}</th>
                <td>{c.up ? "joining…" : "down"}</td>
                <td>—</td>
                <td className="row-actions">
                  <ClientButtons id={c.id} up={c.up} />
                </td>
              </tr>
            ))}
        </tbody>
      </table>
      <table className="compact">
        <caption>{`Committed offsets and lag of ${group.groupId}`}</caption>
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col">Committed</th>
            <th scope="col">High watermark</th>
            <th scope="col">Lag</th>
          </tr>
        </thead>
        <tbody>
          {group.offsets.map((o) => (
            <tr key={`${o.topic}-${o.partition}`}>
              <th scope="row">{`${o.topic}-${o.partition}`}</th>
              <td>{o.committed}</td>
              <td>{o.highWatermark}</td>
              <td>{o.lag}</td>
            </tr>
          ))}
          {group.offsets.length === 0 && (
            <tr>
              <td colSpan={4}>Nothing committed yet.</td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => applyWith((s) => addConsumerAction(group.groupId, s))}>
          {`Add consumer to ${group.groupId}`}
        </button>
      </div>
    </section>
  );
}

function ClientButtons({ id, up }: { id: string; up: boolean }) {
  const apply = useSim((s) => s.applyAction);
  return (
    <>
      {up ? (
        <button type="button" onClick={() => apply({ type: "crashClient", node: id })}>{`Crash ${id}`}</button>
      ) : (
        <button type="button" onClick={() => apply({ type: "restartClient", node: id })}>{`Restart ${id}`}</button>
      )}
      <button type="button" onClick={() => apply({ type: "removeConsumer", consumer: id })}>{`Remove ${id}`}</button>
    </>
  );
}

/** Consumer groups as their coordinators see them, with the rebalance as it happens. */
export function GroupsLens() {
  const groups = useSim((s) => s.snapshot.groups);
  const consumers = useSim((s) => s.snapshot.consumers);
  const transitions = useNotable("group.state");
  return (
    <Lens
      id="groups-lens"
      title="Consumer groups"
      intro="Each group has a coordinator broker (the leader of the __consumer_offsets partition the group id hashes to). When a member joins, leaves or dies, the coordinator rebalances: PreparingRebalance (members rejoin) → CompletingRebalance (the leader assigns partitions) → Stable, with a new generation."
      controls={
        <button type="button" onClick={() => applyWith((s) => addConsumerAction(nextGroupId(s), s))}>
          Add a new group
        </button>
      }
    >
      <div className="group-cards">
        {groups.map((g) => (
          <GroupCard key={g.groupId} group={g} consumers={consumers} />
        ))}
        {groups.length === 0 && <p className="hint">No group has a coordinator yet. Play the run.</p>}
      </div>
      <h3>Recent state changes</h3>
      <ol className="mini-log" aria-label="Group state changes">
        {transitions
          .slice(-6)
          .reverse()
          .map((e) => (
            <li key={`${e.t}-${e.groupId}-${e.from}-${e.to}`}>
              <span className="event-time">{formatSimTime(e.t)}</span>
              {` ${e.groupId}: ${e.from} → ${e.to} (generation ${e.generation}, coordinator broker ${e.coordinator})`}
            </li>
          ))}
        {transitions.length === 0 && <li>None yet.</li>}
      </ol>
    </Lens>
  );
}
