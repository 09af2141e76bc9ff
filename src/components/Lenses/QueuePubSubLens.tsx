import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { useSim } from "../../store/simStore";
import { addConsumerAction, applyWith, nextGroupId } from "./clientActions";
import { Lens } from "./common";

interface GroupTally {
  groupId: string;
  consumers: { id: string; consumed: number; duplicates: number; partitions: number[]; up: boolean }[];
  received: number;
  duplicates: number;
}

/** One topic, read by one group of many consumers (a queue) and by many groups (pub-sub). */
export function QueuePubSubLens() {
  const consumers = useSim((s) => s.snapshot.consumers);
  const produced = useSim((s) => s.snapshot.producers.reduce((n, p) => n + p.acked, 0));
  const groupIds = useSim(
    useShallow((s) => [...new Set(s.snapshot.consumers.flatMap((c) => (c.group ? [c.group.groupId] : [])))].sort()),
  );
  const [moveWho, setMoveWho] = useState("");
  const [moveTo, setMoveTo] = useState("");
  const [addTo, setAddTo] = useState("");
  const apply = useSim((s) => s.applyAction);

  const tallies: GroupTally[] = groupIds.map((groupId) => {
    const members = consumers.filter((c) => c.group?.groupId === groupId);
    return {
      groupId,
      consumers: members.map((c) => ({
        id: c.id,
        consumed: c.consumed,
        duplicates: c.duplicates,
        partitions: c.positions.map((p) => p.partition),
        up: c.up,
      })),
      received: members.reduce((n, c) => n + c.consumed, 0),
      duplicates: members.reduce((n, c) => n + c.duplicates, 0),
    };
  });
  const addGroup = addTo || groupIds[0] || "billing";
  const who = moveWho || consumers[0]?.id || "";
  const target = moveTo || groupIds.find((g) => g !== consumers.find((c) => c.id === who)?.group?.groupId) || "";

  return (
    <Lens
      id="queue-lens"
      title="Queue vs pub-sub"
      intro={
        <>
          <strong>One group = queue:</strong> inside a group each partition goes to exactly one consumer, so each record
          is processed once by the group and the work is shared. <strong>Many groups = pub-sub:</strong> every group
          reads every record, independently, with its own offsets. Counts since each consumer last started.
        </>
      }
    >
      <p className="tally-total">{`Records produced (acked): ${produced}`}</p>
      <div className="group-tallies">
        {tallies.map((t) => (
          <section key={t.groupId} className="group-tally" aria-label={`Group ${t.groupId}`}>
            <h3>{`Group ${t.groupId}`}</h3>
            <p>
              {`${t.consumers.length} consumer${t.consumers.length === 1 ? "" : "s"} · received ${t.received} · duplicates ${t.duplicates}`}
            </p>
            <ul className="tally-list">
              {t.consumers.map((c) => (
                <li key={c.id}>
                  <span className="tally-name">{c.id}</span>
                  {c.up ? ` read ${c.consumed}` : " down"}
                  {c.duplicates > 0 ? ` (${c.duplicates} dup.)` : ""}
                  {` · partitions ${c.partitions.length > 0 ? c.partitions.join(", ") : "none"}`}
                </li>
              ))}
            </ul>
            <div className="tally-bar" aria-hidden="true">
              {t.consumers.map((c, i) => (
                <span
                  key={c.id}
                  className={`tally-seg seg-${i % 4}`}
                  style={{ flexGrow: Math.max(c.consumed, 0.0001) }}
                  title={`${c.id}: ${c.consumed}`}
                >
                  {c.consumed > 0 ? c.id.replace("consumer-", "c") : ""}
                </span>
              ))}
            </div>
          </section>
        ))}
        {tallies.length === 0 && <p className="hint">No consumer group yet.</p>}
      </div>
      <div className="lens-controls">
        <div className="actions">
          <label className="field">
            Group{" "}
            <select value={addGroup} onChange={(e) => setAddTo(e.target.value)}>
              {groupIds.map((g) => (
                <option key={g}>{g}</option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => applyWith((s) => addConsumerAction(addGroup, s))}>
            Add a consumer to this group
          </button>
          <button type="button" onClick={() => applyWith((s) => addConsumerAction(nextGroupId(s), s))}>
            Add a new group
          </button>
        </div>
        <div className="actions">
          <label className="field">
            Move{" "}
            <select value={who} onChange={(e) => setMoveWho(e.target.value)} aria-label="Consumer to move">
              {consumers.map((c) => (
                <option key={c.id}>{c.id}</option>
              ))}
            </select>
          </label>
          <label className="field">
            to group{" "}
            <input
              list="known-groups"
              value={target}
              onChange={(e) => setMoveTo(e.target.value)}
              aria-label="Group to move it to"
              className="group-input"
            />
            <datalist id="known-groups">
              {groupIds.map((g) => (
                <option key={g} value={g} />
              ))}
            </datalist>
          </label>
          <button
            type="button"
            disabled={who === "" || target.trim() === ""}
            onClick={() => apply({ type: "moveConsumer", consumer: who, groupId: target.trim() })}
          >
            Move consumer
          </button>
        </div>
      </div>
    </Lens>
  );
}
