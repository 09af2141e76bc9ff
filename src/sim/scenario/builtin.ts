import type { z } from "zod";
import { LIBRARY_SCENARIOS } from "./library";
import { allOnline } from "./library/common";
import { type Scenario, scenarioSchema } from "./schema";

/** Kafka's default timeouts are long for a lesson: these scenarios shorten them and the UI says so. */
const teachingTimeouts = {
  "zookeeper.session.timeout.ms": 6000,
  "replica.lag.time.max.ms": 10000,
};

const orders = { name: "orders", partitions: 3, replicationFactor: 3 };

const RAW: z.input<typeof scenarioSchema>[] = [
  {
    id: "three-brokers",
    title: "Three brokers, one topic",
    description:
      "3 brokers, one ZooKeeper server, topic orders with 3 partitions replicated 3 times. Watch the controller election and the partitions come online.",
    seed: 42,
    cluster: { brokers: 3, zookeeperServers: 1, broker: teachingTimeouts, topics: [orders] },
    tour: [
      {
        title: "Brokers register in ZooKeeper",
        narration:
          "Each broker opens a ZooKeeper session and creates the ephemeral znode /brokers/ids/<id>. Ephemeral means: it lives as long as the session.",
        highlight: ["zk-1"],
        until: { kind: "event", event: "broker.registered" },
        timeoutMs: 5000,
        checkpoints: [{ condition: { kind: "event", event: "zk.session.created" } }],
      },
      {
        title: "The race for /controller",
        narration:
          "Every broker tries to create the ephemeral /controller znode. Exactly one succeeds and becomes the controller; it bumps /controller_epoch. The others read who won and watch the znode.",
        highlight: ["broker-1", "broker-2", "broker-3"],
        until: { kind: "controller", minEpoch: 1 },
        timeoutMs: 5000,
        checkpoints: [
          { description: "exactly one controller, epoch 1", condition: { kind: "controller", minEpoch: 1 } },
        ],
      },
      {
        title: "Partitions come online",
        narration:
          "The controller finds orders in /brokers/topics with no leader yet. Each partition goes NewPartition → OnlinePartition: the first live replica in the assignment leads, the live replicas form the ISR, and LeaderAndIsr tells the brokers.",
        highlight: ["partition:orders-0"],
        until: allOnline("orders", 3),
        timeoutMs: 10000,
        checkpoints: [{ condition: { kind: "partition", topic: "orders", partition: 0, isrSize: 3, leader: 2 } }],
      },
    ],
  },
  {
    id: "kill-the-leader",
    title: "Kill the leader",
    description:
      "The broker leading orders-0 crashes. ZooKeeper expires its session, the controller elects a new leader from the ISR with a higher leader epoch, and nothing committed is lost.",
    seed: 7,
    cluster: {
      brokers: 3,
      zookeeperServers: 1,
      broker: teachingTimeouts,
      topics: [{ ...orders, config: { "min.insync.replicas": 2 } }],
    },
    tour: [
      {
        title: "A healthy cluster",
        narration: "Broker 2 leads orders-0; brokers 3 and 1 follow it and are in its ISR.",
        highlight: ["broker-2", "partition:orders-0"],
        until: { kind: "partition", topic: "orders", partition: 0, leader: 2, isrSize: 3 },
        timeoutMs: 10000,
        checkpoints: [{ condition: { kind: "partition", topic: "orders", partition: 0, leader: 2, isrSize: 3 } }],
      },
      {
        title: "Broker 2 crashes",
        narration:
          "Nothing tells ZooKeeper at once: the broker simply stops sending heartbeats. Its session lives on until zookeeper.session.timeout.ms passes (6 s here; Kafka's default is 18 s).",
        highlight: ["broker-2"],
        actions: [{ type: "crashBroker", broker: 2 }],
        until: { kind: "event", event: "zk.session.expired" },
        timeoutMs: 20000,
        checkpoints: [{ condition: { kind: "broker", broker: 2, status: "crashed" } }],
      },
      {
        title: "The controller elects a new leader",
        narration:
          "The session expiry deletes /brokers/ids/2; the controller's watch fires. For orders-0 it elects the first replica in assignment order that is alive and in the ISR, bumps the leader epoch, writes the state to ZooKeeper and sends LeaderAndIsr and UpdateMetadata.",
        highlight: ["partition:orders-0"],
        until: { kind: "partition", topic: "orders", partition: 0, leaderNot: 2, minLeaderEpoch: 1 },
        timeoutMs: 10000,
        checkpoints: [
          {
            condition: {
              kind: "partition",
              topic: "orders",
              partition: 0,
              leader: 3,
              minLeaderEpoch: 1,
              isrExcludes: 2,
            },
          },
          { description: "no invariant was violated", condition: { kind: "monitor", violations: 0, maxDataLosses: 0 } },
        ],
      },
      {
        title: "Broker 2 comes back",
        narration:
          "On restart it registers again; the controller sends it LeaderAndIsr as a follower. It truncates anything its new leader does not have (leader epochs, KIP-101) and catches up; then the leader adds it back to the ISR.",
        highlight: ["broker-2"],
        actions: [{ type: "startBroker", broker: 2 }],
        until: { kind: "partition", topic: "orders", partition: 0, isrIncludes: 2 },
        timeoutMs: 30000,
        checkpoints: [{ condition: { kind: "partition", topic: "orders", partition: 0, isrSize: 3 } }],
      },
    ],
  },
  {
    id: "zookeeper-quorum",
    title: "ZooKeeper loses its quorum",
    description:
      "A 3-server ensemble answers while 2 are up. At t = 4 s two servers die: the service stops; at t = 14 s one returns and sessions get a fresh timeout.",
    seed: 11,
    cluster: { brokers: 3, zookeeperServers: 3, broker: teachingTimeouts, topics: [orders] },
    actions: [
      { at: 4000, action: { type: "killZookeeper", server: 1 } },
      { at: 4000, action: { type: "killZookeeper", server: 2 } },
      { at: 14000, action: { type: "startZookeeper", server: 2 } },
    ],
    tour: [
      {
        title: "Two of three servers die",
        narration:
          "With only 1 of 3 servers up there is no majority: ZooKeeper stops answering. Brokers keep serving clients, but nothing that needs ZooKeeper (a new controller, an ISR change) can happen.",
        highlight: ["zk-1", "zk-2", "zk-3"],
        until: { kind: "event", event: "zk.quorum", where: { available: false } },
        timeoutMs: 10000,
      },
      {
        title: "A majority returns",
        narration:
          "When server 2 comes back the ensemble has a quorum again. Its new leader gives every session a fresh timeout, so no broker is declared dead for the outage.",
        highlight: ["zk-2"],
        until: { kind: "event", event: "zk.quorum", where: { available: true } },
        timeoutMs: 20000,
        checkpoints: [
          {
            description: "no broker session expired",
            condition: { kind: "not", condition: { kind: "event", event: "zk.session.expired" } },
          },
          { condition: { kind: "controller", minEpoch: 1 } },
        ],
      },
    ],
  },
];

export const BUILTIN_SCENARIOS: Scenario[] = [...RAW.map((s) => scenarioSchema.parse(s)), ...LIBRARY_SCENARIOS];

export function findBuiltin(id: string): Scenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.id === id);
}
