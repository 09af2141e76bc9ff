import { memo, type KeyboardEvent as ReactKeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import type { SimEvent } from "../../sim";
import { useSim } from "../../store/simStore";
import { describeEvent, formatSimTime } from "../EventLog/describeEvent";
import { followStore, type Marker, useMarkers } from "./markers";
import "./timeline.css";

/** The least span the timeline shows, so the first seconds are not one pixel wide. */
const MIN_SPAN_MS = 10_000;
/** Markers drawn at most (the newest); the rest stay in the store. */
const MAX_DRAWN = 400;

type MarkerKind = "leader" | "isr" | "controller" | "group" | "offline" | "loss" | "violation" | "action";

function markerKind(e: SimEvent): MarkerKind {
  switch (e.type) {
    case "leader.elected":
      return "leader";
    case "isr.changed":
      return "isr";
    case "controller.elected":
      return "controller";
    case "group.rebalanced":
      return "group";
    case "partition.offline":
      return "offline";
    case "data.loss":
      return "loss";
    case "invariant.violated":
      return "violation";
    default:
      return "action";
  }
}

/** One letter per kind, so colour is never the only signal. */
const GLYPH: Record<MarkerKind, string> = {
  leader: "L",
  isr: "I",
  controller: "C",
  group: "G",
  offline: "O",
  loss: "!",
  violation: "✗",
  action: "U",
};

function isEditable(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("input, select, textarea, [contenteditable]") !== null;
}

/** ← steps back one engine event (→ steps forward: App.tsx). */
function useStepBackKey(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "ArrowLeft" || e.altKey || e.ctrlKey || e.metaKey || isEditable(e.target)) return;
      e.preventDefault();
      useSim.getState().stepBack();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** The run's timeline: simulated time 0…max(now, run horizon), markers for significant events, seek by drag or click. */
export function Timeline() {
  useEffect(() => followStore(), []);
  useStepBackKey();
  const now = useSim((s) => s.snapshot.now);
  const eventCount = useSim((s) => s.snapshot.eventCount);
  const version = useSim((s) => s.config);
  const markers = useMarkers((s) => s.markers);
  const reached = useMarkers((s) => s.reached);
  // The run's scheduled actions extend the horizon: a scenario's timeline is visible before it happens.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the run changes with the config object (load/reset) and with markers (user actions).
  const lastAction = useMemo(() => {
    const actions = useSim.getState().currentRun().actions;
    return actions.reduce((m, a) => Math.max(m, a.at), 0);
  }, [version, markers]);
  // Whole 10 s steps, so the markers do not shift on every frame while the run plays.
  const span = Math.ceil(Math.max(MIN_SPAN_MS, now, reached, lastAction + 2000) / MIN_SPAN_MS) * MIN_SPAN_MS;
  const { seek, stepBack } = useSim.getState();

  return (
    <section className="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading" className="visually-hidden">
        Timeline
      </h2>
      <div className="timeline-buttons">
        <button type="button" onClick={() => seek(0)} disabled={eventCount === 0} title="Back to t = 0">
          Rewind
        </button>
        <button
          type="button"
          onClick={stepBack}
          disabled={eventCount === 0}
          aria-keyshortcuts="ArrowLeft"
          title="One engine event backwards (←)"
        >
          Step back
        </button>
      </div>
      <div className="timeline-track">
        <input
          type="range"
          aria-label="Timeline"
          aria-valuetext={`t = ${formatSimTime(now)} of ${formatSimTime(span)}`}
          min={0}
          max={span}
          step={10}
          value={Math.min(now, span)}
          onChange={(e) => seek(Number(e.target.value))}
        />
        <MarkerList markers={markers} span={span} onSeek={seek} />
      </div>
      <output className="timeline-time" aria-label="Timeline position">
        {formatSimTime(now)} / {formatSimTime(span)}
      </output>
    </section>
  );
}

/** The markers, re-rendered only when they or the span change (not on every frame). */
const MarkerList = memo(function MarkerList({
  markers,
  span,
  onSeek,
}: {
  markers: readonly Marker[];
  span: number;
  onSeek: (t: number) => void;
}) {
  const drawn = markers.length > MAX_DRAWN ? markers.slice(-MAX_DRAWN) : markers;
  const rows = stackRows(drawn, span);
  const [active, setActive] = useState(0);
  const current = Math.min(active, Math.max(0, drawn.length - 1));
  const list = useRef<HTMLOListElement>(null);
  // One tab stop for the whole list; arrows, Home and End move between markers (a roving tabindex).
  const onKeyDown = (e: ReactKeyboardEvent<HTMLOListElement>) => {
    const moves: Record<string, number> = {
      ArrowLeft: current - 1,
      ArrowRight: current + 1,
      Home: 0,
      End: drawn.length - 1,
    };
    const to = moves[e.key];
    if (to === undefined) return;
    // The page's own ← / → (step back / step) must not fire while moving between markers.
    e.preventDefault();
    e.stopPropagation();
    const next = Math.max(0, Math.min(drawn.length - 1, to));
    setActive(next);
    list.current?.querySelectorAll("button")[next]?.focus();
  };
  return (
    <ol className="timeline-markers" aria-label="Significant events" ref={list} onKeyDown={onKeyDown}>
      {drawn.map((m, i) => (
        <MarkerButton
          key={m.n}
          marker={m}
          index={i}
          span={span}
          row={rows[i]}
          tabbable={i === current}
          onFocusIndex={setActive}
          onSeek={onSeek}
        />
      ))}
    </ol>
  );
});

/** Rows for markers too close to fit side by side. */
const ROWS = 3;
/** The least distance between two markers in one row, as a share of the track. */
const MIN_GAP = 0.012;

/** Put each marker in the first row where it does not overlap the previous one; the last row takes the rest. */
export function stackRows(markers: readonly Marker[], span: number): number[] {
  const lastInRow = new Array<number>(ROWS).fill(Number.NEGATIVE_INFINITY);
  return markers.map((m) => {
    const x = m.event.t / span;
    let row = lastInRow.findIndex((last) => x - last >= MIN_GAP);
    if (row < 0) row = ROWS - 1;
    lastInRow[row] = x;
    return row;
  });
}

/*
 * Memoised, with only stable props: a busy run adds markers a few times a
 * second, and each addition should draw one button, not describe and redraw
 * all 400 again.
 */
const MarkerButton = memo(function MarkerButton({
  marker,
  index,
  span,
  row,
  tabbable,
  onFocusIndex,
  onSeek,
}: {
  marker: Marker;
  index: number;
  span: number;
  row: number;
  tabbable: boolean;
  onFocusIndex: (index: number) => void;
  onSeek: (t: number) => void;
}) {
  const { event } = marker;
  const kind = markerKind(event);
  const label = `${formatSimTime(event.t)}: ${describeEvent(event)}`;
  return (
    <li
      className={`timeline-marker timeline-marker-${kind}`}
      style={{ left: `${(event.t / span) * 100}%`, top: `${row * 15}px` }}
    >
      <button
        type="button"
        aria-label={label}
        title={label}
        tabIndex={tabbable ? 0 : -1}
        onFocus={() => onFocusIndex(index)}
        onClick={() => onSeek(event.t)}
      >
        <span aria-hidden="true">{GLYPH[kind]}</span>
      </button>
    </li>
  );
});
