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

const brokerConfigShape = Object.fromEntries(
  Object.entries(BROKER_DEFAULTS).map(([key, value]) => [
    key,
    typeof value === "boolean"
      ? z.boolean()
      : z
          .number()
          .int()
          .min(-1)
          .max(7 * 24 * 3600 * 1000 * 52),
  ]),
) as unknown as { [K in keyof BrokerConfig]: z.ZodType<BrokerConfig[K]> };

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
  z.object({ type: z.literal("createTopic"), topic: topicSchema }).strict(),
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
