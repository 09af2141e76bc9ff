import { useLayoutEffect, useMemo, useRef, useState } from "react";
import { useSim } from "../../store/simStore";
import { describeEvent, eventSeverity, formatSimTime } from "./describeEvent";

/** The engine's trace in plain language, newest last. Text only: nothing here is parsed as HTML. */
export function EventLog() {
  const trace = useSim((s) => s.trace);
  const [filter, setFilter] = useState("");
  const listRef = useRef<HTMLOListElement>(null);
  const stickToBottom = useRef(true);

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return trace
      .map((e, i) => ({ key: i, e, text: describeEvent(e) }))
      .filter((r) => needle === "" || r.text.toLowerCase().includes(needle) || r.e.type.includes(needle));
  }, [trace, filter]);

  // Follow new events unless the reader has scrolled up to look at older ones.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el !== null && stickToBottom.current && rows.length >= 0) el.scrollTop = el.scrollHeight;
  }, [rows]);

  return (
    <section className="panel event-log" aria-labelledby="events-heading">
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
        }}
      >
        {rows.map(({ key, e, text }) => (
          <li key={key} className={`event severity-${eventSeverity(e)}`}>
            <span className="event-time">{formatSimTime(e.t)}</span> <span className="event-text">{text}</span>
          </li>
        ))}
        {rows.length === 0 && <li className="event empty">No events{filter ? " match the filter" : " yet"}.</li>}
      </ol>
    </section>
  );
}
