import { z } from "zod";
import type { ClusterConfigInput } from "../../sim";
import { DEFAULT_SCENARIO } from "../../store/scenario";

export interface SetupValues {
  brokers: string;
  zookeeperServers: string;
  topic: string;
  partitions: string;
  replicationFactor: string;
  minInsyncReplicas: string;
  unclean: boolean;
  sessionTimeoutMs: string;
}

const int = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

/** Kafka's rules for the form, with Kafka's error names where Kafka has one. */
export const setupSchema = z
  .object({
    brokers: int("Brokers", 1, 9),
    zookeeperServers: z.coerce
      .number()
      .refine((n) => n === 1 || n === 3 || n === 5, "ZooKeeper servers must be 1, 3 or 5"),
    // Kafka topic names: up to 249 of [a-zA-Z0-9._-] (Topic.validate).
    topic: z
      .string()
      .trim()
      .regex(/^[a-zA-Z0-9._-]{1,249}$/, "Topic name: 1–249 letters, digits, '.', '_' or '-'")
      .refine(
        (t) => t !== "." && t !== ".." && !t.startsWith("__"),
        "Topic name cannot be '.', '..' or start with '__'",
      ),
    partitions: int("Partitions", 1, 12),
    replicationFactor: int("Replication factor", 1, 9),
    minInsyncReplicas: int("min.insync.replicas", 1, 9),
    unclean: z.boolean(),
    sessionTimeoutMs: int("Session timeout (ms)", 1000, 60000),
  })
  .superRefine((v, ctx) => {
    if (v.replicationFactor > v.brokers)
      ctx.addIssue({
        code: "custom",
        path: ["replicationFactor"],
        message: `INVALID_REPLICATION_FACTOR: replication factor ${v.replicationFactor} is larger than the ${v.brokers} available broker${v.brokers === 1 ? "" : "s"}`,
      });
    if (v.minInsyncReplicas > v.replicationFactor)
      ctx.addIssue({
        code: "custom",
        path: ["minInsyncReplicas"],
        message: `min.insync.replicas ${v.minInsyncReplicas} is larger than the replication factor ${v.replicationFactor}: acks=all writes would always fail with NOT_ENOUGH_REPLICAS`,
      });
  });

export type SetupResult =
  | { ok: true; config: ClusterConfigInput }
  | { ok: false; errors: Partial<Record<keyof SetupValues, string>> };

/** Check the form; on success, the default scenario with the form's cluster and topic. */
export function parseSetup(values: SetupValues): SetupResult {
  const parsed = setupSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Partial<Record<keyof SetupValues, string>> = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof SetupValues;
      errors[key] ??= issue.message;
    }
    return { ok: false, errors };
  }
  const v = parsed.data;
  const offsetsRf = Math.min(3, v.brokers);
  return {
    ok: true,
    config: {
      ...DEFAULT_SCENARIO,
      brokers: v.brokers,
      zookeeperServers: v.zookeeperServers,
      topics: [
        {
          name: v.topic,
          partitions: v.partitions,
          replicationFactor: v.replicationFactor,
          config: { "min.insync.replicas": v.minInsyncReplicas, "unclean.leader.election.enable": v.unclean },
        },
      ],
      broker: {
        ...DEFAULT_SCENARIO.broker,
        "zookeeper.session.timeout.ms": v.sessionTimeoutMs,
        // A one- or two-broker cluster cannot hold three copies of __consumer_offsets.
        ...(offsetsRf < 3 ? { "offsets.topic.replication.factor": offsetsRf } : {}),
      },
      producers: (DEFAULT_SCENARIO.producers ?? []).map((p) => ({ ...p, topic: v.topic })),
      consumers: (DEFAULT_SCENARIO.consumers ?? []).map((c) => ({ ...c, topic: v.topic })),
    },
  };
}

export function valuesFrom(config: {
  brokers: number;
  zookeeperServers: number;
  topics: { name: string; partitions: number; replicationFactor: number; config?: Record<string, unknown> }[];
  broker: Record<string, unknown>;
}): SetupValues {
  const t = config.topics[0];
  return {
    brokers: String(config.brokers),
    zookeeperServers: String(config.zookeeperServers),
    topic: t?.name ?? "orders",
    partitions: String(t?.partitions ?? 3),
    replicationFactor: String(t?.replicationFactor ?? 3),
    minInsyncReplicas: String(t?.config?.["min.insync.replicas"] ?? config.broker["min.insync.replicas"] ?? 1),
    unclean: Boolean(t?.config?.["unclean.leader.election.enable"] ?? config.broker["unclean.leader.election.enable"]),
    sessionTimeoutMs: String(config.broker["zookeeper.session.timeout.ms"] ?? 18000),
  };
}
