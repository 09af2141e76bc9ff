import type { Scenario } from "./schema";

/** Kafka's default timeouts are long for a lesson: these scenarios shorten them and say so. */
const teachingTimeouts = {
  "zookeeper.session.timeout.ms": 6000,
  "replica.lag.time.max.ms": 10000,
};

export const BUILTIN_SCENARIOS: Scenario[] = [
  {
    id: "three-brokers",
    title: "Three brokers, one topic",
    description:
      "3 brokers, one ZooKeeper server, topic orders with 3 partitions replicated 3 times. Watch the controller election and the partitions come online.",
    seed: 42,
    cluster: {
      brokers: 3,
      zookeeperServers: 1,
      broker: teachingTimeouts,
      topics: [{ name: "orders", partitions: 3, replicationFactor: 3 }],
    },
    actions: [],
  },
  {
    id: "kill-the-leader",
    title: "Kill the leader",
    description:
      "The broker leading orders-0 crashes at t = 5 s. ZooKeeper expires its session, the controller elects a new leader from the ISR with a higher leader epoch.",
    seed: 7,
    cluster: {
      brokers: 3,
      zookeeperServers: 1,
      broker: teachingTimeouts,
      topics: [{ name: "orders", partitions: 3, replicationFactor: 3, config: { "min.insync.replicas": 2 } }],
    },
    actions: [{ at: 5000, action: { type: "crashBroker", broker: 1 } }],
  },
  {
    id: "zookeeper-quorum",
    title: "ZooKeeper loses its quorum",
    description:
      "A 3-server ensemble answers while 2 are up. At t = 4 s two servers die: the service stops; at t = 14 s one returns and sessions get a fresh timeout.",
    seed: 11,
    cluster: {
      brokers: 3,
      zookeeperServers: 3,
      broker: teachingTimeouts,
      topics: [{ name: "orders", partitions: 3, replicationFactor: 3 }],
    },
    actions: [
      { at: 4000, action: { type: "killZookeeper", server: 1 } },
      { at: 4000, action: { type: "killZookeeper", server: 2 } },
      { at: 14000, action: { type: "startZookeeper", server: 2 } },
    ],
  },
];

export function findBuiltin(id: string): Scenario | undefined {
  return BUILTIN_SCENARIOS.find((s) => s.id === id);
}
