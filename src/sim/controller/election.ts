/**
 * Kafka's leader election rules (PartitionLeaderElectionAlgorithms), as pure
 * functions: the controller calls them, tests check them directly.
 */

/**
 * Offline partition: the first replica in assignment order that is alive and
 * in the ISR; else, with unclean election enabled, the first live replica.
 * Kafka elects by assignment order, not by log length.
 */
export function offlinePartitionLeaderElection(
  assignment: number[],
  isr: number[],
  liveReplicas: number[],
  uncleanLeaderElectionEnabled: boolean,
): { leader: number; unclean: boolean } | null {
  const clean = assignment.find((id) => liveReplicas.includes(id) && isr.includes(id));
  if (clean !== undefined) return { leader: clean, unclean: false };
  if (!uncleanLeaderElectionEnabled) return null;
  const unclean = assignment.find((id) => liveReplicas.includes(id));
  return unclean === undefined ? null : { leader: unclean, unclean: true };
}

/** Controlled shutdown: the first live ISR replica that is not itself shutting down. */
export function controlledShutdownPartitionLeaderElection(
  assignment: number[],
  isr: number[],
  liveReplicas: number[],
  shuttingDownBrokers: number[],
): number | null {
  return (
    assignment.find((id) => liveReplicas.includes(id) && isr.includes(id) && !shuttingDownBrokers.includes(id)) ?? null
  );
}

/** Preferred replica: the first in the assignment, if it is alive and in the ISR. */
export function preferredReplicaPartitionLeaderElection(
  assignment: number[],
  isr: number[],
  liveReplicas: number[],
): number | null {
  const preferred = assignment[0];
  return liveReplicas.includes(preferred) && isr.includes(preferred) ? preferred : null;
}
