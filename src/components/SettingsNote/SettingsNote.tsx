import { useMemo } from "react";
import { changedSettings } from "../../sim";
import { useSim } from "../../store/simStore";

/** Friendlier names for the settings scenarios usually change. */
const NAMES: Record<string, string> = {
  "zookeeper.session.timeout.ms": "Session timeout",
  "replica.lag.time.max.ms": "Replica lag time",
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

export function SettingsNote() {
  const config = useSim((s) => s.config);
  const seed = useSim((s) => s.seed);
  const notes = useMemo(() => describeChangedSettings(changedSettings(config.broker)), [config]);
  const topics = config.topics
    .map((t) => `${t.name} (${t.partitions} partitions, RF ${t.replicationFactor})`)
    .join(", ");
  return (
    <p className="settings-note">
      {`${config.brokers} brokers, ${config.zookeeperServers} ZooKeeper server${config.zookeeperServers === 1 ? "" : "s"}, topic ${topics}, seed ${seed}. `}
      {notes.length > 0 && <span className="changed">{`${notes.join("; ")}.`}</span>}
    </p>
  );
}
