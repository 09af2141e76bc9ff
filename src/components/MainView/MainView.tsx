import { lazy, Suspense } from "react";
import { startCollectingNotable } from "../../store/notable";
import { type Route, useRoute } from "../../store/route";
import { ClusterView } from "../ClusterView/ClusterView";
import { LensTabs } from "./LensTabs";

// Lenses show events from before they were opened (watches fired at start-up, truncations).
startCollectingNotable();

/*
 * The cluster view is in the initial bundle; the eight lenses are loaded on
 * first use (one chunk), and fetched in the background once the page is idle,
 * so switching tabs rarely waits.
 */
const loadLenses = () => import("./lenses");
const BrokerLens = lazy(() => loadLenses().then((m) => ({ default: m.BrokerLens })));
const ProducerLens = lazy(() => loadLenses().then((m) => ({ default: m.ProducerLens })));
const ConsumerLens = lazy(() => loadLenses().then((m) => ({ default: m.ConsumerLens })));
const PartitionsLens = lazy(() => loadLenses().then((m) => ({ default: m.PartitionsLens })));
const QueuePubSubLens = lazy(() => loadLenses().then((m) => ({ default: m.QueuePubSubLens })));
const GroupsLens = lazy(() => loadLenses().then((m) => ({ default: m.GroupsLens })));
const ReplicationLens = lazy(() => loadLenses().then((m) => ({ default: m.ReplicationLens })));
const ZooKeeperLens = lazy(() => loadLenses().then((m) => ({ default: m.ZooKeeperLens })));

if (typeof window !== "undefined") {
  const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 2000));
  idle(() => void loadLenses());
}

function View({ route }: { route: Route }) {
  switch (route.view) {
    case "cluster":
      return <ClusterView />;
    case "broker":
      return <BrokerLens id={route.id} />;
    case "producer":
      return <ProducerLens id={route.id} />;
    case "consumer":
      return <ConsumerLens id={route.id} />;
    case "partitions":
      return <PartitionsLens />;
    case "queue-vs-pubsub":
      return <QueuePubSubLens />;
    case "groups":
      return <GroupsLens />;
    case "replication":
      return <ReplicationLens partition={route.partition} />;
    case "zookeeper":
      return <ZooKeeperLens />;
  }
}

/** The main diagram: the cluster view, or one of the eight lenses, chosen by the URL hash. */
export function MainView() {
  const route = useRoute();
  return (
    <div className="main-view">
      <LensTabs current={route.view} />
      <div role="tabpanel" id="lens-panel" aria-labelledby={`tab-${route.view}`} className="lens-panel">
        <Suspense fallback={<p className="lens-loading">Loading…</p>}>
          <View route={route} />
        </Suspense>
      </div>
    </div>
  );
}
