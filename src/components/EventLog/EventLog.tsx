import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { SimEvent } from "../../sim";
import { useOnScreen, useSimWhenSeen } from "../../store/offscreen";
import { useSim } from "../../store/simStore";
import { describeEvent, eventSeverity, formatSimTime } from "./describeEvent";

/*
 * The window of events slides as new ones arrive. Each event object keeps its
 * identity between frames, so it gets a stable key and its description is
 * worked out once: a new event adds one row instead of rewriting all of them.
 */
const rowIds = new WeakMap<SimEvent, number>();
const descriptions = new WeakMap<SimEvent, string>();
let nextRowId = 0;

function rowId(e: SimEvent): number {
  let id = rowIds.get(e);
  if (id === undefined) {
    id = nextRowId++;
    rowIds.set(e, id);
  }
  return id;
}

function describeOnce(e: SimEvent): string {
  let text = descriptions.get(e);
  if (text === undefined) {
    text = describeEvent(e);
    descriptions.set(e, text);
  }
  return text;
}

const Row = memo(function Row({ e, text }: { e: SimEvent; text: string }) {
  return (
    <li className={`event severity-${eventSeverity(e)}`}>
      <button
        type="button"
        className="event-time"
        title="Go to this moment on the timeline"
        aria-label={`Go to ${formatSimTime(e.t)}`}
        onClick={() => useSim.getState().seek(e.t)}
      >
        {formatSimTime(e.t)}
      </button>{" "}
      <span className="event-text">{text}</span>
    </li>
  );
});

/** Rows in the list while the run plays and the reader follows the newest events (the list shows about 11). */
const FOLLOWING_ROWS = 40;

/** The engine's trace in plain language, newest last. Text only: nothing here is parsed as HTML. */
export function EventLog() {
  const panelRef = useRef<HTMLElement>(null);
  const trace = useSimWhenSeen(useOnScreen(panelRef), (s) => s.trace);
  const [filter, setFilter] = useState("");
  const listRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);
  const [following, setFollowing] = useState(true);
  const playing = useSim((s) => s.playing);

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return trace
      .map((e) => ({ key: rowId(e), e, text: describeOnce(e) }))
      .filter((r) => needle === "" || r.text.toLowerCase().includes(needle) || r.e.type.includes(needle));
  }, [trace, filter]);
  // While playing and following the newest events, the list holds only the newest rows: in a busy cluster the
  // whole window is new a few times a second, and rebuilding 200 rows each time costs frames. Paused, or once
  // the reader scrolls up to older events, it holds the whole window.
  const shown = playing && following && rows.length > FOLLOWING_ROWS ? rows.slice(-FOLLOWING_ROWS) : rows;

  // Follow new events unless the reader has scrolled up to look at older ones. Reading scrollHeight right after
  // a commit would force a layout of the whole page in the middle of the frame, so the scroll waits for the
  // browser's own layout: a ResizeObserver on the newest row reports right after it, before the paint.
  const follow = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      const el = listRef.current;
      if (el !== null && stickToBottom.current) el.scrollTop = el.scrollHeight;
    });
    follow.current = observer;
    const last = listRef.current?.lastElementChild;
    if (last) observer.observe(last);
    return () => {
      observer.disconnect();
      follow.current = null;
    };
  }, []);
  const newest = shown.length > 0 ? shown[shown.length - 1].key : -1;
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el === null || newest < -1) return;
    const observer = follow.current;
    if (observer === null) {
      if (stickToBottom.current) el.scrollTop = el.scrollHeight;
      return;
    }
    observer.disconnect();
    const last = el.lastElementChild;
    if (last) observer.observe(last);
  }, [newest]);

  return (
    <section ref={panelRef} className="panel event-log" aria-labelledby="events-heading">
      <div className="panel-heading">
        <h2 id="events-heading">Event log</h2>
        <input
          type="search"
          aria-label="Filter events"
          placeholder="Filter, e.g. elected"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      <ol
        ref={listRef}
        className="event-list"
        aria-label="Events, newest last"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, so keyboard users need to focus it.
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          if (stickToBottom.current !== following) setFollowing(stickToBottom.current);
        }}
      >
        {shown.map(({ key, e, text }) => (
          <Row key={key} e={e} text={text} />
        ))}
        {rows.length === 0 && <li className="event empty">No events{filter ? " match the filter" : " yet"}.</li>}
      </ol>
    </section>
  );
}
