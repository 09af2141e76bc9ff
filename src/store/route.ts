import { useSyncExternalStore } from "react";

/** The main view's lenses, addressed by URL hash: #/cluster, #/broker/2, #/producer/producer-1, … */
export type Route =
  | { view: "cluster" }
  | { view: "broker"; id: number | null }
  | { view: "producer"; id: string | null }
  | { view: "consumer"; id: string | null }
  | { view: "partitions" }
  | { view: "queue-vs-pubsub" }
  | { view: "groups" }
  | { view: "replication"; partition: string | null }
  | { view: "zookeeper" };

export type View = Route["view"];

export const LENSES: readonly { view: View; label: string }[] = [
  { view: "cluster", label: "Cluster" },
  { view: "broker", label: "Broker" },
  { view: "producer", label: "Producer" },
  { view: "consumer", label: "Consumer" },
  { view: "partitions", label: "Partitions" },
  { view: "queue-vs-pubsub", label: "Queue vs pub-sub" },
  { view: "groups", label: "Consumer groups" },
  { view: "replication", label: "Replication" },
  { view: "zookeeper", label: "ZooKeeper" },
];

export function parseRoute(hash: string): Route {
  const [view = "", param] = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  switch (view) {
    case "broker": {
      const id = Number(param);
      return { view, id: param !== undefined && Number.isInteger(id) ? id : null };
    }
    case "producer":
    case "consumer":
      return { view, id: param || null };
    case "replication":
      return { view, partition: param || null };
    case "partitions":
    case "queue-vs-pubsub":
    case "groups":
    case "zookeeper":
      return { view };
    default:
      return { view: "cluster" };
  }
}

export function routeHash(route: Route): string {
  switch (route.view) {
    case "broker":
      return route.id === null ? "#/broker" : `#/broker/${route.id}`;
    case "producer":
    case "consumer":
      return route.id === null ? `#/${route.view}` : `#/${route.view}/${encodeURIComponent(route.id)}`;
    case "replication":
      return route.partition === null ? "#/replication" : `#/replication/${encodeURIComponent(route.partition)}`;
    default:
      return `#/${route.view}`;
  }
}

export function navigate(route: Route): void {
  window.location.hash = routeHash(route);
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

const currentHash = () => (typeof window === "undefined" ? "" : window.location.hash);

/** The current route; re-renders only when the hash changes. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash, () => "");
  return parseRoute(hash);
}
