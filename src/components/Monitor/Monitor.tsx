import { useCallback, useEffect, useId, useRef, useState } from "react";
import { useSim } from "../../store/simStore";
import { formatSimTime } from "../EventLog/describeEvent";
import { followMonitor, type MonitorEntry, useMonitorEvents } from "./monitorEvents";
import "./monitor.css";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Offsets as runs: [2, 3, 4, 7] → "2–4, 7" (a lost batch is usually consecutive). */
export function formatOffsets(offsets: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < offsets.length; i++) {
    let j = i;
    while (j + 1 < offsets.length && offsets[j + 1] === offsets[j] + 1) j++;
    parts.push(j > i ? `${offsets[i]}–${offsets[j]}` : String(offsets[i]));
    i = j;
  }
  return parts.join(", ");
}

/** The badge's words: what the invariant monitor has found in this run so far. */
export function monitorSummary(violations: number, dataLosses: number): string {
  if (violations === 0 && dataLosses === 0) return "Invariants: OK";
  const parts: string[] = [];
  if (violations > 0) parts.push(plural(violations, "violation", "violations"));
  if (dataLosses > 0) parts.push(plural(dataLosses, "data-loss event", "data-loss events"));
  return parts.join(", ");
}

/**
 * The invariant monitor's badge in the header, fed from Snapshot.monitor, and
 * the list of what it found (from the trace), each entry a way back to its moment.
 */
export function MonitorBadge() {
  useEffect(() => followMonitor(), []);
  const violations = useSim((s) => s.snapshot.monitor.violations);
  const dataLosses = useSim((s) => s.snapshot.monitor.dataLosses);
  const [open, setOpen] = useState(false);
  const listId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const state = violations > 0 ? "violation" : dataLosses > 0 ? "loss" : "ok";
  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  return (
    <div className="monitor">
      <span role="status" aria-label="Invariant monitor">
        <button
          ref={button}
          type="button"
          className={`monitor-badge monitor-${state}`}
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
        >
          <span aria-hidden="true" className="monitor-icon">
            {state === "ok" ? "✓" : state === "violation" ? "✗" : "!"}
          </span>{" "}
          {monitorSummary(violations, dataLosses)}
        </button>
      </span>
      {open && <MonitorList id={listId} onClose={close} found={violations + dataLosses} />}
    </div>
  );
}

function MonitorList({ id, onClose, found }: { id: string; onClose: () => void; found: number }) {
  const entries = useMonitorEvents((s) => s.entries);
  const headingId = useId();
  // Escape closes the list wherever the focus is (the badge or an entry).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);
  return (
    <section id={id} className="monitor-list" aria-labelledby={headingId}>
      <div className="monitor-list-head">
        <h2 id={headingId}>Invariant monitor</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {found > entries.length && (
        <p className="monitor-time">
          {found - entries.length} earlier {found - entries.length === 1 ? "event is" : "events are"} no longer in the
          trace the app keeps; the newest are listed.
        </p>
      )}
      {found === 0 && entries.length === 0 && <p>No invariant violations and no data loss in this run so far.</p>}
      {entries.length > 0 && (
        <ol aria-label="Violations and data loss">
          {[...entries].reverse().map((entry) => (
            <MonitorItem key={entry.n} entry={entry} />
          ))}
        </ol>
      )}
    </section>
  );
}

function MonitorItem({ entry: { event } }: { entry: MonitorEntry }) {
  const time = formatSimTime(event.t);
  const seek = () => useSim.getState().seek(event.t);
  if (event.type === "data.loss") {
    return (
      <li className="monitor-item monitor-item-loss">
        <span className="monitor-kind">
          <span aria-hidden="true">! </span>Data loss
        </span>{" "}
        <span>
          {event.topic}-{event.partition}, offset{event.offsets.length === 1 ? "" : "s"} {formatOffsets(event.offsets)}:{" "}
          {event.cause}
        </span>{" "}
        <span className="monitor-time">at t = {time}</span>{" "}
        <button type="button" onClick={seek}>
          Go to data loss at {time}
        </button>
      </li>
    );
  }
  return (
    <li className="monitor-item monitor-item-violation">
      <span className="monitor-kind">
        <span aria-hidden="true">✗ </span>Violation
      </span>{" "}
      <span>
        {event.rule}: {event.detail}
      </span>{" "}
      <span className="monitor-time">at t = {time}</span>{" "}
      <button type="button" onClick={seek}>
        Go to violation at {time}
      </button>
    </li>
  );
}
