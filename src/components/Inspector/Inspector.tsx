import { useSim } from "../../store/simStore";
import { brokerStatusText } from "../ClusterView/describe";
import { brokerActions } from "./brokerActions";
import { ConsumerDetails, GroupDetails, PartitionDetails, ProducerDetails } from "./ClientDetails";

/** Details and faults for the selected broker or ZooKeeper server. */
export function Inspector() {
  const selected = useSim((s) => s.selected);
  return (
    <section className="panel inspector" aria-labelledby="inspector-heading">
      <h2 id="inspector-heading">Inspector</h2>
      {selected === null && (
        <p className="hint">
          Select a broker, ZooKeeper server, producer, consumer or group to inspect it and inject faults.
        </p>
      )}
      {selected?.kind === "broker" && <BrokerDetails id={selected.id} />}
      {selected?.kind === "zookeeper" && <ZooKeeperDetails id={selected.id} />}
      {selected?.kind === "producer" && <ProducerDetails id={selected.id} />}
      {selected?.kind === "consumer" && <ConsumerDetails id={selected.id} />}
      {selected?.kind === "group" && <GroupDetails id={selected.id} />}
      {selected?.kind === "partition" && <PartitionDetails topic={selected.topic} partition={selected.partition} />}
    </section>
  );
}

function BrokerDetails({ id }: { id: number }) {
  const broker = useSim((s) => s.snapshot.brokers.find((b) => b.id === id));
  const anyCut = useSim((s) => s.snapshot.brokers.some((b) => b.cutOff !== "none"));
  const apply = useSim((s) => s.applyAction);
  if (broker === undefined) return <p>There is no broker {id}.</p>;
  return (
    <div className="details">
      <h3>
        Broker {broker.id}
        {broker.isController && <span className="badge">controller</span>}
      </h3>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="inspector-status">{brokerStatusText(broker)}</dd>
        <dt>ZooKeeper session</dt>
        <dd>{broker.zkSession > 0 ? broker.zkSession : "none"}</dd>
        <dt>Controller epoch seen</dt>
        <dd>{broker.controllerEpochSeen}</dd>
      </dl>
      <table className="replica-table">
        <caption className="visually-hidden">Replicas on broker {broker.id}</caption>
        <thead>
          <tr>
            <th scope="col">Replica</th>
            <th scope="col">Role</th>
            <th scope="col">In ISR</th>
            <th scope="col">LEO</th>
            <th scope="col">HW</th>
          </tr>
        </thead>
        <tbody>
          {broker.replicas.map((r) => (
            <tr key={`${r.topic}-${r.partition}`}>
              <th scope="row">{`${r.topic}-${r.partition}`}</th>
              <td>{r.role === "none" ? "—" : r.role}</td>
              <td>{r.inIsr ? "yes" : "no"}</td>
              <td>{r.logEndOffset}</td>
              <td>{r.highWatermark}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        {brokerActions(broker, anyCut).map((a) => (
          <button key={a.label} type="button" disabled={!a.enabled} onClick={() => apply(a.action)}>
            {a.label}
          </button>
        ))}
      </div>
    </div>
  );
}

function ZooKeeperDetails({ id }: { id: string }) {
  const server = useSim((s) => s.snapshot.zookeeper.servers.find((z) => z.id === id));
  const sessions = useSim((s) => s.snapshot.zookeeper.sessions.length);
  const apply = useSim((s) => s.applyAction);
  if (server === undefined) return <p>There is no ZooKeeper server {id}.</p>;
  const n = Number(id.replace(/^zk-/, ""));
  return (
    <div className="details">
      <h3>ZooKeeper server {n}</h3>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{server.up ? "up" : "down"}</dd>
        <dt>Open sessions (ensemble)</dt>
        <dd>{sessions}</dd>
      </dl>
      <div className="actions">
        <button type="button" disabled={!server.up} onClick={() => apply({ type: "killZookeeper", server: n })}>
          Kill ZooKeeper server {n}
        </button>
        <button type="button" disabled={server.up} onClick={() => apply({ type: "startZookeeper", server: n })}>
          Start ZooKeeper server {n}
        </button>
      </div>
    </div>
  );
}
