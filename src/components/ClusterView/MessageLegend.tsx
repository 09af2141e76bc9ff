import { useSim } from "../../store/simStore";
import { useView } from "../../store/viewStore";
import { letterColour, MESSAGE_KINDS } from "./messageKinds";

/** What each message dot means, with a checkbox per kind to show or hide it. */
export function MessageLegend() {
  const hidden = useView((s) => s.hiddenKinds);
  const toggle = useView((s) => s.toggleKind);
  const inFlight = useSim((s) => s.snapshot.inFlight.length);
  return (
    <fieldset className="legend">
      <legend>
        <span className="visually-hidden">Messages </span>In flight ({inFlight})
      </legend>
      {MESSAGE_KINDS.map((k) => (
        <label key={k.kind} className="legend-item">
          <input type="checkbox" checked={!hidden.has(k.kind)} onChange={() => toggle(k.kind)} />
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
            <circle cx="8" cy="8" r="7" fill={k.colour} stroke="#222" strokeWidth="1" />
            <text x="8" y="11.5" textAnchor="middle" fontSize="9" fontWeight="bold" fill={letterColour(k.colour)}>
              {k.letter}
            </text>
          </svg>
          {k.label}
        </label>
      ))}
    </fieldset>
  );
}
