import { useState } from "react";
import { useShallow } from "zustand/react/shallow";
import { PRODUCER_DEFAULTS, type ProducerConfig, partitionForKey } from "../../sim";
import { navigate } from "../../store/route";
import { useSim } from "../../store/simStore";
import { Lens, Picker } from "./common";

/** Java's signed 32-bit int as the unsigned value `& 0x7fffffff` keeps (Utils.toPositive). */
const toPositiveInt = (n: number) => n & 0x7fffffff;

/** The producer: which partition a key goes to and why, batches filling and sending, acks. */
export function ProducerLens({ id }: { id: string | null }) {
  const ids = useSim(useShallow((s) => s.snapshot.producers.map((p) => p.id)));
  const chosen = id ?? ids[0] ?? null;
  const p = useSim((s) => s.snapshot.producers.find((x) => x.id === chosen));
  const numPartitions = useSim(
    (s) =>
      s.snapshot.partitions.filter((x) => x.topic === s.snapshot.producers.find((y) => y.id === chosen)?.topic).length,
  );
  const apply = useSim((s) => s.applyAction);
  const [tryKey, setTryKey] = useState("user-7");
  const picker = (
    <Picker
      label="Producer"
      value={chosen}
      options={ids.map((x) => ({ value: x, label: x }))}
      onChange={(v) => navigate({ view: "producer", id: v })}
    />
  );
  if (p === undefined)
    return (
      <Lens
        id="producer-lens"
        title="Producer"
        intro="No producer in this run. Add one from the Faults menu."
        controls={picker}
      >
        {null}
      </Lens>
    );
  const last = p.lastKey;
  const set = (config: Partial<Pick<ProducerConfig, "acks" | "partitioner">>) =>
    apply({ type: "setProducerConfig", producer: p.id, config });
  const partitions = Array.from({ length: numPartitions }, (_, i) => i);
  const maxRecords = Math.max(1, ...p.batches.map((b) => b.records));
  return (
    <Lens
      id="producer-lens"
      title={`Producer ${p.id}`}
      controls={picker}
      intro="A keyed record goes to partition toPositive(murmur2(key)) % numPartitions, so one key always lands in one partition. Records wait in a batch per partition until linger.ms passes or the batch is full, then the batch is sent to that partition's leader."
    >
      <div className="lens-columns">
        <div>
          <h3>Last record</h3>
          {last === null ? (
            <p className="hint">No record sent yet.</p>
          ) : (
            <dl className="facts" aria-label="Last record">
              <dt>Key</dt>
              <dd data-testid="last-key">{last.key ?? "null"}</dd>
              <dt>murmur2(key)</dt>
              <dd>{last.hash ?? "—"}</dd>
              <dt>Partition</dt>
              <dd data-testid="last-partition">{last.partition}</dd>
              <dt>How</dt>
              <dd>{last.how}</dd>
            </dl>
          )}
          {last?.hash != null && (
            <output className="formula" aria-label="Partition formula for the last key">
              {`toPositive(${last.hash}) % ${numPartitions} = ${toPositiveInt(last.hash)} % ${numPartitions} = ${toPositiveInt(last.hash) % numPartitions}`}
            </output>
          )}
          <label className="field">
            Try a key <input value={tryKey} onChange={(e) => setTryKey(e.target.value)} className="key-input" />
          </label>
          <output className="formula" aria-label="Partition for the key you typed">
            {numPartitions > 0 ? `"${tryKey}" → partition ${partitionForKey(tryKey, numPartitions)}` : "no partitions"}
          </output>
        </div>
        <div>
          <h3>Delivery</h3>
          <dl className="facts">
            <dt>Sent</dt>
            <dd>{p.sent}</dd>
            <dt>Acked</dt>
            <dd data-testid="acked">{p.acked}</dd>
            <dt>Failed</dt>
            <dd>{p.failed}</dd>
            <dt>Retries</dt>
            <dd>{p.retries}</dd>
            <dt>Idempotent</dt>
            <dd>{p.idempotent ? `yes (producer id ${p.producerId})` : "no"}</dd>
          </dl>
          <label className="field">
            acks{" "}
            <select value={p.config.acks} onChange={(e) => set({ acks: e.target.value as ProducerConfig["acks"] })}>
              <option value="all">all (wait for the ISR)</option>
              <option value="1">1 (leader only)</option>
              <option value="0">0 (fire and forget)</option>
            </select>
          </label>
          <label className="field">
            partitioner{" "}
            <select
              value={p.config.partitioner}
              onChange={(e) => set({ partitioner: e.target.value as ProducerConfig["partitioner"] })}
            >
              <option value="sticky">sticky (Kafka default)</option>
              <option value="round-robin">round-robin</option>
            </select>
          </label>
          <p className="hint">{`Kafka default: acks=${PRODUCER_DEFAULTS.acks}, partitioner ${PRODUCER_DEFAULTS.partitioner} (for null keys only).`}</p>
        </div>
      </div>
      <p className="hint">
        {`With linger.ms ${p.config["linger.ms"]} a batch lives only a few milliseconds: pause and press Step (→) to catch one filling or in flight.`}
      </p>
      <table className="compact">
        <caption>Batches per partition (linger.ms {p.config["linger.ms"]})</caption>
        <thead>
          <tr>
            <th scope="col">Partition</th>
            <th scope="col">Leader (client's metadata)</th>
            <th scope="col">Batches</th>
            <th scope="col">Records waiting or in flight</th>
          </tr>
        </thead>
        <tbody>
          {partitions.map((n) => {
            const batches = p.batches.filter((b) => b.partition === n);
            const leader = p.metadata.find((m) => m.partition === n)?.leader ?? -1;
            return (
              <tr key={n}>
                <th scope="row">{`${p.topic}-${n}`}</th>
                <td>{leader < 0 ? "unknown" : `broker ${leader}`}</td>
                <td>
                  {batches.length === 0
                    ? "empty"
                    : batches
                        .map((b) =>
                          b.inFlightTo === null
                            ? `filling (${b.records})`
                            : `sent to broker ${b.inFlightTo}${b.attempts > 1 ? `, attempt ${b.attempts}` : ""}`,
                        )
                        .join("; ")}
                </td>
                <td>
                  <span className="bar" aria-hidden="true">
                    {batches.map((b) => (
                      <span
                        key={b.createdAt}
                        className={b.inFlightTo === null ? "bar-fill filling" : "bar-fill sending"}
                        style={{ width: `${(100 * b.records) / maxRecords}%` }}
                      />
                    ))}
                  </span>
                  {batches.reduce((n, b) => n + b.records, 0)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Lens>
  );
}
