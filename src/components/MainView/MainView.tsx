import { startCollectingNotable } from "../../store/notable";
import { type Route, useRoute } from "../../store/route";
import { ClusterView } from "../ClusterView/ClusterView";
import { BrokerLens } from "../Lenses/BrokerLens";
import { ConsumerLens } from "../Lenses/ConsumerLens";
import { GroupsLens } from "../Lenses/GroupsLens";
import { PartitionsLens } from "../Lenses/PartitionsLens";
import { ProducerLens } from "../Lenses/ProducerLens";
import { QueuePubSubLens } from "../Lenses/QueuePubSubLens";
import { ReplicationLens } from "../Lenses/ReplicationLens";
import { ZooKeeperLens } from "../Lenses/ZooKeeperLens";
import { LensTabs } from "./LensTabs";

// Lenses show events from before they were opened (watches fired at start-up, truncations).
startCollectingNotable();

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
        <View route={route} />
      </div>
    </div>
  );
}
