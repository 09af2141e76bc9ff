import type { Action, BrokerView } from "../../sim";

export interface BrokerAction {
  label: string;
  /** The label when the broker is not otherwise clear from context: "Crash broker 2". */
  namedLabel: string;
  action: Action;
  enabled: boolean;
}

/** The faults a user can inject into one broker, and whether each makes sense right now. */
export function brokerActions(b: BrokerView, anyCut: boolean): BrokerAction[] {
  const up = b.status !== "crashed" && b.status !== "stopped";
  const node = `broker-${b.id}`;
  return [
    {
      label: "Crash broker",
      namedLabel: `Crash broker ${b.id}`,
      action: { type: "crashBroker", broker: b.id },
      enabled: up,
    },
    {
      label: "Restart broker",
      namedLabel: `Restart broker ${b.id}`,
      action: { type: "startBroker", broker: b.id },
      enabled: !up,
    },
    {
      label: "Controlled shutdown",
      namedLabel: `Controlled shutdown of broker ${b.id}`,
      action: { type: "controlledShutdown", broker: b.id },
      enabled: b.status === "running",
    },
    {
      label: "Cut off from ZooKeeper",
      namedLabel: `Cut broker ${b.id} off from ZooKeeper`,
      action: { type: "isolate", node, from: "zookeeper" },
      enabled: b.cutOff === "none",
    },
    {
      label: "Cut off from everyone",
      namedLabel: `Cut broker ${b.id} off from everyone`,
      action: { type: "isolate", node, from: "everyone" },
      enabled: b.cutOff !== "everyone",
    },
    {
      label: "Slow its network (+3 s)",
      namedLabel: `Slow broker ${b.id}'s network by 3 s each way`,
      action: { type: "slowNode", node, extraMs: 3000 },
      enabled: up,
    },
    { label: "Heal network", namedLabel: "Heal network", action: { type: "heal" }, enabled: anyCut || up },
  ];
}
