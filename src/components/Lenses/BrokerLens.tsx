import { useShallow } from "zustand/react/shallow";
import { navigate } from "../../store/route";
import { useSim } from "../../store/simStore";
import { brokerStatusText } from "../ClusterView/describe";
import { brokerActions } from "../Inspector/brokerActions";
import { Lens, Picker, RecentRequests } from "./common";

/** One broker: what it hosts and leads, whether it is the controller, what it was asked lately. */
export function BrokerLens({ id }: { id: number | null }) {
  const ids = useSim(useShallow((s) => s.snapshot.brokers.map((b) => b.id)));
  const chosen = id ?? ids[0] ?? null;
  const broker = useSim((s) => s.snapshot.brokers.find((b) => b.id === chosen));
  const controller = useSim((s) => s.snapshot.controller);
  const anyCut = useSim((s) => s.snapshot.brokers.some((b) => b.cutOff !== "none"));
  const apply = useSim((s) => s.applyAction);
  const picker = (
    <Picker
      label="Broker"
      value={chosen}
      options={ids.map((b) => ({ value: b, label: `Broker ${b}` }))}
      onChange={(v) => navigate({ view: "broker", id: Number(v) })}
    />
  );
  if (broker === undefined)
    return (
      <Lens id="broker-lens" title="Broker" intro="There is no such broker." controls={picker}>
        {null}
      </Lens>
    );
  const leads = broker.replicas.filter((r) => r.role === "leader").length;
  return (
    <Lens
      id="broker-lens"
      title={`Broker ${broker.id}`}
      controls={picker}
      intro="A broker stores replicas of partitions. For each one it is the leader (it takes writes and serves reads) or a follower (it fetches from the leader). One broker is also the controller."
    >
      <dl className="facts inline">
        <dt>Status</dt>
        <dd>{brokerStatusText(broker)}</dd>
        <dt>Controller</dt>
        <dd>
          {broker.isController
            ? `yes, epoch ${controller?.epoch ?? "?"}`
            : `no (controller is broker ${controller?.broker ?? "none"})`}
        </dd>
        <dt>Leads</dt>
        <dd>{`${leads} of ${broker.replicas.length} replicas`}</dd>
        <dt>ZooKeeper session</dt>
        <dd>{broker.zkSession > 0 ? broker.zkSession : "none"}</dd>
      </dl>
      <div className="lens-columns">
        <table className="compact">
          <caption>Replicas on broker {broker.id}</caption>
          <thead>
            <tr>
              <th scope="col">Partition</th>
              <th scope="col">Role</th>
              <th scope="col">Leader epoch</th>
              <th scope="col">Log start</th>
              <th scope="col">LEO</th>
              <th scope="col">HW</th>
              <th scope="col">ISR</th>
            </tr>
          </thead>
          <tbody>
            {broker.replicas.map((r) => (
              <tr key={`${r.topic}-${r.partition}`} className={`role-${r.role}`}>
                <th scope="row">{`${r.topic}-${r.partition}`}</th>
                <td>{r.role === "none" ? "—" : r.role}</td>
                <td>{r.leaderEpoch < 0 ? "—" : r.leaderEpoch}</td>
                <td>{r.logStartOffset}</td>
                <td>{r.logEndOffset}</td>
                <td>{r.highWatermark}</td>
                <td>{r.inIsr ? "in ISR" : "out of ISR"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <RecentRequests node={broker.node} caption={`Recent requests broker ${broker.id} received`} />
      </div>
      <div className="actions">
        {brokerActions(broker, anyCut).map((a) => (
          <button key={a.label} type="button" disabled={!a.enabled} onClick={() => apply(a.action)}>
            {a.namedLabel}
          </button>
        ))}
      </div>
    </Lens>
  );
}
