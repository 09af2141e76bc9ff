import { max } from "d3-array";
import { scaleLinear } from "d3-scale";
import { curveMonotoneX, curveStepAfter, line } from "d3-shape";
import { useRef, useSyncExternalStore } from "react";
import { historySamples, type Sample, subscribeHistory } from "../../store/history";
import { useOnScreen } from "../../store/offscreen";
import { useSim } from "../../store/simStore";

const W = 300;
const H = 96;
const M = { top: 8, right: 8, bottom: 16, left: 30 };

interface Series {
  name: string;
  value: (s: Sample) => number;
  className: string;
}

/** One small line chart over simulated time. Lines differ by dash as well as colour; the name says the latest values. */
export function Chart({
  title,
  samples,
  series,
  unit,
  step = false,
}: {
  title: string;
  samples: readonly Sample[];
  series: readonly Series[];
  unit: string;
  step?: boolean;
}) {
  const t0 = samples[0]?.t ?? 0;
  const t1 = Math.max(t0 + 1000, samples[samples.length - 1]?.t ?? 0);
  const x = scaleLinear()
    .domain([t0, t1])
    .range([M.left, W - M.right]);
  const top = Math.max(1, max(series.flatMap((s) => samples.map(s.value))) ?? 1);
  const y = scaleLinear()
    .domain([0, top])
    .nice(3)
    .range([H - M.bottom, M.top]);
  const latest = samples[samples.length - 1];
  const summary = series
    .map((s) => `${s.name} ${latest ? Math.round(s.value(latest) * 10) / 10 : 0}${unit ? ` ${unit}` : ""}`)
    .join(", ");
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${summary}`}>
        {y.ticks(3).map((v) => (
          <g key={v} className="tick">
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 4} y={y(v) + 3} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        <text className="axis-label" x={W - M.right} y={H - 3} textAnchor="end">
          {`${(t1 / 1000).toFixed(0)} s`}
        </text>
        <text className="axis-label" x={M.left} y={H - 3}>
          {`${(t0 / 1000).toFixed(0)} s`}
        </text>
        {series.map((s) => {
          const d = line<Sample>()
            .x((p) => x(p.t))
            .y((p) => y(s.value(p)))
            .curve(step ? curveStepAfter : curveMonotoneX)(samples as Sample[]);
          return <path key={s.name} className={`series ${s.className}`} d={d ?? ""} />;
        })}
      </svg>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.name}>
            <svg width="18" height="8" aria-hidden="true">
              <line className={`series ${s.className}`} x1="0" x2="18" y1="4" y2="4" />
            </svg>
            {`${s.name}${latest ? ` ${Math.round(s.value(latest) * 10) / 10}` : ""}`}
          </li>
        ))}
      </ul>
    </figure>
  );
}

const GROUP_CLASSES = ["s-a", "s-b", "s-c", "s-d"];

/** Throughput, lag and partition health over simulated time. */
export function Plots() {
  const panelRef = useRef<HTMLElement>(null);
  // Held while playing off screen, like the event log (store/offscreen.ts).
  const onScreen = useOnScreen(panelRef);
  const playing = useSim((s) => s.playing);
  const current = onScreen || !playing;
  const held = useRef<readonly Sample[] | null>(null);
  const samples = useSyncExternalStore(subscribeHistory, () => {
    if (current || held.current === null) held.current = historySamples();
    return held.current;
  });
  const groups = [...new Set(samples.flatMap((s) => Object.keys(s.lag)))].sort();
  return (
    <section ref={panelRef} className="panel plots" aria-labelledby="plots-heading">
      <h2 id="plots-heading">Over time</h2>
      <div className="charts">
        <Chart
          title="Throughput (records/s)"
          unit="records/s"
          samples={samples}
          series={[
            { name: "produced", value: (s) => s.produceRate, className: "s-a" },
            { name: "consumed", value: (s) => s.consumeRate, className: "s-b" },
          ]}
        />
        <Chart
          title="Lag per group (records)"
          unit="records"
          samples={samples}
          series={groups.map((g, i) => ({
            name: g,
            value: (s: Sample) => s.lag[g] ?? 0,
            className: GROUP_CLASSES[i % GROUP_CLASSES.length],
          }))}
        />
        <Chart
          title="Partitions in trouble"
          unit=""
          step
          samples={samples}
          series={[
            { name: "under-replicated", value: (s) => s.underReplicated, className: "s-c" },
            { name: "offline", value: (s) => s.offline, className: "s-d" },
          ]}
        />
      </div>
    </section>
  );
}
