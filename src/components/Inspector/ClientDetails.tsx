import { BROKER_DEFAULTS, CONSUMER_DEFAULTS, PRODUCER_DEFAULTS } from "../../sim";
import { navigate } from "../../store/route";
import { useSim } from "../../store/simStore";
import { partitionState } from "../PartitionTable/PartitionTable";

const show = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));

/** Every setting with its value; a changed one says Kafka's default beside it. */
export function ConfigTable({
  caption,
  config,
  defaults,
}: {
  caption: string;
  config: Record<string, unknown>;
  defaults: Record<string, unknown>;
}) {
  return (
    <table className="compact config-table">
      <caption>{caption}</caption>
      <tbody>
        {Object.keys(defaults).map((key) => {
          const value = config[key] ?? defaults[key];
          const changed = show(value) !== show(defaults[key]);
          return (
            <tr key={key} className={changed ? "changed" : undefined}>
              <th scope="row">{key}</th>
              <td>
                {show(value)}
                {changed && <span className="default-note">{` (Kafka default ${show(defaults[key])})`}</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ProducerDetails({ id }: { id: string }) {
  const p = useSim((s) => s.snapshot.producers.find((x) => x.id === id));
  const apply = useSim((s) => s.applyAction);
  if (p === undefined) return <p>There is no producer {id}.</p>;
  return (
    <div className="details">
      <h3>Producer {p.id}</h3>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{p.up ? "up" : "down"}</dd>
        <dt>Topic</dt>
        <dd>{p.topic}</dd>
        <dt>Acked / failed / retries</dt>
        <dd>{`${p.acked} / ${p.failed} / ${p.retries}`}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => navigate({ view: "producer", id: p.id })}>
          Open producer lens
        </button>
        <button type="button" disabled={!p.up} onClick={() => apply({ type: "crashClient", node: p.id })}>
          Crash producer
        </button>
        <button type="button" disabled={p.up} onClick={() => apply({ type: "restartClient", node: p.id })}>
          Restart producer
        </button>
        <button type="button" onClick={() => apply({ type: "removeProducer", producer: p.id })}>
          Remove producer
        </button>
      </div>
      <ConfigTable caption="Producer configuration" config={p.config} defaults={PRODUCER_DEFAULTS} />
    </div>
  );
}

export function ConsumerDetails({ id }: { id: string }) {
  const c = useSim((s) => s.snapshot.consumers.find((x) => x.id === id));
  const apply = useSim((s) => s.applyAction);
  if (c === undefined) return <p>There is no consumer {id}.</p>;
  return (
    <div className="details">
      <h3>Consumer {c.id}</h3>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{c.up ? "up" : "down"}</dd>
        <dt>Group</dt>
        <dd>{c.group ? `${c.group.groupId}, generation ${c.group.generation}` : "standalone"}</dd>
        <dt>Partitions</dt>
        <dd>{c.positions.map((p) => `${c.topic}-${p.partition}`).join(", ") || "none"}</dd>
        <dt>Read</dt>
        <dd>{`${c.consumed} (${c.duplicates} duplicates)`}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => navigate({ view: "consumer", id: c.id })}>
          Open consumer lens
        </button>
        <button type="button" disabled={!c.up} onClick={() => apply({ type: "crashClient", node: c.id })}>
          Crash consumer
        </button>
        <button type="button" disabled={c.up} onClick={() => apply({ type: "restartClient", node: c.id })}>
          Restart consumer
        </button>
        <button type="button" onClick={() => apply({ type: "removeConsumer", consumer: c.id })}>
          Remove consumer
        </button>
      </div>
      <ConfigTable caption="Consumer configuration" config={c.config} defaults={CONSUMER_DEFAULTS} />
    </div>
  );
}

export function GroupDetails({ id }: { id: string }) {
  const g = useSim((s) => s.snapshot.groups.find((x) => x.groupId === id));
  const broker = useSim((s) => s.config.broker);
  if (g === undefined) return <p>Group {id} has no coordinator yet.</p>;
  return (
    <div className="details">
      <h3>Group {g.groupId}</h3>
      <dl className="facts">
        <dt>State</dt>
        <dd>{g.state}</dd>
        <dt>Generation</dt>
        <dd>{g.generation}</dd>
        <dt>Coordinator</dt>
        <dd>{`broker ${g.coordinator}`}</dd>
        <dt>Members</dt>
        <dd>{g.members.map((m) => m.client).join(", ") || "none"}</dd>
        <dt>Total lag</dt>
        <dd>{g.offsets.reduce((n, o) => n + o.lag, 0)}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => navigate({ view: "groups" })}>
          Open consumer groups lens
        </button>
      </div>
      <ConfigTable
        caption="Group settings (broker)"
        config={{
          "offsets.topic.num.partitions": broker["offsets.topic.num.partitions"],
          "group.initial.rebalance.delay.ms": broker["group.initial.rebalance.delay.ms"],
        }}
        defaults={{
          "offsets.topic.num.partitions": BROKER_DEFAULTS["offsets.topic.num.partitions"],
          "group.initial.rebalance.delay.ms": BROKER_DEFAULTS["group.initial.rebalance.delay.ms"],
        }}
      />
    </div>
  );
}

export function PartitionDetails({ topic, partition }: { topic: string; partition: number }) {
  const p = useSim((s) => s.snapshot.partitions.find((x) => x.topic === topic && x.partition === partition));
  const config = useSim((s) => s.config);
  if (p === undefined) return <p>There is no partition {`${topic}-${partition}`}.</p>;
  const spec = config.topics.find((t) => t.name === topic);
  const topicConfig: Record<string, unknown> = {};
  const defaults: Record<string, unknown> = {};
  for (const key of ["min.insync.replicas", "unclean.leader.election.enable", "retention.ms"] as const) {
    topicConfig[key] = spec?.config?.[key] ?? config.broker[key];
    defaults[key] = BROKER_DEFAULTS[key];
  }
  return (
    <div className="details">
      <h3>{`Partition ${topic}-${partition}`}</h3>
      <dl className="facts">
        <dt>State</dt>
        <dd>{partitionState(p)}</dd>
        <dt>Leader</dt>
        <dd>{p.leader < 0 ? "none" : `broker ${p.leader}, epoch ${p.leaderEpoch}`}</dd>
        <dt>ISR</dt>
        <dd>{p.isr.join(", ") || "none"}</dd>
        <dt>Replicas</dt>
        <dd>{p.replicas.join(", ")}</dd>
      </dl>
      <div className="actions">
        <button type="button" onClick={() => navigate({ view: "replication", partition: `${topic}-${partition}` })}>
          Open replication lens
        </button>
      </div>
      <ConfigTable caption="Topic configuration" config={topicConfig} defaults={defaults} />
    </div>
  );
}
