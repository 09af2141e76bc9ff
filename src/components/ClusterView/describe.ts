import type { BrokerStatus, BrokerView } from "../../sim";

export const STATUS_TEXT: Record<BrokerStatus, string> = {
  running: "running",
  starting: "starting",
  "shutting-down": "shutting down",
  crashed: "crashed",
  stopped: "stopped",
};

export const CUT_OFF_TEXT: Record<BrokerView["cutOff"], string> = {
  none: "",
  zookeeper: "cut off from ZooKeeper",
  brokers: "cut off from the other brokers",
  everyone: "cut off from everyone",
  partial: "behind a network partition",
};

/** The broker's status in words: "running", "crashed", "running, cut off from ZooKeeper". */
export function brokerStatusText(b: BrokerView): string {
  const status = STATUS_TEXT[b.status];
  return b.cutOff === "none" ? status : `${status}, ${CUT_OFF_TEXT[b.cutOff]}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The accessible name of a broker card: "Broker 2, controller, leader of 1 partition, running". */
export function brokerLabel(b: BrokerView): string {
  const leaderOf = b.replicas.filter((r) => r.role === "leader").length;
  const parts = [`Broker ${b.id}`];
  if (b.isController) parts.push("controller");
  parts.push(`leader of ${plural(leaderOf, "partition")}`);
  parts.push(brokerStatusText(b));
  return parts.join(", ");
}
