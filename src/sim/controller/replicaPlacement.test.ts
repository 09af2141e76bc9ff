import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  assignReplicasToBrokers,
  fixedPlacementChoices,
  InvalidPartitionsError,
  InvalidReplicationFactorError,
  randomPlacementChoices,
} from "./replicaPlacement";

describe("assignReplicasToBrokers (rack-unaware)", () => {
  // Kafka: AdminTest.testReplicaAssignment (also the example in AdminUtils' scaladoc)
  it("places 10 partitions with RF 3 on 5 brokers round-robin with a growing follower shift", () => {
    const assignment = assignReplicasToBrokers([0, 1, 2, 3, 4], 10, 3, fixedPlacementChoices(0));
    expect(assignment).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
  });

  // Kafka: AdminTest.testReplicaAssignment (RF 0 and RF 6 on 5 brokers)
  it("rejects a replication factor of 0 or above the broker count", () => {
    const brokers = [0, 1, 2, 3, 4];
    expect(() => assignReplicasToBrokers(brokers, 10, 0, fixedPlacementChoices(0))).toThrow(
      InvalidReplicationFactorError,
    );
    expect(() => assignReplicasToBrokers(brokers, 10, 6, fixedPlacementChoices(0))).toThrow(
      InvalidReplicationFactorError,
    );
    try {
      assignReplicasToBrokers(brokers, 10, 6, fixedPlacementChoices(0));
    } catch (e) {
      expect((e as InvalidReplicationFactorError).code).toBe("INVALID_REPLICATION_FACTOR");
    }
  });

  // Kafka: AdminUtils.assignReplicasToBrokers throws InvalidPartitionsException for nPartitions <= 0
  it("rejects a partition count of zero or less", () => {
    expect(() => assignReplicasToBrokers([0, 1], 0, 1, fixedPlacementChoices(0))).toThrow(InvalidPartitionsError);
    expect(() => assignReplicasToBrokers([0, 1], -3, 1, fixedPlacementChoices(0))).toThrow(InvalidPartitionsError);
  });

  // Kafka: AddPartitionsTest.testReplicaPlacementAllServers. topic3 has partition 0 on [2, 3, 0, 1];
  // addPartitions starts at the index of broker 2 and at partition id 1, growing the topic to 7 partitions.
  it("continues an existing topic from its partition count when partitions are added", () => {
    const added = assignReplicasToBrokers([0, 1, 2, 3], 6, 4, fixedPlacementChoices(2, 1));
    expect(added).toEqual([
      [3, 2, 0, 1],
      [0, 3, 1, 2],
      [1, 0, 2, 3],
      [2, 3, 0, 1],
      [3, 0, 1, 2],
      [0, 1, 2, 3],
    ]);
  });

  // Kafka: AddPartitionsTest.testReplicaPlacementPartialServers. topic2 has partition 0 on [1, 2].
  it("uses only as many brokers per partition as the replication factor when adding partitions", () => {
    expect(assignReplicasToBrokers([0, 1, 2, 3], 2, 2, fixedPlacementChoices(1, 1))).toEqual([
      [2, 0],
      [3, 1],
    ]);
  });

  it("orders brokers by id, as AdminZkClient.getBrokerMetadatas does", () => {
    expect(assignReplicasToBrokers([5, 1, 3], 3, 2, fixedPlacementChoices(0))).toEqual(
      assignReplicasToBrokers([1, 3, 5], 3, 2, fixedPlacementChoices(0)),
    );
    expect(assignReplicasToBrokers([5, 1, 3], 3, 2, fixedPlacementChoices(0))).toEqual([
      [1, 3],
      [3, 5],
      [5, 1],
    ]);
  });

  it("uses separate start index and replica shift when they are drawn at random", () => {
    // start 1, shift 2 on 4 brokers: first replicas 1,2,3,0; followers at +3, then +1 (mod 3 of the shift).
    expect(assignReplicasToBrokers([0, 1, 2, 3], 4, 3, { startIndex: 1, replicaShift: 2 })).toEqual([
      [1, 0, 2],
      [2, 1, 3],
      [3, 2, 0],
      [0, 3, 1],
    ]);
  });
});

describe("randomPlacementChoices", () => {
  // Kafka: assignReplicasToBrokersRackUnaware draws startIndex, then nextReplicaShift
  it("draws the start index first and the replica shift second, each below the broker count", () => {
    const bounds: number[] = [];
    const draws = [3, 1];
    const choices = randomPlacementChoices(5, (n) => {
      bounds.push(n);
      return draws.shift() ?? 0;
    });
    expect(choices).toEqual({ startIndex: 3, replicaShift: 1 });
    expect(bounds).toEqual([5, 5]);
  });
});

describe("placement properties", () => {
  const scenario = fc
    .record({
      nBrokers: fc.integer({ min: 1, max: 9 }),
      rounds: fc.integer({ min: 1, max: 4 }),
      start: fc.nat(),
      shift: fc.nat(),
      rfSeed: fc.nat(),
    })
    .map(({ nBrokers, rounds, start, shift, rfSeed }) => ({
      brokers: Array.from({ length: nBrokers }, (_, i) => i * 10),
      nPartitions: nBrokers * rounds,
      rf: 1 + (rfSeed % nBrokers),
      choices: { startIndex: start % nBrokers, replicaShift: shift % nBrokers },
    }));

  it("gives every partition RF distinct brokers and spreads leaders and replicas evenly", () => {
    fc.assert(
      fc.property(scenario, ({ brokers, nPartitions, rf, choices }) => {
        const assignment = assignReplicasToBrokers(brokers, nPartitions, rf, choices);
        expect(assignment).toHaveLength(nPartitions);
        const leaders = new Map<number, number>();
        const replicas = new Map<number, number>();
        for (const replicaList of assignment) {
          expect(new Set(replicaList).size).toBe(rf);
          leaders.set(replicaList[0], (leaders.get(replicaList[0]) ?? 0) + 1);
          for (const b of replicaList) replicas.set(b, (replicas.get(b) ?? 0) + 1);
        }
        // nPartitions is a whole number of rounds over the brokers, so each broker leads and hosts equally.
        for (const b of brokers) {
          expect(leaders.get(b)).toBe(nPartitions / brokers.length);
          expect(replicas.get(b)).toBe((nPartitions * rf) / brokers.length);
        }
      }),
    );
  });
});
