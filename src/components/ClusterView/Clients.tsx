import { memo } from "react";
import type { ConsumerView, GroupView, ProducerView } from "../../sim";
import { type Selection, useSim } from "../../store/simStore";
import type { ClientBox, ClusterLayout } from "./layout";

/** "Producer producer-1, up, 60 acked, 0 failed". */
export function producerLabel(p: ProducerView): string {
  return `Producer ${p.id}, ${p.up ? "up" : "down"}, acks=${p.config.acks}, ${p.acked} acked, ${p.failed} failed`;
}

/** "Consumer consumer-1, group billing, generation 1, assigned orders-0, orders-1". */
export function consumerLabel(c: ConsumerView, group: GroupView | undefined): string {
  const parts = [`Consumer ${c.id}`];
  if (!c.up) parts.push("down");
  if (c.group !== null) {
    parts.push(`group ${c.group.groupId}`);
    parts.push(`generation ${c.group.generation}`);
  } else parts.push("standalone");
  const assigned = group?.members.find((m) => m.client === c.id)?.assignment ?? [];
  const partitions = c.group === null ? c.positions.map((p) => `${c.topic}-${p.partition}`) : assigned;
  parts.push(partitions.length === 0 ? "no partitions assigned" : `assigned ${partitions.join(", ")}`);
  return parts.join(", ");
}

function selectable(select: (s: Selection) => void, selection: Selection) {
  const choose = () => select(selection);
  return {
    onClick: choose,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        choose();
      }
    },
  };
}

const ProducerNode = memo(function ProducerNode({ id, box }: { id: string; box: ClientBox }) {
  const p = useSim((s) => s.snapshot.producers.find((x) => x.id === id));
  const selected = useSim((s) => s.selected?.kind === "producer" && s.selected.id === id);
  const select = useSim((s) => s.select);
  if (p === undefined) return null;
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it has role, name, focus and keys.
    <g
      role="button"
      tabIndex={0}
      aria-label={producerLabel(p)}
      aria-pressed={selected}
      className={`client producer${p.up ? "" : " down"}${selected ? " selected" : ""}`}
      {...selectable(select, { kind: "producer", id })}
    >
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={6} />
      <path className="client-icon" d={`M${box.x + 8} ${box.y + 13} l10 6 l-10 6 z`} />
      <text className="client-name" x={box.x + 24} y={box.y + 16}>
        {p.id}
      </text>
      <text className="client-stats" x={box.x + 24} y={box.y + 31}>
        {p.up ? `acks=${p.config.acks} · ${p.acked} acked` : "down"}
      </text>
    </g>
  );
});

const ConsumerNode = memo(function ConsumerNode({ id, box }: { id: string; box: ClientBox }) {
  const c = useSim((s) => s.snapshot.consumers.find((x) => x.id === id));
  const group = useSim((s) => {
    const g = s.snapshot.consumers.find((x) => x.id === id)?.group?.groupId;
    return s.snapshot.groups.find((x) => x.groupId === g);
  });
  const selected = useSim((s) => s.selected?.kind === "consumer" && s.selected.id === id);
  const select = useSim((s) => s.select);
  if (c === undefined) return null;
  const assigned = group?.members.find((m) => m.client === id)?.assignment ?? [];
  // Partitions as "p0 p1"; a long assignment shows its first two and a count (the label and inspector list all).
  const parts = assigned.map((tp) => tp.replace(/^.*-(\d+)$/, "p$1"));
  const short = parts.length > 3 ? `${parts.slice(0, 2).join(" ")} +${parts.length - 2}` : parts.join(" ");
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it has role, name, focus and keys.
    <g
      role="button"
      tabIndex={0}
      aria-label={consumerLabel(c, group)}
      aria-pressed={selected}
      className={`client consumer${c.up ? "" : " down"}${selected ? " selected" : ""}`}
      {...selectable(select, { kind: "consumer", id })}
    >
      <rect x={box.x} y={box.y} width={box.width} height={box.height} rx={6} />
      <path className="client-icon" d={`M${box.x + 18} ${box.y + 13} l-10 6 l10 6 z`} />
      <text className="client-name" x={box.x + 24} y={box.y + 16}>
        {c.id}
      </text>
      <text className="client-stats" x={box.x + 24} y={box.y + 31}>
        {c.up ? (short === "" ? `${c.consumed} read · none` : `${c.consumed} read · ${short}`) : "down"}
      </text>
    </g>
  );
});

/** Producers on the left, consumers boxed by consumer group on the right. */
export function Clients({ layout }: { layout: ClusterLayout }) {
  const groupStates = useSim((s) => s.snapshot.groups);
  const select = useSim((s) => s.select);
  return (
    <g className="clients">
      {layout.producers.size > 0 && (
        <text className="column-heading" x={8} y={BROKER_HEADING_Y}>
          Producers
        </text>
      )}
      {[...layout.producers.values()].map((box) => (
        <ProducerNode key={box.id} id={box.id} box={box} />
      ))}
      {layout.groups.length > 0 && (
        <text className="column-heading" x={layout.groups[0].x} y={BROKER_HEADING_Y}>
          Consumers
        </text>
      )}
      {layout.groups.map((g) => {
        const state = groupStates.find((x) => x.groupId === g.groupId);
        const title = g.groupId === null ? "standalone" : `group ${g.groupId}`;
        return (
          <g key={g.groupId ?? "(standalone)"} className="group-box">
            <rect x={g.x} y={g.y} width={g.width} height={g.height} rx={8} />
            {g.groupId === null ? (
              <text className="group-title" x={g.x + 6} y={g.y + 17}>
                {title}
              </text>
            ) : (
              // biome-ignore lint/a11y/useSemanticElements: an SVG text cannot be a <button>; it has role, name, focus and keys.
              <text
                role="button"
                tabIndex={0}
                aria-label={`Consumer group ${g.groupId}, ${state?.state ?? "unknown state"}, generation ${state?.generation ?? "?"}`}
                className="group-title"
                x={g.x + 6}
                y={g.y + 17}
                {...selectable(select, { kind: "group", id: g.groupId })}
              >
                {`${title} · ${state?.state ?? "…"}`}
              </text>
            )}
          </g>
        );
      })}
      {[...layout.consumers.values()].map((box) => (
        <ConsumerNode key={box.id} id={box.id} box={box} />
      ))}
    </g>
  );
}

const BROKER_HEADING_Y = 112;
