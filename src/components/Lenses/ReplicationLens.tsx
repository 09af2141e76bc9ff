import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { useNotable } from "../../store/notable";
import { navigate } from "../../store/route";
import { type ReplicaRecord, useSim } from "../../store/simStore";
import { formatSimTime } from "../EventLog/describeEvent";
import { Lens, Picker } from "./common";
import { useRecent } from "./useRecent";

const SHOWN = 30;
const CELL = 22;
const LABEL_W = 150;
const ROW_H = 40;
/** Okabe–Ito, one per leader epoch (cycling); each cell also shows its epoch as a number. */
export const EPOCH_COLOURS = ["#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00"];
export const epochColour = (epoch: number) =>
  EPOCH_COLOURS[((epoch % EPOCH_COLOURS.length) + EPOCH_COLOURS.length) % EPOCH_COLOURS.length];

/** Leader and followers of one partition side by side: records coloured by leader epoch, HW, ISR, fetches, truncations. */
export function ReplicationLens({ partition: param }: { partition: string | null }) {
  const names = useSim(useShallow((s) => s.snapshot.partitions.map((p) => `${p.topic}-${p.partition}`)));
  const chosen = param !== null && names.includes(param) ? param : (names[0] ?? null);
  const p = useSim((s) => s.snapshot.partitions.find((x) => `${x.topic}-${x.partition}` === chosen));
  const brokers = useSim((s) => s.snapshot.brokers);
  const version = useSim((s) => s.version);
  const replicaLog = useSim((s) => s.replicaLog);
  const leaderNode = p ? `broker-${p.leader}` : "";
  const fetches = useRecent((m) => m.kind === "replication" && m.type === "Fetch" && m.to === leaderNode, 40);
  const now = useSim((s) => s.snapshot.now);
  const truncations = useNotable("log.truncated").filter((e) => `${e.topic}-${e.partition}` === chosen);
  const isrChanges = useNotable("isr.changed").filter((e) => `${e.topic}-${e.partition}` === chosen);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the logs are read from the run; version says it moved on.
  const logs = useMemo(() => {
    const out = new Map<number, ReplicaRecord[]>();
    if (p) for (const b of p.replicas) out.set(b, replicaLog(p.topic, p.partition, b, SHOWN));
    return out;
  }, [p, version, replicaLog]);

  const picker = (
    <Picker
      label="Partition"
      value={chosen}
      options={names.map((n) => ({ value: n, label: n }))}
      onChange={(v) => navigate({ view: "replication", partition: v })}
    />
  );
  if (p === undefined)
    return (
      <Lens id="replication-lens" title="Replication" intro="No partition yet." controls={picker}>
        {null}
      </Lens>
    );

  const ends = [...logs.values()].map((l) => (l.length > 0 ? l[l.length - 1].offset + 1 : 0));
  const last = Math.max(0, ...ends);
  const first = Math.max(0, last - SHOWN);
  const x = (o: number) => LABEL_W + (o - first) * CELL;
  const epochs = [...new Set([...logs.values()].flat().map((r) => r.leaderEpoch))].sort((a, b) => a - b);
  const width = LABEL_W + SHOWN * CELL + 70;

  return (
    <Lens
      id="replication-lens"
      title={`Replication of ${chosen}`}
      controls={picker}
      intro="Followers fetch from the leader and append the same records at the same offsets. The leader advances the high watermark (HW) to the lowest log end offset in the ISR. Each record carries the leader epoch it was written in; after a leader change a follower truncates records the new leader does not have."
    >
      <ul className="epoch-legend" aria-label="Leader epochs">
        {epochs.map((e) => (
          <li key={e} className="epoch-key">
            <span className="swatch" style={{ background: epochColour(e) }} aria-hidden="true" />
            {`epoch ${e}`}
          </li>
        ))}
      </ul>
      <svg className="replication-svg" viewBox={`0 0 ${width} ${p.replicas.length * ROW_H + 10}`} width={width}>
        <title>{`Replicas of ${chosen}`}</title>
        {p.replicas.map((b, row) => {
          const broker = brokers.find((x) => x.id === b);
          const replica = broker?.replicas.find((r) => r.topic === p.topic && r.partition === p.partition);
          const up = broker !== undefined && broker.status !== "crashed" && broker.status !== "stopped";
          const role = !up ? "down" : b === p.leader ? "leader" : "follower";
          const inIsr = p.isr.includes(b);
          const records = logs.get(b) ?? [];
          const y = row * ROW_H + 10;
          const hw = replica?.highWatermark ?? 0;
          const leo = replica?.logEndOffset ?? 0;
          return (
            // biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: an SVG group is not interactive; role img gives the row its name.
            <g
              key={b}
              role="img"
              aria-label={`Broker ${b}, ${role}, ${inIsr ? "in ISR" : "out of ISR"}, log end offset ${leo}, high watermark ${hw}, epochs ${[...new Set(records.map((r) => r.leaderEpoch))].join(", ") || "none"}`}
              className={`repl-row ${role}`}
            >
              <text className="strip-label" x={0} y={y + 13}>{`Broker ${b} · ${role}`}</text>
              <text className="strip-sub" x={0} y={y + 26}>
                {inIsr ? "✓ in ISR" : "✗ out of ISR"}
              </text>
              {records
                .filter((r) => r.offset >= first)
                .map((r) => (
                  <g key={r.offset}>
                    <rect
                      x={x(r.offset) + 1}
                      y={y}
                      width={CELL - 2}
                      height={22}
                      rx={2}
                      fill={epochColour(r.leaderEpoch)}
                      className="epoch-cell"
                    />
                    <text className="epoch-num" x={x(r.offset) + CELL / 2} y={y + 15} textAnchor="middle">
                      {r.leaderEpoch}
                    </text>
                  </g>
                ))}
              {hw >= first && (
                <g className="marker marker-hw">
                  <line x1={x(hw)} x2={x(hw)} y1={y - 4} y2={y + 26} />
                  <text x={x(hw) + 2} y={y + 34}>{`HW ${hw}`}</text>
                </g>
              )}
              <text className="strip-sub" x={x(Math.max(first, leo)) + 4} y={y + 15}>{`LEO ${leo}`}</text>
            </g>
          );
        })}
      </svg>
      <p className="hint">{`Offsets ${first}–${Math.max(first, last - 1)}; numbers in cells are leader epochs.`}</p>
      <div className="lens-columns">
        <table className="compact">
          <caption>{`Last fetches to the leader (broker ${p.leader})`}</caption>
          <thead>
            <tr>
              <th scope="col">Follower</th>
              <th scope="col">Last fetch</th>
            </tr>
          </thead>
          <tbody>
            {p.replicas
              .filter((b) => b !== p.leader)
              .map((b) => {
                const f = fetches.find((m) => m.from === `broker-${b}`);
                return (
                  <tr key={b}>
                    <th scope="row">{`Broker ${b}`}</th>
                    <td>{f ? `${Math.round(Math.max(0, now - f.deliverAt))} ms ago` : "none lately"}</td>
                  </tr>
                );
              })}
          </tbody>
        </table>
        <div>
          <h3>Truncations</h3>
          <ul className="mini-log">
            {truncations.slice(-5).map((e) => (
              <li key={`${e.t}-${e.broker}-${e.toOffset}`}>
                {`${formatSimTime(e.t)} broker ${e.broker} truncated to offset ${e.toOffset} (${e.removed.length} record${e.removed.length === 1 ? "" : "s"} removed)`}
              </li>
            ))}
            {truncations.length === 0 && <li>None so far.</li>}
          </ul>
          <h3>ISR changes</h3>
          <ul className="mini-log">
            {isrChanges.slice(-4).map((e) => (
              <li
                key={`${e.t}-${e.isr.join()}-${e.leaderEpoch}`}
              >{`${formatSimTime(e.t)} ISR [${e.previous.join(", ")}] → [${e.isr.join(", ")}]`}</li>
            ))}
            {isrChanges.length === 0 && <li>None so far.</li>}
          </ul>
        </div>
      </div>
    </Lens>
  );
}
