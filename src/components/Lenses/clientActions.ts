import type { Action, Snapshot } from "../../sim";
import { DEFAULT_CONSUMER_CONFIG } from "../../store/scenario";
import { useSim } from "../../store/simStore";

/** The next free id of the form consumer-N or producer-N (one past the highest in use). */
export function nextClientId(kind: "consumer" | "producer", snapshot: Snapshot): string {
  const ids = kind === "consumer" ? snapshot.consumers.map((c) => c.id) : snapshot.producers.map((p) => p.id);
  const used = ids.map((id) => Number(/-(\d+)$/.exec(id)?.[1] ?? 0));
  return `${kind}-${Math.max(0, ...used) + 1}`;
}

/** The next unused group name: group-2, group-3, … */
export function nextGroupId(snapshot: Snapshot): string {
  const taken = new Set([
    ...snapshot.groups.map((g) => g.groupId),
    ...snapshot.consumers.flatMap((c) => (c.group ? [c.group.groupId] : [])),
  ]);
  for (let n = 2; ; n++) if (!taken.has(`group-${n}`)) return `group-${n}`;
}

/** The first topic of the run (the one the default clients use). */
export function mainTopic(): string {
  const { config } = useSim.getState();
  return config.topics[0]?.name ?? "orders";
}

export function addConsumerAction(groupId: string, snapshot: Snapshot): Action {
  return {
    type: "addConsumer",
    consumer: { id: nextClientId("consumer", snapshot), topic: mainTopic(), groupId, config: DEFAULT_CONSUMER_CONFIG },
  };
}

export function addProducerAction(snapshot: Snapshot): Action {
  return {
    type: "addProducer",
    producer: { id: nextClientId("producer", snapshot), topic: mainTopic(), rate: 2, keyPattern: "order-{n % 20}" },
  };
}

/** Apply an action built from the latest snapshot. */
export function applyWith(build: (s: Snapshot) => Action): void {
  const { snapshot, applyAction } = useSim.getState();
  applyAction(build(snapshot));
}
