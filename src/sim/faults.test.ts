import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeRun, type FaultOptions, type FaultSchedule, runSchedule, scheduleArbitrary } from "./testing/faults";

/**
 * Randomized fault schedules (src/sim/testing/faults.ts): random cluster
 * shapes, crashes, restarts, controlled shutdowns, isolation, slow links,
 * ZooKeeper outages and session expiry, with acks=all traffic throughout. A
 * failure is shrunk by fast-check and reported as its seed and minimal list
 * of timed actions (the error message of the final, shrunk run).
 */

function property(unclean: boolean, tally: { acked: number; losses: number }) {
  return fc.property(scheduleArbitrary({ unclean }), (schedule) => {
    const run = runSchedule(schedule, { unclean });
    if (run.failures.length > 0) throw new Error(`\n${describeRun(run)}`);
    tally.acked += run.acked;
    tally.losses += run.dataLosses;
  });
}

describe("random fault schedules", () => {
  it("never break an invariant or lose an acknowledged acks=all record with unclean election off", () => {
    const tally = { acked: 0, losses: 0 };
    fc.assert(property(false, tally), { seed: 20261128, numRuns: 800 });
    expect(tally.acked).toBeGreaterThan(10_000);
    expect(tally.losses).toBe(0);
  }, 60_000);

  it("report every record an unclean election loses as data.loss naming its offsets", () => {
    const tally = { acked: 0, losses: 0 };
    fc.assert(property(true, tally), { seed: 7, numRuns: 400 });
    // The schedules do reach unclean elections that lose acknowledged records (each one audited above).
    expect(tally.losses).toBeGreaterThan(0);
  }, 60_000);
});

/** Minimal schedules the soak found, each of which once broke the cluster; kept as regressions. */
describe("fault schedules that once failed", () => {
  const shape = (brokers: number, zookeeperServers: 1 | 3, partitions: number, sessionTimeoutMs = 3000) => ({
    brokers,
    zookeeperServers,
    topics: [{ partitions, replicationFactor: 2, minInsync: 1 }],
    sessionTimeoutMs,
    replicaLagMs: 2000,
    autoRebalance: false,
  });
  const cases: { name: string; schedule: FaultSchedule; opts?: FaultOptions }[] = [
    {
      // The controller's LeaderAndIsr to a broker behind a cut was lost for good (ControllerChannelManager resends).
      name: "a broker restarted behind a cut learns its partitions once the cut heals",
      schedule: {
        seed: 0,
        shape: shape(3, 1, 1),
        steps: [
          { at: 1000, do: "isolate", node: { kind: "broker", i: 1 }, from: "brokers" },
          { at: 3000, do: "crash", broker: 1 },
          { at: 7990, do: "start", broker: 1 },
        ],
      },
    },
    {
      // The only ZooKeeper server died, so no tick marked the quorum lost: on restart every session expired at once.
      name: "sessions outlive a restart of the whole ensemble",
      schedule: {
        seed: 0,
        shape: shape(3, 1, 1),
        steps: [
          { at: 1000, do: "killZookeeper", server: 1 },
          { at: 1000, do: "crash", broker: 1 },
          { at: 1000, do: "start", broker: 1 },
        ],
      },
    },
    {
      // A watch that fired while its session's server was down was never delivered: the controller went deaf.
      name: "the controller hears of broker changes that happened while its ZooKeeper server was down",
      schedule: {
        seed: 196939688,
        shape: shape(4, 1, 2),
        steps: [
          { at: 1000, do: "killZookeeper", server: 1 },
          { at: 1000, do: "crash", broker: 2 },
          { at: 1000, do: "expireSession", broker: 1 },
        ],
      },
    },
    {
      // A broker that died and registered again between two reads of /brokers/ids was never told its partitions.
      name: "the controller handles a broker that bounced between two reads of /brokers/ids",
      schedule: {
        seed: 1544124277,
        shape: shape(4, 1, 1, 4169),
        steps: [
          { at: 19460, do: "crash", broker: 3 },
          { at: 20830, do: "controlledShutdown", broker: 1 },
          { at: 20849, do: "killZookeeper", server: 1 },
        ],
      },
    },
    {
      // A ZooKeeper reply lost to a cut left the controller waiting forever; the pings kept the session alive.
      name: "a ZooKeeper request whose reply was lost is resent, and applied once",
      schedule: {
        seed: 0,
        shape: shape(3, 1, 2),
        steps: [
          { at: 1000, do: "crash", broker: 2 },
          { at: 21997, do: "controlledShutdown", broker: 3 },
          { at: 23005, do: "isolate", node: { kind: "broker", i: 1 }, from: "zookeeper" },
        ],
      },
    },
    {
      // Two brokers cut off from ZooKeeper, then a server restart: pending requests and watches were stranded.
      name: "clients of a restarted ZooKeeper server reconnect and get their pending requests answered",
      schedule: {
        seed: 0,
        shape: shape(3, 3, 3, 4688),
        steps: [
          { at: 1000, do: "isolate", node: { kind: "broker", i: 3 }, from: "zookeeper" },
          { at: 1000, do: "isolate", node: { kind: "broker", i: 1 }, from: "zookeeper" },
          { at: 20323, do: "heal" },
          { at: 21884, do: "killZookeeper", server: 2 },
        ],
      },
    },
    {
      // A LeaderAndIsr held up by a slow link reached the broker's next life and made it leader of an old epoch.
      name: "a controller request delayed past a broker's restart is refused (STALE_BROKER_EPOCH)",
      schedule: {
        seed: 914061082,
        shape: shape(3, 1, 2),
        steps: [
          { at: 1000, do: "slowLink", from: 2, to: 3, extraMs: 20_000 },
          { at: 1004, do: "isolate", node: { kind: "broker", i: 1 }, from: "zookeeper" },
          { at: 4529, do: "controlledShutdown", broker: 3 },
        ],
      },
      opts: { unclean: true },
    },
    {
      // A broker crashed and started again within milliseconds: its new life took the old life's ZooKeeper
      // session (a stale ConnectResponse), registered with it, and was deregistered when that session expired.
      name: "a restarted broker ignores ZooKeeper answers meant for its previous life",
      schedule: {
        seed: 0,
        shape: shape(3, 1, 3),
        steps: [
          { at: 1000, do: "crash", broker: 3 },
          { at: 1000, do: "controlledShutdown", broker: 1 },
          { at: 24996, do: "start", broker: 3 },
          { at: 24996, do: "crash", broker: 3 },
        ],
      },
      opts: { unclean: false },
    },
    {
      // A watch notification already on its way was dropped by a cut: the controller never heard of the change.
      name: "a watch notification lost to a cut is sent again when the client notices the gap",
      schedule: {
        seed: 0,
        shape: {
          ...shape(3, 1, 2),
          topics: [...shape(3, 1, 2).topics, { partitions: 1, replicationFactor: 2, minInsync: 1 }],
        },
        steps: [
          { at: 1000, do: "crash", broker: 2 },
          { at: 1000, do: "expireSession", broker: 3 },
          { at: 1001, do: "killZookeeper", server: 1 },
          { at: 1001, do: "isolate", node: { kind: "broker", i: 1 }, from: "zookeeper" },
        ],
      },
      opts: { unclean: false },
    },
    {
      // Packet loss delayed a broker's registration reply; it refused the controller's LeaderAndIsr for its
      // own (current) epoch as stale and never learnt it led a partition.
      name: "a broker whose registration reply is late still accepts requests for its current epoch",
      schedule: {
        seed: 714029393,
        shape: { ...shape(4, 3, 1), lossProbability: 0.01 },
        steps: [],
      },
      opts: { unclean: false },
    },
    {
      // The controller committed an ISR expansion but its answer was lost; the leader timed out, went back
      // to the smaller ISR, advanced the HW without the new member and acknowledged records that the
      // member the controller then elected did not have.
      name: "a leader keeps counting a proposed ISR for the HW until the controller answers",
      schedule: {
        seed: 25,
        shape: {
          ...shape(4, 1, 1),
          topics: [{ partitions: 1, replicationFactor: 3, minInsync: 1 }],
          lossProbability: 0.05,
        },
        steps: [{ at: 1000, do: "partitionNetwork", sides: [false, false, true, true, true, false, false, false] }],
      },
      opts: { unclean: false },
    },
  ];
  for (const { name, schedule, opts } of cases) {
    it(name, () => {
      // As found (the early ones without background traffic).
      const run = runSchedule(schedule, opts ?? { unclean: false, backgroundTraffic: false });
      expect(run.failures, describeRun(run)).toEqual([]);
    });
  }
});
