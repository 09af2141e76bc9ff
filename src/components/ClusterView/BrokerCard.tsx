import { memo, useMemo } from "react";
import type { BrokerView, PartitionView, ReplicaView } from "../../sim";
import { useSim } from "../../store/simStore";
import { brokerLabel, brokerStatusText } from "./describe";
import { type BrokerBox, REPLICA_HEIGHT } from "./layout";

interface Props {
  id: number;
  box: BrokerBox;
  replicaY: (box: BrokerBox, index: number) => number;
}

/** One broker: its status, whether it is the controller, and its replicas with LEO and HW. */
export const BrokerCard = memo(function BrokerCard({ id, box, replicaY }: Props) {
  const broker = useSim((s) => s.snapshot.brokers.find((b) => b.id === id));
  // A string, so a snapshot in which no partition went on- or offline does not re-render the card.
  const offlineList = useSim((s) => offlinePartitions(s.snapshot.partitions));
  const offline = useMemo(() => new Set(offlineList === "" ? [] : offlineList.split(" ")), [offlineList]);
  const selected = useSim((s) => s.selected?.kind === "broker" && s.selected.id === id);
  const select = useSim((s) => s.select);
  if (broker === undefined) return null;

  const down = broker.status === "crashed" || broker.status === "stopped";
  const choose = () => select({ kind: "broker", id });

  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it has role, name, focus and keys.
    <g
      role="button"
      tabIndex={0}
      aria-label={brokerLabel(broker)}
      aria-pressed={selected}
      className={`broker status-${broker.status}${selected ? " selected" : ""}${broker.cutOff !== "none" ? " cut-off" : ""}`}
      onClick={choose}
      onKeyDown={(e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          choose();
        }
      }}
    >
      <rect className="broker-card" x={box.x} y={box.y} width={box.width} height={box.height} rx={10} />
      <text className="broker-title" x={box.x + 14} y={box.y + 24}>
        Broker {broker.id}
      </text>
      {broker.isController && <ControllerBadge x={box.x + box.width - 104} y={box.y + 9} />}
      <g className="broker-status">
        <StatusIcon status={broker.status} x={box.x + 20} y={box.y + 42} />
        <text x={box.x + 32} y={box.y + 46}>
          {brokerStatusText(broker)}
        </text>
      </g>
      {broker.replicas.map((r, i) => (
        <ReplicaBox
          key={`${r.topic}-${r.partition}`}
          replica={r}
          down={down}
          offline={offline.has(`${r.topic}-${r.partition}`)}
          x={box.x + 10}
          y={replicaY(box, i)}
          width={box.width - 20}
        />
      ))}
    </g>
  );
});

/** "orders-0 orders-2": the offline partitions, space-separated. */
function offlinePartitions(partitions: readonly PartitionView[]): string {
  let out = "";
  for (const p of partitions) if (p.offline) out += `${out === "" ? "" : " "}${p.topic}-${p.partition}`;
  return out;
}

function ControllerBadge({ x, y }: { x: number; y: number }) {
  return (
    <g className="controller-badge">
      <rect x={x} y={y} width={94} height={20} rx={10} />
      <path d={`M${x + 9} ${y + 15} l0 -9 l4 4 l3.5 -6 l3.5 6 l4 -4 l0 9 z`} className="crown" />
      <text x={x + 30} y={y + 14}>
        controller
      </text>
    </g>
  );
}

function StatusIcon({ status, x, y }: { status: BrokerView["status"]; x: number; y: number }) {
  if (status === "crashed")
    return <path className="status-icon" d={`M${x - 5} ${y - 5} l10 10 M${x + 5} ${y - 5} l-10 10`} />;
  if (status === "stopped") return <rect className="status-icon" x={x - 5} y={y - 5} width={10} height={10} />;
  return <circle className="status-icon" cx={x} cy={y} r={5} />;
}

/*
 * Memoised: a replica keeps its identity between snapshots while nothing about
 * it changes (shareEqual), so only replicas whose offsets, role or ISR
 * membership moved are re-rendered.
 */
const ReplicaBox = memo(function ReplicaBox(props: {
  replica: ReplicaView;
  down: boolean;
  offline: boolean;
  x: number;
  y: number;
  width: number;
}) {
  const { replica: r, down, offline, x, y, width } = props;
  const name = `${r.topic}-${r.partition}`;
  const role = down ? "none" : r.role;
  const letter = role === "leader" ? "L" : role === "follower" ? "F" : "–";
  const classes = ["replica", `role-${role}`, r.inIsr ? "in-isr" : "out-of-isr", offline ? "offline" : ""];
  const flag = offline ? "OFFLINE" : !r.inIsr ? "out of ISR" : "";
  const mid = y + REPLICA_HEIGHT / 2;
  return (
    <g className={classes.join(" ")}>
      <title>
        {`${name}: ${role === "none" ? "not serving" : role}, ${r.inIsr ? "in ISR" : "out of ISR"}${offline ? ", partition offline" : ""}, log end offset ${r.logEndOffset}, high watermark ${r.highWatermark}`}
      </title>
      <rect className="replica-box" x={x} y={y} width={width} height={REPLICA_HEIGHT} rx={5} />
      <rect className="role-badge" x={x + 5} y={y + 6} width={22} height={22} rx={4} />
      <text className="role-letter" x={x + 16} y={mid + 4.5} textAnchor="middle">
        {letter}
      </text>
      <text className="replica-name" x={x + 34} y={mid - 2}>
        {name}
      </text>
      {flag && (
        <text className="replica-flag" x={x + 34} y={mid + 11}>
          {flag}
        </text>
      )}
      <text className="replica-offsets" x={x + width - 6} y={mid + 11} textAnchor="end">
        {`LEO ${r.logEndOffset} · HW ${r.highWatermark}`}
      </text>
    </g>
  );
});
