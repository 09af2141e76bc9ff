import type { z } from "zod";
import { type Scenario, scenarioSchema } from "../schema";
import { allOnline, teaching } from "./common";

/**
 * The tutorial's first diagrams: the broker's commit log, consumers and
 * their offsets, partitions and ordering. Checked headless by library.test.ts.
 */

const RAW: z.input<typeof scenarioSchema>[] = [
  {
    id: "broker-commit-log",
    title: "The broker and its commit log",
    description:
      "One broker, one partition. Records are appended at the end of the log and get consecutive offsets; the log is split into segments, and retention deletes whole old segments, moving the log start offset.",
    seed: 3,
    cluster: {
      brokers: 1,
      broker: { ...teaching, "offsets.topic.replication.factor": 1, "log.retention.check.interval.ms": 5000 },
      topics: [
        {
          name: "events",
          partitions: 1,
          replicationFactor: 1,
          config: { "retention.ms": 10000, "segment.records": 20 },
        },
      ],
      producers: [{ id: "producer-1", topic: "events", rate: 5 }],
    },
    tour: [
      {
        title: "Append only",
        narration:
          "The producer's records are written at the end of events-0: offset 0, 1, 2, … Nothing is updated in place; a consumer can read the log from any offset, as often as it likes (write once, read many).",
        highlight: ["broker-1", "partition:events-0"],
        until: { kind: "event", event: "produce.acked", where: { partition: 0 } },
        timeoutMs: 10000,
        checkpoints: [{ condition: { kind: "partition", topic: "events", partition: 0, leader: 1 } }],
      },
      {
        title: "Segments and retention",
        narration:
          "The log is a series of segments (here 20 records each; Kafka sizes them in bytes, 1 GiB by default). Every log.retention.check.interval.ms the broker deletes whole segments older than retention.ms (10 s here; Kafka's default is 7 days) and the log start offset moves forward.",
        highlight: ["partition:events-0"],
        until: { kind: "event", event: "retention.deleted", where: { topic: "events" } },
        timeoutMs: 30000,
        checkpoints: [
          {
            description: "nothing acknowledged was lost",
            condition: { kind: "monitor", violations: 0, maxDataLosses: 0 },
          },
        ],
      },
    ],
  },
  {
    id: "consumers-offsets",
    title: "Consumers and their offsets",
    description:
      "A consumer in group billing reads orders and commits its position to __consumer_offsets. Closed and started again, it resumes from the committed offset: nothing is read twice.",
    seed: 8,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [{ name: "orders", partitions: 2, replicationFactor: 3 }],
      producers: [{ id: "producer-1", topic: "orders", rate: 8, keyPattern: "user-{n % 6}" }],
      consumers: [
        {
          id: "consumer-1",
          topic: "orders",
          groupId: "billing",
          config: { "auto.offset.reset": "earliest", "auto.commit.interval.ms": 2000, "session.timeout.ms": 6000 },
        },
      ],
    },
    tour: [
      {
        title: "Reading and committing",
        narration:
          "The consumer fetches from each partition's leader and keeps a position per partition. Every auto.commit.interval.ms (2 s here; Kafka's default is 5 s) it commits its positions: an OffsetCommit to the group coordinator, stored as a record in __consumer_offsets.",
        highlight: ["consumer-1"],
        until: { kind: "event", event: "offsets.committed", where: { groupId: "billing" } },
        timeoutMs: 20000,
        checkpoints: [{ condition: { kind: "consumer", consumer: "consumer-1", minConsumed: 1, partitions: 2 } }],
      },
      {
        title: "The consumer closes",
        narration:
          "Closing, the consumer commits what it has read and sends LeaveGroup, so the group rebalances at once instead of waiting for session.timeout.ms.",
        highlight: ["consumer-1"],
        actions: [{ type: "removeConsumer", consumer: "consumer-1" }],
        until: { kind: "event", event: "group.member.removed", where: { groupId: "billing" } },
        timeoutMs: 5000,
      },
      {
        title: "A new consumer resumes from the committed offsets",
        narration:
          "consumer-2 joins billing and asks the coordinator for the committed offsets (OffsetFetch). It starts there, not at the beginning: no record is processed twice.",
        highlight: ["consumer-2"],
        actions: [
          {
            type: "addConsumer",
            consumer: {
              id: "consumer-2",
              topic: "orders",
              groupId: "billing",
              config: { "auto.offset.reset": "earliest" },
            },
          },
        ],
        until: { kind: "consumer", consumer: "consumer-2", minConsumed: 10 },
        timeoutMs: 20000,
        checkpoints: [
          {
            description: "no record was delivered twice",
            condition: { kind: "consumer", consumer: "consumer-2", maxDuplicates: 0 },
          },
        ],
      },
    ],
  },
  {
    id: "partitions-ordering",
    title: "Partitions and ordering",
    description:
      "A topic is split into partitions spread over the brokers, so writes and reads scale out. Order is kept within a partition, not across the topic.",
    seed: 13,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [{ name: "orders", partitions: 3, replicationFactor: 2 }],
      producers: [{ id: "producer-1", topic: "orders", rate: 12, keys: ["alice", "bob", "carol", "dave"] }],
      consumers: [
        { id: "consumer-1", topic: "orders", groupId: "billing", config: { "auto.offset.reset": "earliest" } },
        { id: "consumer-2", topic: "orders", groupId: "billing", config: { "auto.offset.reset": "earliest" } },
        { id: "consumer-3", topic: "orders", groupId: "billing", config: { "auto.offset.reset": "earliest" } },
      ],
    },
    tour: [
      {
        title: "Leaders spread over the brokers",
        narration:
          "Each partition has its own leader, placed round the brokers by Kafka's replica assignment, so three brokers share the work of one topic.",
        highlight: ["partition:orders-0", "partition:orders-1", "partition:orders-2"],
        until: allOnline("orders", 3),
        timeoutMs: 10000,
      },
      {
        title: "One consumer per partition",
        narration:
          "In a group, each partition is read by exactly one member, in offset order. Three members, three partitions: each reads one, in parallel. Records of one key are in one partition, so they are read in the order they were written.",
        highlight: ["consumer-1", "consumer-2", "consumer-3"],
        until: {
          kind: "all",
          of: [1, 2, 3].map((n) => ({
            kind: "consumer" as const,
            consumer: `consumer-${n}`,
            partitions: 1,
            minConsumed: 1,
          })),
        },
        timeoutMs: 20000,
        checkpoints: [{ condition: { kind: "monitor", violations: 0, maxDataLosses: 0 } }],
      },
    ],
  },
];

export const BASICS_SCENARIOS: Scenario[] = RAW.map((s) => scenarioSchema.parse(s));
