import { useState } from "react";
import { isSpeed, SPEEDS } from "../../machines/playback";
import { useSim } from "../../store/simStore";
import { describeEvent, formatSimTime } from "../EventLog/describeEvent";

const speedLabel = (s: number) => `${s}×`;

/** Play/pause, step, speed, and the clock readouts. */
export function Toolbar() {
  const playing = useSim((s) => s.playing);
  const speed = useSim((s) => s.speed);
  const seed = useSim((s) => s.seed);
  const [seedInput, setSeedInput] = useState(String(seed));
  const { togglePlay, step, setSpeed, reset } = useSim.getState();
  const nextSeed = Number.parseInt(seedInput, 10);

  return (
    <div className="toolbar" role="toolbar" aria-label="Playback">
      <button type="button" className="primary play" onClick={togglePlay} aria-keyshortcuts="Space">
        {playing ? "Pause" : "Play"}
      </button>
      <button
        type="button"
        onClick={step}
        disabled={playing}
        aria-keyshortcuts="ArrowRight"
        title="Process exactly one engine event (→)"
      >
        Step
      </button>
      <StepToSignificant />
      <label className="field">
        Speed{" "}
        <select
          value={speed}
          onChange={(e) => {
            const value = Number(e.target.value);
            if (isSpeed(value)) setSpeed(value);
          }}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {speedLabel(s)}
            </option>
          ))}
        </select>
      </label>
      <AchievedSpeed />
      <label className="field">
        Seed{" "}
        <input
          className="seed"
          type="number"
          min={0}
          step={1}
          value={seedInput}
          onChange={(e) => setSeedInput(e.target.value)}
        />
      </label>
      <button
        type="button"
        onClick={() => reset(Number.isFinite(nextSeed) && nextSeed >= 0 ? nextSeed : seed)}
        title="Start the run again from t = 0 with this seed"
      >
        Reset
      </button>
      <SimTime />
      <EventCount />
    </div>
  );
}

/** Run event by event until something a reader would want to see happens (a leader election, a rebalance, …). */
function StepToSignificant() {
  const [found, setFound] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        title="Run until a leader election, ISR change, rebalance, controller change, offline partition, failed produce or data loss"
        onClick={() => {
          const e = useSim.getState().stepToSignificant(5000);
          setFound(e === null ? "nothing significant in 5000 events" : describeEvent(e));
        }}
      >
        Step to next significant event
      </button>
      <output className="visually-hidden" aria-live="polite">
        {found ?? ""}
      </output>
    </>
  );
}

/** Shown only while the engine cannot keep up with the chosen speed within its per-frame budget. */
function AchievedSpeed() {
  const achieved = useSim((s) => s.achievedSpeed);
  const speed = useSim((s) => s.speed);
  if (achieved === null) return null;
  return (
    <output
      className="readout achieved-speed"
      aria-live="off"
      aria-label="Achieved speed"
      title="The simulation cannot keep up with the chosen speed in this browser, so simulated time falls behind; frames stay smooth."
    >
      {speedLabel(speed)} requested, {speedLabel(achieved)} achieved
    </output>
  );
}

function SimTime() {
  const now = useSim((s) => s.snapshot.now);
  return (
    // aria-live off: the clock changes every frame, far too often to announce.
    <output id="sim-time" aria-live="off" aria-label="Simulated time" className="readout">
      <span className="readout-label" aria-hidden="true">
        Simulated time
      </span>
      <span className="readout-value">t = {formatSimTime(now)}</span>
    </output>
  );
}

function EventCount() {
  const count = useSim((s) => s.snapshot.eventCount);
  return (
    <output id="event-count" aria-live="off" aria-label="Events" className="readout">
      <span className="readout-label" aria-hidden="true">
        Events
      </span>
      <span className="readout-value">{count}</span>
    </output>
  );
}
