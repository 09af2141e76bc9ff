import { z } from "zod";
import { BROKER_DEFAULTS, type BrokerConfig } from "../config";
import { conditionSchema } from "./conditions";

/**
 * The scenario format: plain data that users can write by hand. The schema
 * bounds every number, so a hostile or mistaken file is rejected with a
 * message instead of freezing the browser.
 */
const name = z
  .string()
  .min(1)
  .max(249)
  .regex(/^[a-zA-Z0-9._-]+$/, "may contain only letters, digits, '.', '_' and '-' (Kafka's legal topic characters)");
const brokerId = z.number().int().min(1).max(64);
const nodeId = z.string().regex(/^(broker|zk|producer|consumer)-[0-9]+$/, "must look like broker-1 or zk-2");

const topicConfig = z
  .object({
    "min.insync.replicas": z.number().int().min(1).max(64),
    "unclean.leader.election.enable": z.boolean(),
    "retention.ms": z.number().int().min(-1),
    "retention.bytes": z.number().int().min(-1),
    "segment.ms": z.number().int().min(1),
    "segment.records": z.number().int().min(1).max(1_000_000),
  })
  .partial()
  .strict();

export const topicSchema = z
  .object({
    name,
    partitions: z.number().int().min(1).max(1000),
    replicationFactor: z.number().int().min(1).max(64),
    config: topicConfig.optional(),
  })
  .strict();

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Settings where Kafka accepts -1 ("no limit"). */
const UNLIMITED_ALLOWED = new Set(["retention.ms", "retention.bytes"]);

const brokerConfigShape = Object.fromEntries(
  Object.entries(BROKER_DEFAULTS).map(([key, value]) => [
    key,
    typeof value === "boolean"
      ? z.boolean()
      : z
          .number()
          .int()
          .min(UNLIMITED_ALLOWED.has(key) ? -1 : key.endsWith(".ms") || key.endsWith(".seconds") ? 1 : 0)
          .max(key === "offsets.topic.num.partitions" ? 1000 : YEAR_MS),
  ]),
) as unknown as { [K in keyof BrokerConfig]: z.ZodType<BrokerConfig[K]> };

const clientId = (kind: "producer" | "consumer") =>
  z.string().regex(new RegExp(`^${kind}-[0-9]{1,4}$`), `must look like ${kind}-1`);
const timeoutMs = z.number().int().min(1).max(YEAR_MS);

export const producerSchema = z
  .object({
    id: clientId("producer"),
    topic: name,
    rate: z.number().min(0).max(100_000),
    keys: z.array(z.string().max(200)).max(1000).optional(),
    keyPattern: z.string().max(200).optional(),
    partition: z.number().int().min(0).max(999).optional(),
    count: z.number().int().min(0).max(100_000_000).optional(),
    bootstrap: z.array(brokerId).max(64).optional(),
    config: z
      .object({
        acks: z.enum(["all", "1", "0"]),
        "linger.ms": z.number().int().min(0).max(YEAR_MS),
        "batch.size": z
          .number()
          .int()
          .min(1)
          .max(1 << 30),
        retries: z.number().int().min(0).max(2147483647),
        "retry.backoff.ms": timeoutMs,
        "delivery.timeout.ms": timeoutMs,
        "request.timeout.ms": timeoutMs,
        "enable.idempotence": z.boolean(),
        "max.in.flight.requests.per.connection": z.number().int().min(1).max(100),
        "metadata.max.age.ms": timeoutMs,
        partitioner: z.enum(["sticky", "round-robin"]),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export const consumerSchema = z
  .object({
    id: clientId("consumer"),
    topic: name,
    groupId: z.string().min(1).max(249).optional(),
    partitions: z.array(z.number().int().min(0).max(999)).max(1000).optional(),
    bootstrap: z.array(brokerId).max(64).optional(),
    config: z
      .object({
        "auto.offset.reset": z.enum(["latest", "earliest"]),
        "enable.auto.commit": z.boolean(),
        "auto.commit.interval.ms": timeoutMs,
        "max.poll.records": z.number().int().min(1).max(100_000),
        "fetch.max.wait.ms": z.number().int().min(0).max(YEAR_MS),
        "request.timeout.ms": timeoutMs,
        "retry.backoff.ms": timeoutMs,
        "metadata.max.age.ms": timeoutMs,
        "session.timeout.ms": timeoutMs,
        "heartbeat.interval.ms": timeoutMs,
        "max.poll.interval.ms": timeoutMs,
        "partition.assignment.strategy": z
          .array(z.enum(["range", "roundrobin", "sticky", "cooperative-sticky"]))
          .min(1)
          .max(4),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

export const clusterSchema = z
  .object({
    brokers: z.number().int().min(1).max(64).optional(),
    zookeeperServers: z.union([z.literal(1), z.literal(3), z.literal(5)]).optional(),
    network: z
      .object({
        latencyMs: z.number().int().min(0).max(10_000),
        jitterMs: z.number().int().min(0).max(10_000),
        lossProbability: z.number().min(0).max(1),
      })
      .partial()
      .strict()
      .optional(),
    broker: z.object(brokerConfigShape).partial().strict().optional(),
    topics: z.array(topicSchema).max(100).optional(),
    producers: z.array(producerSchema).max(50).optional(),
    consumers: z.array(consumerSchema).max(100).optional(),
  })
  .strict();

export const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("crashBroker"), broker: brokerId }).strict(),
  z.object({ type: z.literal("startBroker"), broker: brokerId }).strict(),
  z.object({ type: z.literal("controlledShutdown"), broker: brokerId }).strict(),
  z.object({ type: z.literal("killZookeeper"), server: z.number().int().min(1).max(5) }).strict(),
  z.object({ type: z.literal("startZookeeper"), server: z.number().int().min(1).max(5) }).strict(),
  z.object({ type: z.literal("expireSession"), broker: brokerId }).strict(),
  z.object({ type: z.literal("isolate"), node: nodeId, from: z.enum(["zookeeper", "brokers", "everyone"]) }).strict(),
  z.object({ type: z.literal("partitionNetwork"), a: z.array(nodeId).max(100), b: z.array(nodeId).max(100) }).strict(),
  z.object({ type: z.literal("heal") }).strict(),
  z
    .object({ type: z.literal("slowLink"), from: nodeId, to: nodeId, extraMs: z.number().int().min(0).max(600_000) })
    .strict(),
  z.object({ type: z.literal("slowNode"), node: nodeId, extraMs: z.number().int().min(0).max(600_000) }).strict(),
  z.object({ type: z.literal("createTopic"), topic: topicSchema }).strict(),
  z.object({ type: z.literal("addProducer"), producer: producerSchema }).strict(),
  z.object({ type: z.literal("removeProducer"), producer: clientId("producer") }).strict(),
  z
    .object({
      type: z.literal("setProducerConfig"),
      producer: clientId("producer"),
      config: z
        .object({ acks: z.enum(["all", "1", "0"]), partitioner: z.enum(["sticky", "round-robin"]) })
        .partial()
        .strict(),
    })
    .strict(),
  z.object({ type: z.literal("addConsumer"), consumer: consumerSchema }).strict(),
  z.object({ type: z.literal("removeConsumer"), consumer: clientId("consumer") }).strict(),
  z
    .object({
      type: z.literal("stallConsumer"),
      consumer: clientId("consumer"),
      ms: z.number().int().min(1).max(3_600_000),
    })
    .strict(),
  z
    .object({
      type: z.literal("moveConsumer"),
      consumer: clientId("consumer"),
      groupId: z.string().regex(/^[^\s]{1,249}$/),
    })
    .strict(),
  z.object({ type: z.literal("crashClient"), node: z.string().regex(/^(producer|consumer)-[0-9]{1,4}$/) }).strict(),
  z.object({ type: z.literal("restartClient"), node: z.string().regex(/^(producer|consumer)-[0-9]{1,4}$/) }).strict(),
]);

const time = z
  .number()
  .int()
  .min(0)
  .max(24 * 3600 * 1000);

export const tourStepSchema = z
  .object({
    title: z.string().min(1).max(200),
    narration: z.string().max(4000),
    highlight: z.array(z.string().max(100)).max(20).default([]),
    actions: z.array(actionSchema).max(20).default([]),
    until: conditionSchema.optional(),
    timeoutMs: z.number().int().min(0).max(3_600_000).default(60_000),
    checkpoints: z
      .array(z.object({ description: z.string().max(400).optional(), condition: conditionSchema }).strict())
      .max(20)
      .default([]),
  })
  .strict();

export const scenarioSchema = z
  .object({
    id: name,
    title: z.string().min(1).max(200),
    description: z.string().max(4000).default(""),
    seed: z.number().int().min(0).max(0xffffffff),
    cluster: clusterSchema,
    actions: z
      .array(z.object({ at: time, afterEvent: z.number().int().min(0).optional(), action: actionSchema }).strict())
      .max(10_000)
      .default([]),
    tour: z.array(tourStepSchema).max(50).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const brokers = s.cluster.brokers ?? 3;
    const topics = s.cluster.topics ?? [];
    const partitions = topics.reduce((n, t) => n + t.partitions, 0);
    const replicas = topics.reduce((n, t) => n + t.partitions * t.replicationFactor, 0);
    // Bounds for a browser tab: the views draw every replica.
    if (partitions > 1000 || replicas > 3000) {
      ctx.addIssue({
        code: "custom",
        path: ["cluster", "topics"],
        message: `too large to simulate in a browser: ${partitions} partitions and ${replicas} replicas (at most 1000 and 3000)`,
      });
    }
    for (const [i, t] of (s.cluster.topics ?? []).entries()) {
      if (t.replicationFactor > brokers) {
        ctx.addIssue({
          code: "custom",
          path: ["cluster", "topics", i, "replicationFactor"],
          message: `INVALID_REPLICATION_FACTOR: replication factor ${t.replicationFactor} is larger than the ${brokers} available brokers`,
        });
      }
    }
  });

export type Scenario = z.infer<typeof scenarioSchema>;

/** Parse untrusted scenario data; the error names the first problem and where it is. */
export function parseScenario(data: unknown): { ok: true; scenario: Scenario } | { ok: false; error: string } {
  const result = scenarioSchema.safeParse(data);
  if (result.success) return { ok: true, scenario: result.data };
  const issue = result.error.issues[0];
  const where = issue.path.length > 0 ? issue.path.join(".") : "scenario";
  return { ok: false, error: `${where}: ${issue.message}` };
}
