import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { useSim } from "../../store/simStore";
import { brokerActions } from "../Inspector/brokerActions";
import { ClientFaults } from "./ClientFaults";

/** Every fault for any broker or ZooKeeper server, without selecting it first. */
export function Faults() {
  const brokerIds = useSim(useShallow((s) => s.snapshot.brokers.map((b) => b.id)));
  const [target, setTarget] = useState<number>(brokerIds[0] ?? 1);
  const broker = useSim((s) => s.snapshot.brokers.find((b) => b.id === target));
  const anyCut = useSim((s) => s.snapshot.brokers.some((b) => b.cutOff !== "none"));
  const zk = useSim((s) => s.snapshot.zookeeper.servers);
  const apply = useSim((s) => s.applyAction);

  return (
    <details className="panel faults">
      <summary>Faults</summary>
      <label className="field">
        Broker{" "}
        <select value={target} onChange={(e) => setTarget(Number(e.target.value))}>
          {brokerIds.map((id) => (
            <option key={id} value={id}>
              Broker {id}
            </option>
          ))}
        </select>
      </label>
      <div className="actions">
        {broker !== undefined &&
          brokerActions(broker, anyCut).map((a) => (
            <button key={a.label} type="button" disabled={!a.enabled} onClick={() => apply(a.action)}>
              {a.namedLabel}
            </button>
          ))}
      </div>
      <div className="actions">
        {zk.map((server) => {
          const n = Number(server.id.replace(/^zk-/, ""));
          return server.up ? (
            <button key={server.id} type="button" onClick={() => apply({ type: "killZookeeper", server: n })}>
              Kill ZooKeeper server {n}
            </button>
          ) : (
            <button key={server.id} type="button" onClick={() => apply({ type: "startZookeeper", server: n })}>
              Start ZooKeeper server {n}
            </button>
          );
        })}
      </div>
      <ClientFaults />
    </details>
  );
}
