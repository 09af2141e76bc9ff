import type { Action, SimEvent } from "../../sim";

const list = (ids: readonly number[]) => `[${ids.join(", ")}]`;
const tp = (topic: string, partition: number) => `${topic}-${partition}`;

/** A user action as a sentence fragment: "crash broker 2". */
export function describeAction(a: Action): string {
  switch (a.type) {
    case "crashBroker":
      return `crash broker ${a.broker}`;
    case "startBroker":
      return `start broker ${a.broker}`;
    case "controlledShutdown":
      return `controlled shutdown of broker ${a.broker}`;
    case "killZookeeper":
      return `kill ZooKeeper server ${a.server}`;
    case "startZookeeper":
      return `start ZooKeeper server ${a.server}`;
    case "expireSession":
      return `expire the ZooKeeper session of broker ${a.broker}`;
    case "isolate":
      return `cut ${a.node} off from ${a.from === "zookeeper" ? "ZooKeeper" : a.from}`;
    case "partitionNetwork":
      return `partition the network: ${a.a.join(", ")} | ${a.b.join(", ")}`;
    case "heal":
      return "heal the network";
    case "slowLink":
      return `slow the link ${a.from} → ${a.to} by ${a.extraMs} ms`;
    case "slowNode":
      return a.extraMs > 0 ? `slow every link of ${a.node} by ${a.extraMs} ms` : `restore the links of ${a.node}`;
    case "createTopic":
      return `create topic ${a.topic.name} (${a.topic.partitions} partitions, RF ${a.topic.replicationFactor})`;
    case "addProducer":
      return `start producer ${a.producer.id} on ${a.producer.topic} at ${a.producer.rate} records/s`;
    case "removeProducer":
      return `stop producer ${a.producer}`;
    case "setProducerConfig":
      return `set ${Object.entries(a.config)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(", ")} on ${a.producer}`;
    case "addConsumer":
      return `start consumer ${a.consumer.id} on ${a.consumer.topic}`;
    case "crashClient":
      return `crash ${a.node}`;
    case "restartClient":
      return `restart ${a.node}`;
    default:
      return genericText(a);
  }
}

const reasons: Record<Extract<SimEvent, { type: "leader.elected" }>["reason"], string> = {
  "new-partition": "new partition",
  offline: "previous leader offline",
  unclean: "UNCLEAN: leader chosen from outside the ISR",
  "controlled-shutdown": "controlled shutdown",
  "preferred-replica": "preferred replica",
};

/** One trace event in plain language, as a Kafka engineer would say it. */
export function describeEvent(e: SimEvent): string {
  switch (e.type) {
    case "action":
      return `You: ${describeAction(e.action)}`;
    case "action.rejected":
      return `Rejected: ${describeAction(e.action)} (${e.reason})`;
    case "node.crashed":
      return `${e.node} crashed`;
    case "node.started":
      return `${e.node} started`;
    case "broker.shutdown":
      return `Broker ${e.broker} shut down${e.controlled ? " (controlled)" : ""}`;
    case "zk.session.created":
      return `ZooKeeper session ${e.session} created for ${e.owner}`;
    case "zk.session.expired":
      return `ZooKeeper session ${e.session} of ${e.owner} expired${deleted(e.ephemerals)}`;
    case "zk.session.closed":
      return `ZooKeeper session ${e.session} of ${e.owner} closed${deleted(e.ephemerals)}`;
    case "zk.watch.fired":
      return `Watch on ${e.path} fired for ${e.owner}: ${e.event}`;
    case "zk.quorum":
      return e.available
        ? `ZooKeeper quorum available (${e.up} of ${e.of} servers up)`
        : `ZooKeeper quorum LOST (${e.up} of ${e.of} servers up)`;
    case "broker.registered":
      return `Broker ${e.broker} registered at /brokers/ids/${e.broker}`;
    case "broker.startup.failed":
      return `Broker ${e.broker} failed to start: ${e.reason}`;
    case "controller.elected":
      return `Broker ${e.broker} became controller (epoch ${e.epoch})`;
    case "controller.resigned":
      return `Broker ${e.broker} resigned as controller (epoch ${e.epoch}): ${e.reason}`;
    case "controller.lost-race":
      return `Broker ${e.broker} lost the controller election to broker ${e.winner}`;
    case "topic.created":
      return `Topic ${e.topic} created: ${e.partitions} partitions, RF ${e.replicationFactor}, assignment ${e.assignment.map(list).join(" ")}`;
    case "topic.rejected":
      return `Topic ${e.topic} rejected: ${e.error} (${e.message})`;
    case "partition.state":
      return `${tp(e.topic, e.partition)}: ${e.from} → ${e.to}`;
    case "replica.state":
      return `Replica of ${tp(e.topic, e.partition)} on broker ${e.broker}: ${e.from} → ${e.to}`;
    case "leader.elected":
      return `Controller broker ${e.controller} elected broker ${e.leader} leader of ${tp(e.topic, e.partition)}, epoch ${e.leaderEpoch}, ISR ${list(e.isr)} (${reasons[e.reason]})`;
    case "partition.offline":
      return `${tp(e.topic, e.partition)} is OFFLINE: no live replica in ISR ${list(e.isr)} (epoch ${e.leaderEpoch})`;
    case "isr.changed":
      return `${tp(e.topic, e.partition)} ISR ${e.isr.length < e.previous.length ? "shrank" : e.isr.length > e.previous.length ? "expanded" : "changed"} ${list(e.previous)} → ${list(e.isr)} (epoch ${e.leaderEpoch})`;
    case "leader.became":
      return `Broker ${e.broker} became leader of ${tp(e.topic, e.partition)} (epoch ${e.leaderEpoch})`;
    case "follower.became":
      return `Broker ${e.broker} became follower of ${tp(e.topic, e.partition)}, leader ${e.leader} (epoch ${e.leaderEpoch})`;
    case "log.truncated":
      return `Broker ${e.broker} truncated ${tp(e.topic, e.partition)} to offset ${e.toOffset}${e.removed.length > 0 ? `, removing ${e.removed.length} record${e.removed.length === 1 ? "" : "s"}` : ""}`;
    case "request.rejected":
      return `Broker ${e.broker} rejected ${e.request}: ${e.error}${e.detail ? ` (${e.detail})` : ""}`;
    case "produce.acked":
      return `${e.producer}: ${e.count} record${e.count === 1 ? "" : "s"} acked at ${tp(e.topic, e.partition)} offset ${e.baseOffset} (acks=${e.acks})`;
    case "produce.failed":
      return `${e.producer}: produce${e.count === undefined ? "" : ` of ${records(e.count)}`} to ${tp(e.topic, e.partition)} failed: ${e.error}${e.retriable ? " (will retry)" : " (gave up)"}`;
    case "produce.sent":
      return `${e.producer} sent ${records(e.count)} to broker ${e.broker} for ${tp(e.topic, e.partition)}${e.attempt > 1 ? ` (retry ${e.attempt - 1})` : ""}`;
    case "record.consumed":
      return `${e.consumer} read ${records(e.count)} from ${tp(e.topic, e.partition)} at offset ${e.offset}${e.duplicates > 0 ? `, ${e.duplicates} already seen` : ""}`;
    case "consumer.offset.reset":
      return `${e.consumer} reset its position in ${tp(e.topic, e.partition)} to ${e.strategy} (offset ${e.offset}): ${e.reason}`;
    case "group.state":
      return `Group ${e.groupId} on coordinator broker ${e.coordinator}: ${e.from} → ${e.to} (generation ${e.generation})`;
    case "group.rebalance.started":
      return `Group ${e.groupId} started rebalancing (generation ${e.generation}): ${e.reason}`;
    case "group.rebalanced":
      return `Group ${e.groupId} rebalanced to generation ${e.generation}, leader ${e.leader}: ${
        Object.entries(e.assignment)
          .map(([member, parts]) => `${member} ← ${parts.length > 0 ? parts.join(", ") : "nothing"}`)
          .join("; ") || "no members"
      }`;
    case "group.member.joined":
      return `${e.client} joined group ${e.groupId} as ${e.memberId}`;
    case "group.member.removed":
      return `${e.memberId} left group ${e.groupId}: ${e.reason}`;
    case "groups.loaded":
      return `Broker ${e.broker} loaded ${e.groups.length === 0 ? "no groups" : `groups ${e.groups.join(", ")}`} from __consumer_offsets-${e.partition}`;
    case "consumer.assigned":
      return `${e.consumer} was assigned ${e.partitions.join(", ") || "no partitions"}`;
    case "consumer.revoked":
      return `${e.consumer} ${e.lost ? "lost" : "gave up"} ${e.partitions.join(", ")}${e.lost ? " (fenced out of its generation, nothing committed)" : ""}`;
    case "consumer.poll.timeout":
      return `${e.consumer} did not poll for max.poll.interval.ms (${e.maxPollIntervalMs} ms) and left group ${e.groupId}`;
    case "group.coordinator.found":
      return `${e.member} found the coordinator of group ${e.groupId}: broker ${e.coordinator}`;
    case "offsets.committed":
      return `Group ${e.groupId} committed ${e.offsets.map((o) => `${tp(o.topic, o.partition)}@${o.offset}`).join(", ")}`;
    case "retention.deleted":
      return `Broker ${e.broker} deleted old segments of ${tp(e.topic, e.partition)}; log start offset now ${e.logStartOffset}`;
    case "data.loss":
      return `DATA LOSS in ${tp(e.topic, e.partition)}: offsets ${list(e.offsets)} (${e.cause})`;
    case "invariant.violated":
      return `Invariant violated: ${e.rule}: ${e.detail}`;
    default:
      return genericText(e);
  }
}

/**
 * The engine grows new event and action types while the UI catches up; until
 * a type has its own sentence, show its name and fields rather than nothing.
 */
function genericText(x: { type: string }): string {
  const fields = Object.entries(x)
    .filter(([k]) => k !== "type" && k !== "t")
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`);
  return `${x.type}${fields.length > 0 ? ` (${fields.join(", ")})` : ""}`;
}

function records(n: number): string {
  return `${n} record${n === 1 ? "" : "s"}`;
}

function deleted(paths: readonly string[]): string {
  return paths.length > 0 ? `; deleted ${paths.join(", ")}` : "";
}

/** A severity for styling and filtering; the text says the same thing, so colour is never the only signal. */
export function eventSeverity(e: SimEvent): "info" | "warn" | "error" | "user" {
  switch (e.type) {
    case "action":
      return "user";
    case "data.loss":
    case "invariant.violated":
    case "partition.offline":
      return "error";
    case "node.crashed":
    case "zk.session.expired":
    case "action.rejected":
    case "request.rejected":
    case "produce.failed":
    case "controller.resigned":
    case "topic.rejected":
    case "log.truncated":
      return "warn";
    case "zk.quorum":
      return e.available ? "info" : "error";
    case "leader.elected":
      return e.reason === "unclean" ? "error" : "info";
    default:
      return "info";
  }
}

/** Simulated milliseconds as seconds with millisecond precision: "12.345 s". */
export function formatSimTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
