import { useMemo } from "react";
import { BROKER_DEFAULTS, type ClusterConfig, CONSUMER_DEFAULTS, changedSettings } from "../../sim";
import { useSim } from "../../store/simStore";

/** Friendlier names for the settings scenarios usually change. */
const NAMES: Record<string, string> = {
  "zookeeper.session.timeout.ms": "Session timeout",
  "replica.lag.time.max.ms": "Replica lag time",
  "offsets.topic.num.partitions": "Offsets topic partitions",
  "group.initial.rebalance.delay.ms": "Initial rebalance delay",
};

/** Why a teaching cluster changes each setting. */
const WHY: Record<string, string> = {
  "zookeeper.session.timeout.ms": "so a dead broker is noticed in seconds",
  "replica.lag.time.max.ms": "so a stuck follower leaves the ISR sooner",
  "offsets.topic.num.partitions":
    "a teaching cluster uses 3 __consumer_offsets partitions instead of 50, so you can read them all (Kafka sizes it for many groups)",
  "group.initial.rebalance.delay.ms": "so the first rebalance is quick",
  "min.insync.replicas": "so acks=all needs 2 copies and survives one broker",
  "auto.offset.reset": "so new groups read from the start",
  "session.timeout.ms": "so a dead consumer leaves its group sooner",
};

function formatValue(name: string, value: number | boolean): string {
  if (typeof value === "boolean") return String(value);
  if (name.endsWith(".ms") && value % 1000 === 0) return `${value / 1000} s`;
  if (name.endsWith(".ms")) return `${value} ms`;
  return String(value);
}

/** "Session timeout shortened to 6 s (Kafka default 18 s)": one phrase per setting that differs from Kafka's default. */
export function describeChangedSettings(changes: ReturnType<typeof changedSettings>): string[] {
  return changes.map(({ name, value, kafkaDefault }) => {
    const label = NAMES[name] ?? name;
    const verb =
      typeof value === "number" && typeof kafkaDefault === "number"
        ? value < kafkaDefault
          ? "shortened to"
          : "raised to"
        : "set to";
    const shownVerb =
      typeof value === "number" && !name.endsWith(".ms") && verb === "shortened to" ? "lowered to" : verb;
    return `${label} ${shownVerb} ${formatValue(name, value)} (Kafka default ${formatValue(name, kafkaDefault)})`;
  });
}

/** Topic and client settings that differ from Kafka's defaults, in the same words. */
export function describeOtherSettings(config: ClusterConfig): string[] {
  const out: string[] = [];
  for (const t of config.topics) {
    for (const [name, value] of Object.entries(t.config ?? {})) {
      const kafkaDefault = (BROKER_DEFAULTS as Record<string, number | boolean>)[name];
      if (value === undefined || value === kafkaDefault || value === config.broker[name as keyof typeof config.broker])
        continue;
      out.push(`${t.name}: ${name} ${String(value)} (Kafka default ${String(kafkaDefault)})`);
    }
  }
  const changedConsumer = new Map<string, string>();
  for (const c of config.consumers)
    for (const [name, value] of Object.entries(c.config ?? {})) {
      const kafkaDefault = (CONSUMER_DEFAULTS as Record<string, unknown>)[name];
      if (String(value) === String(kafkaDefault)) continue;
      changedConsumer.set(
        name,
        `consumers: ${name} ${formatValue(name, value as number)} (Kafka default ${formatValue(name, kafkaDefault as number)})`,
      );
    }
  out.push(...changedConsumer.values());
  return out;
}

/** Each changed setting with the reason a teaching cluster changes it. */
export function settingReasons(config: ClusterConfig): { name: string; why: string }[] {
  const names = new Set<string>(changedSettings(config.broker).map((c) => c.name));
  for (const t of config.topics) for (const k of Object.keys(t.config ?? {})) names.add(k);
  for (const c of config.consumers) for (const k of Object.keys(c.config ?? {})) names.add(k);
  return [...names].filter((n) => WHY[n] !== undefined).map((name) => ({ name, why: WHY[name] }));
}

export function SettingsNote() {
  const config = useSim((s) => s.config);
  const seed = useSim((s) => s.seed);
  const notes = useMemo(
    () => [...describeChangedSettings(changedSettings(config.broker)), ...describeOtherSettings(config)],
    [config],
  );
  const reasons = useMemo(() => settingReasons(config), [config]);
  const topics = config.topics
    .map((t) => `${t.name} (${t.partitions} partitions, RF ${t.replicationFactor})`)
    .join(", ");
  return (
    <div className="settings-note">
      {`${config.brokers} brokers, ${config.zookeeperServers} ZooKeeper server${config.zookeeperServers === 1 ? "" : "s"}, topic ${topics}, seed ${seed}. `}
      {notes.length > 0 && <span className="changed">{`${notes.join("; ")}.`}</span>}
      {reasons.some((r) => r.name === "offsets.topic.num.partitions") && (
        <span className="teaching">
          {` A teaching cluster uses ${config.broker["offsets.topic.num.partitions"]} offsets partitions instead of ${BROKER_DEFAULTS["offsets.topic.num.partitions"]}.`}
        </span>
      )}{" "}
      {reasons.length > 0 && (
        <details className="why">
          <summary>Why these settings?</summary>
          <ul>
            {reasons.map((r) => (
              <li key={r.name}>
                <code>{r.name}</code>: {r.why}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
