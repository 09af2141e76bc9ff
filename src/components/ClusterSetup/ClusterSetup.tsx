import { type FormEvent, useEffect, useState } from "react";
import { useSim } from "../../store/simStore";
import { parseSetup, type SetupValues, valuesFrom } from "./setupForm";

type Errors = Partial<Record<keyof SetupValues, string>>;

/** A form to start a new run on another cluster: checked first, nothing changes until it is valid. */
export function ClusterSetup() {
  const config = useSim((s) => s.config);
  const [values, setValues] = useState<SetupValues>(() => valuesFrom(config));
  const [errors, setErrors] = useState<Errors>({});
  // A run loaded from elsewhere (a shared link, a scenario) brings its own cluster: show that one.
  useEffect(() => setValues(valuesFrom(config)), [config]);
  const set = <K extends keyof SetupValues>(key: K, value: SetupValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const result = parseSetup(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    const { reset, seed } = useSim.getState();
    reset(seed, result.config);
  };

  const field = (key: keyof SetupValues, label: string, input: React.ReactNode) => (
    <div className="setup-field">
      <label htmlFor={`setup-${key}`}>{label}</label>
      {input}
      {errors[key] && (
        <p className="field-error" id={`setup-${key}-error`} role="alert">
          {errors[key]}
        </p>
      )}
    </div>
  );
  const num = (key: keyof SetupValues, min: number, max: number) => (
    <input
      id={`setup-${key}`}
      type="number"
      min={min}
      max={max}
      value={values[key] as string}
      aria-invalid={errors[key] ? true : undefined}
      aria-describedby={errors[key] ? `setup-${key}-error` : undefined}
      onChange={(e) => set(key, e.target.value)}
    />
  );

  return (
    <details className="panel setup">
      <summary>Cluster setup</summary>
      <form onSubmit={submit} noValidate aria-label="Cluster setup">
        {field("brokers", "Brokers (1–9)", num("brokers", 1, 9))}
        {field(
          "zookeeperServers",
          "ZooKeeper servers",
          <select
            id="setup-zookeeperServers"
            value={values.zookeeperServers}
            onChange={(e) => set("zookeeperServers", e.target.value)}
          >
            <option value="1">1</option>
            <option value="3">3</option>
            <option value="5">5</option>
          </select>,
        )}
        {field(
          "topic",
          "Topic name",
          <input
            id="setup-topic"
            value={values.topic}
            aria-invalid={errors.topic ? true : undefined}
            aria-describedby={errors.topic ? "setup-topic-error" : undefined}
            onChange={(e) => set("topic", e.target.value)}
          />,
        )}
        {field("partitions", "Partitions", num("partitions", 1, 12))}
        {field("replicationFactor", "Replication factor", num("replicationFactor", 1, 9))}
        {field("minInsyncReplicas", "min.insync.replicas", num("minInsyncReplicas", 1, 9))}
        {field("sessionTimeoutMs", "zookeeper.session.timeout.ms", num("sessionTimeoutMs", 1000, 60000))}
        <label className="field checkbox">
          <input type="checkbox" checked={values.unclean} onChange={(e) => set("unclean", e.target.checked)} />
          unclean.leader.election.enable
        </label>
        <div className="actions">
          <button type="submit" className="primary">
            Start new run
          </button>
        </div>
      </form>
    </details>
  );
}
