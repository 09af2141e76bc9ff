import { LENSES, routeHash, type View } from "../../store/route";

/** The tab bar: the cluster and the eight lenses. Tabs are links, so each view has a URL. */
export function LensTabs({ current }: { current: View }) {
  return (
    <nav className="lens-tabs" aria-label="Views">
      <div role="tablist" aria-label="Views of the run">
        {LENSES.map((l) => (
          <a
            key={l.view}
            role="tab"
            id={`tab-${l.view}`}
            aria-selected={l.view === current}
            aria-controls="lens-panel"
            href={routeHash(defaultRoute(l.view))}
            className={l.view === current ? "tab current" : "tab"}
          >
            {l.label}
          </a>
        ))}
      </div>
    </nav>
  );
}

function defaultRoute(view: View) {
  switch (view) {
    case "broker":
    case "producer":
    case "consumer":
      return { view, id: null };
    case "replication":
      return { view, partition: null };
    default:
      return { view };
  }
}
