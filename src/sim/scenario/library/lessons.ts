import type { z } from "zod";
import { type Scenario, scenarioSchema } from "../schema";
import { allOnline, teaching } from "./common";

/**
 * Built-in lessons beyond the first three: clients, groups, replication and
 * the failure modes Kafka's settings trade between. Plain scenario data, so
 * every tour is checked headless (library.test.ts) exactly as the UI runs it.
 */

const orders = { name: "orders", partitions: 3, replicationFactor: 3 };
const fastConsumer = { "auto.offset.reset": "earliest" as const, "session.timeout.ms": 6000 };

const RAW: z.input<typeof scenarioSchema>[] = [
  {
    id: "producers-partitioning",
    title: "Keys choose partitions",
    description:
      "A producer sends records keyed by customer name. The default partitioner hashes each key with murmur2, so one key always lands in the same partition, and its records stay in order.",
    seed: 21,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [orders],
      producers: [{ id: "producer-1", topic: "orders", rate: 10, keys: ["alice", "bob", "carol", "dave"] }],
    },
    tour: [
      {
        title: "The cluster comes up",
        narration:
          "Three brokers, topic orders with 3 partitions. The producer asks a broker for metadata: which broker leads which partition.",
        highlight: ["partition:orders-0", "partition:orders-1", "partition:orders-2"],
        until: allOnline("orders", 3),
        timeoutMs: 10000,
        checkpoints: [{ condition: { kind: "controller", minEpoch: 1 } }],
      },
      {
        title: "murmur2(key) % partitions",
        narration:
          "alice and bob hash to partition 0, dave to partition 1, carol to partition 2 (toPositive(murmur2(key)) % 3). The producer batches per partition and sends each batch to that partition's leader.",
        highlight: ["producer-1"],
        until: {
          kind: "all",
          of: [0, 1, 2].map((partition) => ({
            kind: "event" as const,
            event: "produce.acked",
            where: { topic: "orders", partition },
          })),
        },
        timeoutMs: 10000,
        checkpoints: [
          {
            description: "records were acknowledged in partitions 0, 1 and 2",
            condition: {
              kind: "all",
              of: [0, 1, 2].map((partition) => ({
                kind: "event" as const,
                event: "produce.acked",
                where: { producer: "producer-1", partition },
              })),
            },
          },
        ],
      },
      {
        title: "Ordering is per partition",
        narration:
          "Kafka orders records within a partition, not across a topic. Because a key always maps to the same partition, every customer's records stay in order, as long as the partition count does not change.",
        highlight: ["partition:orders-0"],
        until: { kind: "time", atLeastMs: 8000 },
        timeoutMs: 10000,
        checkpoints: [
          { description: "nothing was lost", condition: { kind: "monitor", violations: 0, maxDataLosses: 0 } },
        ],
      },
    ],
  },
  {
    id: "consumer-groups-rebalancing",
    title: "A consumer joins its group",
    description:
      "One consumer in group billing reads all 3 partitions. A second consumer joins: the coordinator starts a rebalance, the leader member reassigns the partitions, and each consumer owns some of them.",
    seed: 5,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [orders],
      producers: [{ id: "producer-1", topic: "orders", rate: 10, keyPattern: "user-{n % 12}" }],
      consumers: [{ id: "consumer-1", topic: "orders", groupId: "billing", config: fastConsumer }],
    },
    tour: [
      {
        title: "One member owns everything",
        narration:
          "consumer-1 finds the group's coordinator (the leader of the __consumer_offsets partition that hashes the group id), joins, and as the only member is assigned orders-0, 1 and 2.",
        highlight: ["consumer-1"],
        until: { kind: "event", event: "group.rebalanced", where: { groupId: "billing", generation: 1 } },
        timeoutMs: 15000,
        checkpoints: [
          { condition: { kind: "event", event: "group.coordinator.found", where: { member: "consumer-1" } } },
        ],
      },
      {
        title: "consumer-2 joins",
        narration:
          "The new member's JoinGroup moves the group to PreparingRebalance. Every member must rejoin; the coordinator bumps the generation and the leader computes a new assignment with the range assignor.",
        highlight: ["consumer-2"],
        actions: [
          {
            type: "addConsumer",
            consumer: { id: "consumer-2", topic: "orders", groupId: "billing", config: fastConsumer },
          },
        ],
        until: { kind: "event", event: "group.rebalanced", where: { groupId: "billing", generation: 2 } },
        timeoutMs: 20000,
        checkpoints: [
          {
            description: "consumer-1 gave up partitions",
            condition: { kind: "event", event: "consumer.revoked", where: { consumer: "consumer-1" } },
          },
        ],
      },
      {
        title: "Both members read",
        narration:
          "Each partition has exactly one owner in the group. consumer-2 starts from the group's committed offsets, so it neither skips nor repeats what consumer-1 committed.",
        highlight: ["consumer-1", "consumer-2"],
        until: {
          kind: "all",
          of: ["consumer-1", "consumer-2"].map((consumer) => ({
            kind: "event" as const,
            event: "record.consumed",
            where: { consumer },
          })),
        },
        timeoutMs: 15000,
        checkpoints: [
          { description: "no record re-read or lost", condition: { kind: "monitor", violations: 0, maxDataLosses: 0 } },
        ],
      },
    ],
  },
  {
    id: "queue-vs-pubsub",
    title: "Queue or publish-subscribe",
    description:
      "Three consumers in one group share the partitions (a queue: each record goes to one of them). Three consumers in three groups each get every record (publish-subscribe).",
    seed: 9,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [orders],
      producers: [{ id: "producer-1", topic: "orders", rate: 15, keyPattern: "user-{n % 9}" }],
      consumers: [
        { id: "consumer-1", topic: "orders", groupId: "workers", config: fastConsumer },
        { id: "consumer-2", topic: "orders", groupId: "workers", config: fastConsumer },
        { id: "consumer-3", topic: "orders", groupId: "workers", config: fastConsumer },
      ],
    },
    tour: [
      {
        title: "One group of three: a queue",
        narration:
          "workers has three members and orders has three partitions: the assignor gives each member one partition. A record is processed by exactly one worker.",
        highlight: ["consumer-1", "consumer-2", "consumer-3"],
        until: {
          kind: "all",
          of: ["consumer-1", "consumer-2", "consumer-3"].map((consumer) => ({
            kind: "event" as const,
            event: "record.consumed",
            where: { consumer },
          })),
        },
        timeoutMs: 20000,
        checkpoints: [{ condition: { kind: "event", event: "group.rebalanced", where: { groupId: "workers" } } }],
      },
      {
        title: "Three groups of one: publish-subscribe",
        narration:
          "audit, search and email each have one member, which is assigned all three partitions. Groups keep separate committed offsets, so every group reads every record.",
        highlight: ["consumer-4", "consumer-5", "consumer-6"],
        actions: [
          {
            type: "addConsumer",
            consumer: { id: "consumer-4", topic: "orders", groupId: "audit", config: fastConsumer },
          },
          {
            type: "addConsumer",
            consumer: { id: "consumer-5", topic: "orders", groupId: "search", config: fastConsumer },
          },
          {
            type: "addConsumer",
            consumer: { id: "consumer-6", topic: "orders", groupId: "email", config: fastConsumer },
          },
        ],
        until: {
          kind: "all",
          of: ["audit", "search", "email"].map((groupId) => ({
            kind: "event" as const,
            event: "group.rebalanced",
            where: { groupId },
          })),
        },
        timeoutMs: 20000,
      },
      {
        title: "Every group reads every partition",
        narration:
          "consumer-4 reads orders-0, 1 and 2 alone, and so do consumer-5 and consumer-6: each record now reaches four applications.",
        highlight: ["consumer-4"],
        until: {
          kind: "all",
          of: [0, 1, 2].map((partition) => ({
            kind: "event" as const,
            event: "record.consumed",
            where: { consumer: "consumer-4", partition },
          })),
        },
        timeoutMs: 20000,
        checkpoints: [
          { condition: { kind: "event", event: "record.consumed", where: { consumer: "consumer-5" } } },
          { condition: { kind: "event", event: "record.consumed", where: { consumer: "consumer-6" } } },
        ],
      },
    ],
  },
  {
    id: "replication-isr-hw",
    title: "A slow follower leaves the ISR",
    description:
      "The link from orders-0's leader to one follower slows down. The follower falls behind for longer than replica.lag.time.max.ms and the leader shrinks the ISR; the high watermark then advances without it. When the link heals it catches up and rejoins.",
    seed: 3,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [{ name: "orders", partitions: 1, replicationFactor: 3 }],
      producers: [{ id: "producer-1", topic: "orders", rate: 10 }],
    },
    tour: [
      {
        title: "Three replicas in sync",
        narration:
          "Broker 2 leads orders-0. Followers 3 and 1 fetch continuously; the high watermark is the offset every ISR member has, and consumers only see records below it.",
        highlight: ["partition:orders-0"],
        until: { kind: "partition", topic: "orders", partition: 0, leader: 2, isrSize: 3 },
        timeoutMs: 10000,
        checkpoints: [{ condition: { kind: "partition", topic: "orders", partition: 0, isrSize: 3 } }],
      },
      {
        title: "The link to broker 3 slows down",
        narration:
          "Fetch responses from broker 2 to broker 3 now take 15 s. Broker 3 has not caught up for more than replica.lag.time.max.ms (10 s here), so the leader removes it from the ISR and writes the new ISR to ZooKeeper.",
        highlight: ["broker-3"],
        actions: [{ type: "slowLink", from: "broker-2", to: "broker-3", extraMs: 15000 }],
        until: { kind: "partition", topic: "orders", partition: 0, isrExcludes: 3 },
        timeoutMs: 30000,
        checkpoints: [
          { condition: { kind: "event", event: "isr.changed", where: { topic: "orders", partition: 0 } } },
          { condition: { kind: "partition", topic: "orders", partition: 0, leader: 2, isrSize: 2 } },
        ],
      },
      {
        title: "The link heals; broker 3 rejoins",
        narration:
          "With normal latency broker 3 fetches what it missed. Once its log end offset reaches the high watermark the leader expands the ISR again.",
        highlight: ["broker-3"],
        actions: [{ type: "slowLink", from: "broker-2", to: "broker-3", extraMs: 0 }],
        until: { kind: "partition", topic: "orders", partition: 0, isrIncludes: 3 },
        timeoutMs: 40000,
        checkpoints: [
          { condition: { kind: "partition", topic: "orders", partition: 0, isrSize: 3 } },
          { description: "nothing was lost", condition: { kind: "monitor", violations: 0, maxDataLosses: 0 } },
        ],
      },
    ],
  },
  {
    id: "acks1-loses-record",
    title: "acks=1 loses a record",
    description:
      "With acks=1 the leader acknowledges a record as soon as it is in its own log. If the leader dies before a follower copies it, the new leader never had it: the acknowledged record is gone.",
    seed: 3,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [{ name: "orders", partitions: 1, replicationFactor: 3 }],
      producers: [{ id: "producer-1", topic: "orders", rate: 10, config: { acks: "1" } }],
    },
    tour: [
      {
        title: "A leader that acknowledges alone",
        narration:
          "Broker 2 leads orders-0. producer-1 uses acks=1: the leader answers before any follower has the record.",
        highlight: ["broker-2", "producer-1"],
        until: { kind: "event", event: "produce.acked", where: { acks: "1" } },
        timeoutMs: 10000,
        checkpoints: [{ condition: { kind: "partition", topic: "orders", partition: 0, leader: 2 } }],
      },
      {
        title: "Replication falls behind",
        narration:
          "The links from broker 2 to its followers slow down by 5 s. The leader keeps acknowledging, but its followers receive nothing new.",
        highlight: ["broker-2", "broker-3", "broker-1"],
        actions: [
          { type: "slowLink", from: "broker-2", to: "broker-3", extraMs: 5000 },
          { type: "slowLink", from: "broker-2", to: "broker-1", extraMs: 5000 },
        ],
        until: { kind: "time", atLeastMs: 4000 },
        timeoutMs: 5000,
      },
      {
        title: "The leader crashes",
        narration:
          "Broker 2 dies. When its ZooKeeper session expires the controller elects broker 3 from the ISR; it is in the ISR because it lagged less than replica.lag.time.max.ms, but it never got the newest records. Their acknowledgements were lies: data.loss.",
        highlight: ["broker-2", "partition:orders-0"],
        actions: [{ type: "crashBroker", broker: 2 }],
        until: { kind: "event", event: "data.loss" },
        timeoutMs: 20000,
        checkpoints: [
          {
            description: "acknowledged acks=1 records were lost",
            condition: { kind: "event", event: "data.loss", where: { cause: "acks=1 record not yet replicated" } },
          },
          { condition: { kind: "partition", topic: "orders", partition: 0, leaderNot: 2, minLeaderEpoch: 1 } },
          {
            description: "no invariant was broken: acks=1 promises no more",
            condition: { kind: "monitor", violations: 0 },
          },
        ],
      },
    ],
  },
  {
    id: "min-insync-refuses-writes",
    title: "min.insync.replicas refuses writes",
    description:
      "orders has min.insync.replicas=2 and the producer uses acks=all. With two of three brokers down the ISR shrinks to the leader alone, and the leader refuses writes with NOT_ENOUGH_REPLICAS rather than accept records only one copy holds.",
    seed: 3,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [{ name: "orders", partitions: 1, replicationFactor: 3, config: { "min.insync.replicas": 2 } }],
      producers: [{ id: "producer-1", topic: "orders", rate: 10, config: { acks: "all" } }],
    },
    tour: [
      {
        title: "Writes succeed with three in sync",
        narration: "Broker 2 leads orders-0; its ISR has 3 members, at least min.insync.replicas=2.",
        highlight: ["partition:orders-0"],
        until: { kind: "event", event: "produce.acked", where: { acks: "all" } },
        timeoutMs: 10000,
        checkpoints: [{ condition: { kind: "partition", topic: "orders", partition: 0, leader: 2, isrSize: 3 } }],
      },
      {
        title: "Two followers die",
        narration:
          "Brokers 1 and 3 crash. When their sessions expire the controller removes them from the ISR: orders-0 has an ISR of one, below min.insync.replicas.",
        highlight: ["broker-1", "broker-3"],
        actions: [
          { type: "crashBroker", broker: 1 },
          { type: "crashBroker", broker: 3 },
        ],
        until: { kind: "partition", topic: "orders", partition: 0, isrSize: 1 },
        timeoutMs: 30000,
        checkpoints: [{ condition: { kind: "partition", topic: "orders", partition: 0, leader: 2 } }],
      },
      {
        title: "The leader refuses writes",
        narration:
          "An acks=all produce to a partition whose ISR is smaller than min.insync.replicas fails with NOT_ENOUGH_REPLICAS (Partition.appendRecordsToLeader). The producer retries; nothing is acknowledged that could be lost.",
        highlight: ["broker-2", "producer-1"],
        until: { kind: "event", event: "produce.failed", where: { error: "NOT_ENOUGH_REPLICAS" } },
        timeoutMs: 20000,
        checkpoints: [
          { description: "nothing was lost", condition: { kind: "monitor", violations: 0, maxDataLosses: 0 } },
        ],
      },
    ],
  },
  {
    id: "unclean-election",
    title: "Unclean leader election",
    description:
      "Two brokers, two topics replicated on both: risky allows unclean leader election, safe does not. Broker 1 dies, then broker 2 (now the only ISR member) dies, then broker 1 returns with an old log. risky elects it and loses records; safe stays offline until broker 2 returns.",
    seed: 4,
    cluster: {
      brokers: 2,
      broker: { ...teaching, "offsets.topic.replication.factor": 2 },
      topics: [
        { name: "risky", partitions: 1, replicationFactor: 2, config: { "unclean.leader.election.enable": true } },
        { name: "safe", partitions: 1, replicationFactor: 2 },
      ],
      producers: [
        { id: "producer-1", topic: "risky", rate: 10 },
        { id: "producer-2", topic: "safe", rate: 10 },
      ],
    },
    tour: [
      {
        title: "Both topics healthy",
        narration: "Each topic has one partition with replicas on brokers 1 and 2, both in the ISR.",
        highlight: ["partition:risky-0", "partition:safe-0"],
        until: {
          kind: "all",
          of: [
            { kind: "partition", topic: "risky", partition: 0, isrSize: 2 },
            { kind: "partition", topic: "safe", partition: 0, isrSize: 2 },
          ],
        },
        timeoutMs: 10000,
      },
      {
        title: "Broker 1 dies",
        narration:
          "After its session expires the controller removes broker 1 from both ISRs; broker 2 leads both partitions alone and keeps acknowledging acks=all writes (min.insync.replicas is 1).",
        highlight: ["broker-1"],
        actions: [{ type: "crashBroker", broker: 1 }],
        until: {
          kind: "all",
          of: [
            { kind: "partition", topic: "risky", partition: 0, isrSize: 1, leader: 2 },
            { kind: "partition", topic: "safe", partition: 0, isrSize: 1, leader: 2 },
            // A few seconds of writes that only broker 2 has.
            { kind: "time", atLeastMs: 11000 },
          ],
        },
        timeoutMs: 20000,
        checkpoints: [
          {
            description: "broker 2 acknowledged writes to safe alone",
            condition: { kind: "event", event: "produce.acked", where: { producer: "producer-2" } },
          },
        ],
      },
      {
        title: "Broker 2 dies too",
        narration:
          "Now no broker is alive, so there is no controller either: nobody rewrites the partition state, and ZooKeeper still names broker 2 leader with ISR [2] when its session expires.",
        highlight: ["broker-2"],
        actions: [{ type: "crashBroker", broker: 2 }],
        until: { kind: "event", event: "zk.session.expired", where: { owner: "broker-2" } },
        timeoutMs: 20000,
        checkpoints: [{ condition: { kind: "partition", topic: "safe", partition: 0, leader: 2, isrSize: 1 } }],
      },
      {
        title: "Broker 1 returns with a stale log",
        narration:
          "Broker 1 is alive but not in the ISR. For risky, unclean.leader.election.enable lets the controller elect it anyway: every record only broker 2 had is lost (data.loss). safe waits, offline, for an ISR member.",
        highlight: ["broker-1", "partition:risky-0", "partition:safe-0"],
        actions: [{ type: "startBroker", broker: 1 }],
        until: { kind: "event", event: "data.loss", where: { topic: "risky" } },
        timeoutMs: 20000,
        checkpoints: [
          { condition: { kind: "event", event: "leader.elected", where: { topic: "risky", reason: "unclean" } } },
          { condition: { kind: "partition", topic: "risky", partition: 0, leader: 1 } },
          { condition: { kind: "partition", topic: "safe", partition: 0, offline: true } },
        ],
      },
    ],
  },
  {
    id: "controller-fenced",
    title: "The controller is fenced",
    description:
      "The controller loses its connection to ZooKeeper. Its session expires, the /controller znode disappears and another broker wins the election with a higher controller epoch; brokers ignore requests carrying the old epoch.",
    seed: 3,
    cluster: { brokers: 3, broker: teaching, topics: [orders] },
    tour: [
      {
        title: "Broker 2 is the controller",
        narration: "It won the race for the ephemeral /controller znode; /controller_epoch is 1.",
        highlight: ["broker-2"],
        until: { kind: "controller", minEpoch: 1 },
        timeoutMs: 5000,
        checkpoints: [{ condition: { kind: "broker", broker: 2, isController: true } }],
      },
      {
        title: "Cut off from ZooKeeper",
        narration:
          "Broker 2 still runs and still talks to the other brokers, but its heartbeats no longer reach ZooKeeper. After zookeeper.session.timeout.ms the session expires and its ephemeral znodes, /controller among them, are deleted.",
        highlight: ["broker-2", "zk-1"],
        actions: [{ type: "isolate", node: "broker-2", from: "zookeeper" }],
        until: { kind: "event", event: "zk.session.expired", where: { owner: "broker-2" } },
        timeoutMs: 20000,
      },
      {
        title: "A new controller, a higher epoch",
        narration:
          "The other brokers' watches fire; one creates /controller and increments /controller_epoch to 2. Any request the old controller still sends carries epoch 1 and is rejected as stale: that is the fence.",
        highlight: ["broker-1", "broker-3"],
        until: { kind: "controller", minEpoch: 2, brokerNot: 2 },
        timeoutMs: 10000,
        checkpoints: [
          { condition: { kind: "controller", minEpoch: 2, brokerNot: 2 } },
          { description: "no invariant was violated", condition: { kind: "monitor", violations: 0 } },
        ],
      },
    ],
  },
  {
    id: "consumer-crash-duplicates",
    title: "A consumer crash re-delivers records",
    description:
      "consumer-1 auto-commits its offsets every 5 s. It crashes between two commits; when it restarts it resumes from the last committed offset and reads again the records it had already processed: at-least-once delivery.",
    seed: 5,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [orders],
      producers: [{ id: "producer-1", topic: "orders", rate: 20 }],
      consumers: [{ id: "consumer-1", topic: "orders", groupId: "billing", config: fastConsumer }],
    },
    tour: [
      {
        title: "Reading and committing",
        narration:
          "consumer-1 owns all three partitions of orders. Every auto.commit.interval.ms (5 s) it commits the position it has reached to __consumer_offsets.",
        highlight: ["consumer-1"],
        until: { kind: "event", event: "offsets.committed", where: { groupId: "billing" } },
        timeoutMs: 15000,
      },
      {
        title: "Processing past the commit",
        narration:
          "For the next 3 s consumer-1 keeps reading and processing records; none of that progress is committed yet.",
        highlight: ["consumer-1"],
        until: { kind: "time", atLeastMs: 8000 },
        timeoutMs: 5000,
      },
      {
        title: "The consumer crashes before its next commit",
        narration: "It has processed records past the committed offset, and forgets everything in memory.",
        highlight: ["consumer-1"],
        actions: [{ type: "crashClient", node: "consumer-1" }],
        until: { kind: "time", atLeastMs: 9000 },
        timeoutMs: 5000,
      },
      {
        title: "Restart: read again from the committed offset",
        narration:
          "On restart it rejoins billing and fetches from the group's committed offsets. The records between the last commit and the crash are delivered a second time.",
        highlight: ["consumer-1"],
        actions: [{ type: "restartClient", node: "consumer-1" }],
        until: { kind: "event", event: "record.consumed", where: { consumer: "consumer-1", duplicates: 60 } },
        timeoutMs: 20000,
        checkpoints: [
          {
            description: "60 records were delivered twice (duplicates > 0)",
            condition: { kind: "event", event: "record.consumed", where: { consumer: "consumer-1", duplicates: 60 } },
          },
          { description: "nothing was lost", condition: { kind: "monitor", violations: 0, maxDataLosses: 0 } },
        ],
      },
    ],
  },
  {
    id: "coordinator-failover",
    title: "The group coordinator fails over",
    description:
      "Group billing is managed by the broker leading its __consumer_offsets partition. That broker dies; another replica of the partition becomes leader, loads the group's offsets, and the members find it as their new coordinator.",
    seed: 5,
    cluster: {
      brokers: 3,
      broker: teaching,
      topics: [orders],
      producers: [{ id: "producer-1", topic: "orders", rate: 10 }],
      consumers: [
        { id: "consumer-1", topic: "orders", groupId: "billing", config: fastConsumer },
        { id: "consumer-2", topic: "orders", groupId: "billing", config: fastConsumer },
      ],
    },
    tour: [
      {
        title: "Broker 3 coordinates billing",
        narration:
          "The group's offsets live in the __consumer_offsets partition abs(hash(\"billing\")) % 3; its leader, broker 3, is the group's coordinator.",
        highlight: ["broker-3", "consumer-1", "consumer-2"],
        until: { kind: "event", event: "group.rebalanced", where: { groupId: "billing" } },
        timeoutMs: 15000,
        checkpoints: [
          {
            condition: {
              kind: "event",
              event: "group.coordinator.found",
              where: { groupId: "billing", coordinator: 3 },
            },
          },
        ],
      },
      {
        title: "The coordinator's broker dies",
        narration:
          "Heartbeats and commits to broker 3 fail. When its session expires the controller elects broker 1 leader of __consumer_offsets-1; broker 1 loads the group's offsets and metadata from that partition's log.",
        highlight: ["broker-3"],
        actions: [{ type: "crashBroker", broker: 3 }],
        until: { kind: "event", event: "groups.loaded", where: { broker: 1, partition: 1 } },
        timeoutMs: 20000,
      },
      {
        title: "Members find the new coordinator",
        narration:
          "Getting NOT_COORDINATOR (or no answer), each member asks FindCoordinator again and rejoins the group at its new coordinator, keeping the committed offsets.",
        highlight: ["consumer-1", "consumer-2"],
        until: {
          kind: "all",
          of: ["consumer-1", "consumer-2"].map((member) => ({
            kind: "event" as const,
            event: "group.coordinator.found",
            where: { groupId: "billing", member, coordinator: 1 },
          })),
        },
        timeoutMs: 30000,
        checkpoints: [
          { condition: { kind: "broker", broker: 3, status: "crashed" } },
          { description: "no invariant was violated", condition: { kind: "monitor", violations: 0 } },
        ],
      },
    ],
  },
];

export const LIBRARY_SCENARIOS: Scenario[] = RAW.map((s) => scenarioSchema.parse(s));
