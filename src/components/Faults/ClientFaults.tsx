import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import type { ProducerConfig } from "../../sim";
import { useSim } from "../../store/simStore";
import { addConsumerAction, addProducerAction, applyWith, nextGroupId } from "../Lenses/clientActions";

/** Client faults and changes: consumers (crash, restart, add, remove, move) and producers (add, acks, partitioner). */
export function ClientFaults() {
  const consumerIds = useSim(useShallow((s) => s.snapshot.consumers.map((c) => c.id)));
  const producerIds = useSim(useShallow((s) => s.snapshot.producers.map((p) => p.id)));
  const groupIds = useSim(
    useShallow((s) => [...new Set(s.snapshot.consumers.flatMap((c) => (c.group ? [c.group.groupId] : [])))].sort()),
  );
  const [consumerPick, setConsumer] = useState("");
  const [producerPick, setProducer] = useState("");
  const [groupPick, setGroup] = useState("");
  const consumer = consumerIds.includes(consumerPick) ? consumerPick : (consumerIds[0] ?? "");
  const producer = producerIds.includes(producerPick) ? producerPick : (producerIds[0] ?? "");
  const c = useSim((s) => s.snapshot.consumers.find((x) => x.id === consumer));
  const p = useSim((s) => s.snapshot.producers.find((x) => x.id === producer));
  const apply = useSim((s) => s.applyAction);
  const group = groupPick || groupIds.find((g) => g !== c?.group?.groupId) || "";

  return (
    <fieldset className="client-faults">
      <legend>Clients</legend>
      <div className="actions">
        <label className="field">
          Consumer{" "}
          <select value={consumer} onChange={(e) => setConsumer(e.target.value)}>
            {consumerIds.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!c?.up} onClick={() => apply({ type: "crashClient", node: consumer })}>
          {`Crash ${consumer || "consumer"}`}
        </button>
        <button
          type="button"
          disabled={c === undefined || c.up}
          onClick={() => apply({ type: "restartClient", node: consumer })}
        >
          {`Restart ${consumer || "consumer"}`}
        </button>
        <button type="button" disabled={c === undefined} onClick={() => apply({ type: "removeConsumer", consumer })}>
          {`Remove ${consumer || "consumer"}`}
        </button>
      </div>
      <div className="actions">
        <label className="field">
          Group{" "}
          <input
            list="fault-groups"
            value={group}
            onChange={(e) => setGroup(e.target.value)}
            className="group-input"
            aria-label="Group"
          />
          <datalist id="fault-groups">
            {groupIds.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </label>
        <button
          type="button"
          disabled={c === undefined || group.trim() === ""}
          onClick={() => apply({ type: "moveConsumer", consumer, groupId: group.trim() })}
        >
          {`Move ${consumer || "consumer"} to group`}
        </button>
        <button
          type="button"
          disabled={group.trim() === ""}
          onClick={() => applyWith((s) => addConsumerAction(group.trim(), s))}
        >
          Add consumer to group
        </button>
        <button type="button" onClick={() => applyWith((s) => addConsumerAction(nextGroupId(s), s))}>
          Add consumer in a new group
        </button>
      </div>
      <div className="actions">
        <label className="field">
          Producer{" "}
          <select value={producer} onChange={(e) => setProducer(e.target.value)}>
            {producerIds.map((id) => (
              <option key={id}>{id}</option>
            ))}
          </select>
        </label>
        <label className="field">
          acks{" "}
          <select
            value={p?.config.acks ?? "all"}
            disabled={p === undefined}
            onChange={(e) =>
              apply({ type: "setProducerConfig", producer, config: { acks: e.target.value as ProducerConfig["acks"] } })
            }
          >
            <option value="all">all</option>
            <option value="1">1</option>
            <option value="0">0</option>
          </select>
        </label>
        <label className="field">
          partitioner{" "}
          <select
            value={p?.config.partitioner ?? "sticky"}
            disabled={p === undefined}
            onChange={(e) =>
              apply({
                type: "setProducerConfig",
                producer,
                config: { partitioner: e.target.value as ProducerConfig["partitioner"] },
              })
            }
          >
            <option value="sticky">sticky</option>
            <option value="round-robin">round-robin</option>
          </select>
        </label>
        <button type="button" onClick={() => applyWith(addProducerAction)}>
          Add producer
        </button>
      </div>
    </fieldset>
  );
}
