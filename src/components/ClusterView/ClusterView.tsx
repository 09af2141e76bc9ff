import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { useSim } from "../../store/simStore";
import { BrokerCard } from "./BrokerCard";
import { Links } from "./Links";
import { clusterLayout } from "./layout";
import { MessageLayer } from "./MessageLayer";
import { MessageLegend } from "./MessageLegend";
import { ZooKeeperEnsemble } from "./ZooKeeperEnsemble";

/** The cluster: ZooKeeper on top, brokers in a fixed row, messages in flight between them. */
export function ClusterView() {
  const brokerIds = useSim(useShallow((s) => s.snapshot.brokers.map((b) => b.id)));
  const zkIds = useSim(useShallow((s) => s.snapshot.zookeeper.servers.map((z) => z.id)));
  const maxReplicas = useSim((s) => Math.max(0, ...s.snapshot.brokers.map((b) => b.replicas.length)));
  const layout = useMemo(() => clusterLayout(brokerIds, zkIds, maxReplicas), [brokerIds, zkIds, maxReplicas]);

  return (
    <section className="cluster-view" aria-labelledby="cluster-heading">
      <h2 id="cluster-heading" className="visually-hidden">
        Cluster
      </h2>
      <div className="cluster-canvas" style={{ aspectRatio: `${layout.width} / ${layout.height}` }}>
        {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; the group names the drawing around the broker buttons. */}
        <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="group" aria-label="Cluster diagram">
          <Links layout={layout} />
          <ZooKeeperEnsemble layout={layout} />
          {brokerIds.map((id) => {
            const box = layout.brokers.get(id);
            return box ? <BrokerCard key={id} id={id} box={box} replicaY={layout.replicaY} /> : null;
          })}
        </svg>
        <MessageLayer layout={layout} />
      </div>
      <MessageLegend />
    </section>
  );
}
