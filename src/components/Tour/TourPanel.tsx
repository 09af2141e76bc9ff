import { useEffect } from "react";
import { useSim } from "../../store/simStore";
import { useTour, waitsFor } from "../../store/tourStore";
import { formatSimTime } from "../EventLog/describeEvent";
import { useHighlight } from "./highlight";
import "./tour.css";

function isEditable(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest("input, select, textarea, [contenteditable]") !== null;
}

/** N or PageDown: next step; B or PageUp: back. */
function useTourKeys(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || isEditable(e.target)) return;
      const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
      if (key === "n" || key === "PageDown") {
        e.preventDefault();
        useTour.getState().next();
      } else if (key === "b" || key === "PageUp") {
        e.preventDefault();
        useTour.getState().back();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active]);
}

/** A tour id in words: "broker-2" → "broker 2", "partition:orders-0" → "partition orders-0". */
export function highlightName(id: string): string {
  const m = /^(broker|zk|producer|consumer)-(\d+)$/.exec(id);
  if (m !== null) return m[1] === "zk" ? `ZooKeeper server ${m[2]}` : `${m[1]} ${m[2]}`;
  if (id.startsWith("partition:")) return `partition ${id.slice("partition:".length)}`;
  return id;
}

/** Tour mode: the current scenario's steps with narration, what each waits for, and its checkpoints. */
export function TourPanel() {
  const scenario = useTour((s) => s.scenario);
  const mode = useTour((s) => s.mode);
  const index = useTour((s) => s.index);
  const records = useTour((s) => s.records);
  const highlight = useTour((s) => s.highlight);
  const running = useTour((s) => s.running);
  const version = useSim((s) => s.version);
  const active = scenario !== null && mode === "tour" && scenario.tour.length > 0;
  useTourKeys(active);
  useHighlight(active ? highlight : [], version);
  if (!active || scenario === null) return null;

  const total = scenario.tour.length;
  const step = index >= 0 ? scenario.tour[index] : null;
  const record = index >= 0 ? records[index] : undefined;
  const upcoming = scenario.tour[index + 1];
  const { next, back } = useTour.getState();
  const waits = index >= 0 ? waitsFor(scenario, index) : null;

  return (
    <section className="panel tour-panel" aria-labelledby="tour-heading" aria-busy={running}>
      <div className="tour-head">
        <h2 id="tour-heading">Tour: {scenario.title}</h2>
        <p className="tour-progress" aria-live="polite">
          {index < 0 ? `Introduction · ${total} steps` : `Step ${index + 1} of ${total}`}
        </p>
      </div>
      {step === null ? (
        <>
          <h3 className="tour-step-title">Before we start</h3>
          <p className="tour-narration">{scenario.description}</p>
        </>
      ) : (
        <>
          <h3 className="tour-step-title">{step.title}</h3>
          <p className="tour-narration">{step.narration}</p>
          {waits !== null && record !== undefined && (
            <p className="tour-waits">
              {record.result === null ? (
                <>
                  <span className="tour-label">Running until</span> {waits}…
                </>
              ) : (
                <>
                  <span className="tour-label">Ran until</span> {waits}{" "}
                  {record.result.reached ? (
                    <span className="tour-ok">(reached at t = {formatSimTime(record.result.at)})</span>
                  ) : (
                    <span className="tour-bad">(not reached by t = {formatSimTime(record.result.at)})</span>
                  )}
                </>
              )}
            </p>
          )}
          {record !== undefined && record.checkpoints.length > 0 && (
            <ul className="tour-checkpoints" aria-label="Checkpoints">
              {record.checkpoints.map((c) => (
                <li key={c.text} className={c.ok ? "tour-ok" : "tour-bad"}>
                  <span aria-hidden="true">{c.ok ? "✓" : "✗"}</span> {c.ok ? "" : "Failed: "}
                  {c.text}
                </li>
              ))}
            </ul>
          )}
          {step.highlight.length > 0 && (
            <p className="tour-look">
              <span className="tour-label">Look at</span> {step.highlight.map(highlightName).join(", ")}
            </p>
          )}
        </>
      )}
      {upcoming !== undefined && (
        <p className="tour-upcoming">
          <span className="tour-label">Next</span> {upcoming.title}
          {upcoming.until !== undefined && <> — runs until {waitsFor(scenario, index + 1)}</>}
        </p>
      )}
      <div className="tour-buttons">
        <button type="button" onClick={back} disabled={index < 0} aria-keyshortcuts="B PageUp" title="Back (B)">
          Back
        </button>
        <button
          type="button"
          className="primary"
          onClick={next}
          disabled={index + 1 >= total && !running}
          aria-keyshortcuts="N PageDown"
          title={running ? "Finish this step now (N)" : "Run the next step (N)"}
        >
          Next
        </button>
      </div>
      {index + 1 >= total && !running && (
        <p className="tour-done">End of the tour. Switch to Sandbox to keep playing with this cluster.</p>
      )}
    </section>
  );
}
