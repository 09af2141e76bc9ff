/**
 * Replica placement at topic creation, rack-unaware, as ZooKeeper-mode Kafka
 * does it (`AdminUtils.assignReplicasToBrokersRackUnaware`, core/.../admin/AdminUtils.scala):
 *
 * 1. the first replica of each partition goes round-robin over the brokers,
 *    starting at `startIndex`;
 * 2. the other replicas follow at an increasing shift, which grows by one each
 *    time the partitions wrap around the broker list.
 *
 * Kafka draws `startIndex` and the first shift at random when no fixed start
 * is given; here the caller passes them in (see `randomPlacementChoices`), so
 * the function stays pure and a run stays reproducible.
 */

/** Kafka's `InvalidReplicationFactorException` (error code INVALID_REPLICATION_FACTOR). */
export class InvalidReplicationFactorError extends Error {
  readonly code = "INVALID_REPLICATION_FACTOR";

  constructor(message: string) {
    super(message);
    this.name = "InvalidReplicationFactorError";
  }
}

/** Kafka's `InvalidPartitionsException` (error code INVALID_PARTITIONS). */
export class InvalidPartitionsError extends Error {
  readonly code = "INVALID_PARTITIONS";

  constructor(message: string) {
    super(message);
    this.name = "InvalidPartitionsError";
  }
}

export interface PlacementChoices {
  /** Index (into the id-sorted broker list) of partition `startPartitionId`'s first replica. */
  startIndex: number;
  /** Initial shift of the followers relative to the first replica (Kafka's `nextReplicaShift`). */
  replicaShift: number;
  /** Id of the first partition placed; > 0 when partitions are added to an existing topic. Default 0. */
  startPartitionId?: number;
}

/**
 * The choices Kafka makes for a fixed start index (`fixedStartIndex >= 0`):
 * the same value serves as start index and as first replica shift.
 */
export function fixedPlacementChoices(fixedStartIndex: number, startPartitionId = 0): PlacementChoices {
  return { startIndex: fixedStartIndex, replicaShift: fixedStartIndex, startPartitionId };
}

/**
 * Kafka's random choices, drawn in Kafka's order: `startIndex = rand.nextInt(n)`
 * first, then `nextReplicaShift = rand.nextInt(n)`. `randInt(n)` must return an
 * integer in [0, n).
 */
export function randomPlacementChoices(nBrokers: number, randInt: (n: number) => number): PlacementChoices {
  const startIndex = randInt(nBrokers);
  const replicaShift = randInt(nBrokers);
  return { startIndex, replicaShift };
}

/**
 * Replica lists for `nPartitions` new partitions. `result[i]` is the replica list
 * (preferred leader first) of partition `startPartitionId + i`, so for a new
 * topic the index is the partition id.
 *
 * Brokers are taken in ascending id order, as `AdminZkClient.getBrokerMetadatas`
 * hands them to `AdminUtils`.
 */
export function assignReplicasToBrokers(
  brokerIds: readonly number[],
  nPartitions: number,
  replicationFactor: number,
  choices: PlacementChoices,
): number[][] {
  if (nPartitions <= 0) {
    throw new InvalidPartitionsError("number of partitions must be larger than 0");
  }
  if (replicationFactor <= 0) {
    throw new InvalidReplicationFactorError("replication factor must be larger than 0");
  }
  if (replicationFactor > brokerIds.length) {
    throw new InvalidReplicationFactorError(
      `replication factor: ${replicationFactor} larger than available brokers: ${brokerIds.length}`,
    );
  }

  const brokers = [...brokerIds].sort((a, b) => a - b);
  const nBrokers = brokers.length;
  const { startIndex } = choices;
  let nextReplicaShift = choices.replicaShift;
  let currentPartitionId = Math.max(0, choices.startPartitionId ?? 0);

  const assignment: number[][] = [];
  for (let i = 0; i < nPartitions; i++) {
    // The shift grows each time the partition id wraps around the broker list.
    if (currentPartitionId > 0 && currentPartitionId % nBrokers === 0) nextReplicaShift += 1;
    const firstReplicaIndex = (currentPartitionId + startIndex) % nBrokers;
    const replicas = [brokers[firstReplicaIndex]];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(brokers[replicaIndex(firstReplicaIndex, nextReplicaShift, j, nBrokers)]);
    }
    assignment.push(replicas);
    currentPartitionId += 1;
  }
  return assignment;
}

/** `AdminUtils.replicaIndex`: the shift is in [1, n - 1], so a follower never lands on the first replica. */
function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, replicaIndex: number, nBrokers: number) {
  const shift = 1 + ((secondReplicaShift + replicaIndex) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}
