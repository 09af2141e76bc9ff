import type { ReactNode } from "react";
import { useSim } from "../../store/simStore";
import { useRecent } from "./useRecent";

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A lens: a heading, one sentence of what it shows, then the content. */
export function Lens(props: {
  id: string;
  title: string;
  intro: ReactNode;
  controls?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="lens" aria-labelledby={`${props.id}-heading`}>
      <div className="lens-heading">
        <h2 id={`${props.id}-heading`}>{props.title}</h2>
        {props.controls}
      </div>
      <p className="lens-intro">{props.intro}</p>
      {props.children}
    </section>
  );
}

/** A select that picks what the lens looks at (it navigates, so the URL names the choice). */
export function Picker<T extends string | number>(props: {
  label: string;
  value: T | null;
  options: readonly { value: T; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <label className="field">
      {props.label}{" "}
      <select value={props.value === null ? "" : String(props.value)} onChange={(e) => props.onChange(e.target.value)}>
        {props.value === null && <option value="">—</option>}
        {props.options.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Requests and responses a node received lately, newest first. */
export function RecentRequests({ node, limit = 12, caption }: { node: string; limit?: number; caption: string }) {
  const messages = useRecent((m) => m.to === node, limit);
  const now = useSim((s) => s.snapshot.now);
  return (
    <table className="compact">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">Request</th>
          <th scope="col">From</th>
          <th scope="col">Kind</th>
        </tr>
      </thead>
      <tbody>
        {messages.map((m) => (
          <tr key={m.id}>
            <td>{`${Math.round(Math.max(0, now - m.deliverAt))} ms ago`}</td>
            <th scope="row">{m.type}</th>
            <td>{m.from}</td>
            <td>{m.kind}</td>
          </tr>
        ))}
        {messages.length === 0 && (
          <tr>
            <td colSpan={4}>Nothing received lately.</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
