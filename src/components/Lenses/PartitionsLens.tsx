import { useShallow } from "zustand/react/shallow";
import type { PartitionView, ReplicaView } from "../../sim";
import { useSim } from "../../store/simStore";
import { Lens } from "./common";

/** How many of the newest offsets a strip shows. */
export const STRIP_OFFSETS = 30;
const CELL = 20;
const LABEL_W = 118;
const ROW_H = 58;

export interface StripReplica {
  broker: number;
  replica: ReplicaView;
  brokerUp: boolean;
}

/** One partition as append-only logs, one row per replica, with log start, HW and LEO marked in text. */
export function PartitionStrip({
  partition,
  replicas,
}: {
  partition: PartitionView;
  replicas: readonly StripReplica[];
}) {
  const name = `${partition.topic}-${partition.partition}`;
  const maxLeo = Math.max(0, ...replicas.map((r) => r.replica.logEndOffset));
  const minStart = Math.min(...replicas.map((r) => r.replica.logStartOffset), maxLeo);
  // The window shows the newest offsets, plus one empty cell where the next record will go.
  const last = maxLeo;
  const first = Math.max(minStart, last - STRIP_OFFSETS + 1);
  const offsets = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const width = LABEL_W + offsets.length * CELL + 60;
  const x = (offset: number) => LABEL_W + (offset - first) * CELL;
  return (
    <figure className="strip" aria-labelledby={`strip-${name}`}>
      <figcaption id={`strip-${name}`}>
        <strong>{name}</strong>
        {` · leader ${partition.leader < 0 ? "none" : `broker ${partition.leader}`} · epoch ${partition.leaderEpoch} · ISR ${partition.isr.join(", ") || "none"}`}
        {partition.offline ? " · OFFLINE" : partition.underReplicated ? " · under-replicated" : ""}
        {first > minStart ? ` · offsets before ${first} not shown` : ""}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${replicas.length * ROW_H + 4}`} width={width}>
        <title>{`Replicas of ${name}`}</title>
        {replicas.map(({ broker, replica: r, brokerUp }, row) => {
          const y = row * ROW_H + 18;
          const role = !brokerUp ? "down" : r.role === "none" ? "not serving" : r.role;
          const label = `${name} on broker ${broker} (${role}${r.inIsr ? ", in ISR" : ", out of ISR"}): log start offset ${r.logStartOffset}, high watermark ${r.highWatermark}, log end offset ${r.logEndOffset}`;
          return (
            // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: an SVG group is not interactive; role img gives the row its name.
            <g
              key={broker}
              role="img"
              aria-label={label}
              className={`strip-row role-${r.role}${brokerUp ? "" : " down"}`}
            >
              <text className="strip-label" x={0} y={y + 14}>
                {`Broker ${broker}${r.role === "leader" ? " (L)" : r.role === "follower" ? " (F)" : ""}`}
              </text>
              <text className="strip-sub" x={0} y={y + 26}>
                {r.inIsr ? "in ISR" : "out of ISR"}
              </text>
              {offsets.map((o) => {
                const kind =
                  o < r.logStartOffset
                    ? "deleted"
                    : o >= r.logEndOffset
                      ? "empty"
                      : o < r.highWatermark
                        ? "committed"
                        : "uncommitted";
                return (
                  <g key={o} className={`cell ${kind}`}>
                    <rect x={x(o) + 1} y={y} width={CELL - 2} height={20} rx={2} />
                    {(o % 5 === 0 || o === first) && (
                      <text className="cell-offset" x={x(o) + CELL / 2} y={y + 14} textAnchor="middle">
                        {o}
                      </text>
                    )}
                  </g>
                );
              })}
              <Marker x={x(Math.max(first, r.highWatermark))} y={y} label={`HW ${r.highWatermark}`} kind="hw" above />
              <Marker x={x(Math.max(first, r.logEndOffset))} y={y + 20} label={`LEO ${r.logEndOffset}`} kind="leo" />
              {r.logStartOffset >= first && r.logStartOffset > 0 && (
                <Marker x={x(r.logStartOffset)} y={y} label={`start ${r.logStartOffset}`} kind="start" above />
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function Marker({ x, y, label, kind, above }: { x: number; y: number; label: string; kind: string; above?: boolean }) {
  return (
    <g className={`marker marker-${kind}`}>
      <line x1={x} x2={x} y1={above ? y - 4 : y - 20} y2={above ? y + 20 : y + 4} />
      <text x={x + 2} y={above ? y - 5 : y + 13}>
        {label}
      </text>
    </g>
  );
}

/** Every partition of the user's topics as append-only logs. */
export function PartitionsLens() {
  const partitions = useSim((s) => s.snapshot.partitions);
  const brokers = useSim((s) => s.snapshot.brokers);
  const topics = useSim(useShallow((s) => s.config.topics.map((t) => t.name)));
  const shown = partitions.filter((p) => topics.includes(p.topic));
  return (
    <Lens
      id="partitions-lens"
      title="Partitions"
      intro="A partition is an append-only log: records get increasing offsets and are never changed. The leader appends; followers copy. Offsets below the high watermark (HW) are on every in-sync replica and visible to consumers; the log end offset (LEO) is where the next record goes. Filled cells: committed (below HW); hatched: not yet committed."
    >
      <div className="strips">
        {shown.map((p) => (
          <PartitionStrip
            key={`${p.topic}-${p.partition}`}
            partition={p}
            replicas={p.replicas.flatMap((b) => {
              const broker = brokers.find((x) => x.id === b);
              const replica = broker?.replicas.find((r) => r.topic === p.topic && r.partition === p.partition);
              return broker && replica
                ? [{ broker: b, replica, brokerUp: broker.status !== "crashed" && broker.status !== "stopped" }]
                : [];
            })}
          />
        ))}
      </div>
    </Lens>
  );
}
