import { describe, expect, it } from "vitest";
import type { TimedAction } from "./actions";
import { readRecords } from "./broker/log";
import type { ClusterConfigInput } from "./config";
import { Simulation } from "./simulation";
import { type BrokerNode, tpKey } from "./world";

/**
 * Checkpoints share the arrays that only grow (log records, the trace window,
 * settled messages) with the running world. These runs replace those arrays
 * after a checkpoint (retention deletes segments, a crashed leader's log is
 * truncated, windows are trimmed) and then seek back: the restored run must be
 * the fresh run, record for record.
 */
const config: ClusterConfigInput = {
  brokers: 3,
  zookeeperServers: 1,
  broker: {
    "zookeeper.session.timeout.ms": 4000,
    "replica.lag.time.max.ms": 3000,
    "retention.ms": 4000,
    "log.retention.check.interval.ms": 1000,
    "segment.records": 50,
    "unclean.leader.election.enable": true,
  },
  topics: [{ name: "orders", partitions: 2, replicationFactor: 3 }],
  producers: [{ id: "producer-1", topic: "orders", rate: 200, keyPattern: "k{n % 10}", config: { acks: "1" } }],
  consumers: [{ id: "consumer-1", topic: "orders", groupId: "g" }],
};

const actions: TimedAction[] = [
  { at: 9_000, action: { type: "crashBroker", broker: 1 } },
  { at: 9_500, action: { type: "crashBroker", broker: 2 } },
  { at: 14_000, action: { type: "startBroker", broker: 1 } },
  { at: 16_000, action: { type: "startBroker", broker: 2 } },
];

function logs(sim: Simulation): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const node of sim.world.nodes.values()) {
    if (node.kind !== "broker") continue;
    for (const log of (node as BrokerNode).durable.logs.values())
      out[`${node.id}/${tpKey(log.topic, log.partition)}`] = [
        `start ${log.logStartOffset}`,
        ...readRecords(log, log.logStartOffset).map((r) => `${r.offset}:${r.id}@${r.leaderEpoch}`),
      ];
  }
  return out;
}

describe("checkpoints", () => {
  it("restore logs, trace and monitor exactly after retention and truncation replaced what they shared", () => {
    const sim = Simulation.create(config, 5, actions);
    sim.runUntil(20_000);
    expect(sim.trace().some((e) => e.type === "log.truncated")).toBe(true);
    sim.runUntil(40_000);
    expect(sim.trace().some((e) => e.type === "retention.deleted")).toBe(true);
    for (const t of [33_000, 12_500, 9_700, 21_000, 2_000, 39_000]) {
      sim.seek(t);
      const fresh = Simulation.create(config, 5, actions);
      fresh.runUntil(t);
      expect(sim.traceHash()).toBe(fresh.traceHash());
      expect(logs(sim)).toEqual(logs(fresh));
      expect(sim.trace(50)).toEqual(fresh.trace(50));
      expect(sim.snapshot()).toEqual(fresh.snapshot());
    }
    // Running on from a restored checkpoint gives the same future as the fresh run.
    sim.seek(20_000);
    sim.runUntil(45_000);
    const fresh = Simulation.create(config, 5, actions);
    fresh.runUntil(45_000);
    expect(sim.traceHash()).toBe(fresh.traceHash());
    expect(logs(sim)).toEqual(logs(fresh));
  });
});
