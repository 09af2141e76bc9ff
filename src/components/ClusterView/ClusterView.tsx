import { useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { useSim } from "../../store/simStore";
import { BrokerCard } from "./BrokerCard";
import { Clients } from "./Clients";
import { Links } from "./Links";
import { type ConsumerColumn, clusterLayout } from "./layout";
import { MessageLayer } from "./MessageLayer";
import { MessageLegend } from "./MessageLegend";
import { ZooKeeperEnsemble } from "./ZooKeeperEnsemble";

/** "group\tconsumer" pairs, sorted: groups in name order (standalone last), consumers in id order. */
function consumerKeys(consumers: readonly { id: string; group: { groupId: string } | null }[]): string[] {
  return consumers
    .map((c) => `${c.group?.groupId ?? "\uffff"}\t${c.id}`)
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

function columns(keys: readonly string[]): ConsumerColumn[] {
  const out: { groupId: string | null; ids: string[] }[] = [];
  for (const key of keys) {
    const [g, id] = key.split("\t");
    const groupId = g === "\uffff" ? null : g;
    const last = out[out.length - 1];
    if (last !== undefined && last.groupId === groupId) last.ids.push(id);
    else out.push({ groupId, ids: [id] });
  }
  return out;
}

/** The cluster: ZooKeeper on top, brokers in fixed rows, producers left, consumer groups right, messages between them. */
export function ClusterView() {
  const brokerIds = useSim(useShallow((s) => s.snapshot.brokers.map((b) => b.id)));
  const zkIds = useSim(useShallow((s) => s.snapshot.zookeeper.servers.map((z) => z.id)));
  const maxReplicas = useSim((s) => Math.max(0, ...s.snapshot.brokers.map((b) => b.replicas.length)));
  const producerIds = useSim(
    useShallow((s) =>
      s.snapshot.producers.map((p) => p.id).sort((a, b) => a.localeCompare(b, "en", { numeric: true })),
    ),
  );
  const consumerKeyList = useSim(useShallow((s) => consumerKeys(s.snapshot.consumers)));
  const layout = useMemo(
    () => clusterLayout(brokerIds, zkIds, maxReplicas, producerIds, columns(consumerKeyList)),
    [brokerIds, zkIds, maxReplicas, producerIds, consumerKeyList],
  );

  return (
    <section className="cluster-view" aria-labelledby="cluster-heading">
      <h2 id="cluster-heading" className="visually-hidden">
        Cluster
      </h2>
      {/*
       * One drawing in three layers of SVG, all in the same user space: ZooKeeper and its links, then a
       * separate <svg> per broker card, then the clients. While playing, the broker cards are brought up
       * to date a few at a time (store/viewCycle.ts); in an <svg> of its own, a card that changes is laid
       * out and repainted alone instead of the whole diagram. Export puts the layers back into one file.
       */}
      {/* biome-ignore lint/a11y/useSemanticElements: a <fieldset> is for form controls; the group names the drawing around the broker buttons. */}
      <div
        className="cluster-canvas"
        role="group"
        aria-label="Cluster diagram"
        style={{ aspectRatio: `${layout.width} / ${layout.height}` }}
      >
        <svg viewBox={`0 0 ${layout.width} ${layout.height}`} role="none" data-export="cluster">
          <Links layout={layout} />
          <ZooKeeperEnsemble layout={layout} />
        </svg>
        {brokerIds.map((id) => {
          const box = layout.brokers.get(id);
          return box ? (
            <svg
              key={id}
              className="broker-layer"
              role="none"
              data-export-part=""
              viewBox={`${box.x} ${box.y} ${box.width} ${box.height}`}
              style={{
                left: percent(box.x, layout.width),
                top: percent(box.y, layout.height),
                width: percent(box.width, layout.width),
                height: percent(box.height, layout.height),
              }}
            >
              <BrokerCard id={id} box={box} replicaY={layout.replicaY} />
            </svg>
          ) : null;
        })}
        <svg className="clients-layer" viewBox={`0 0 ${layout.width} ${layout.height}`} role="none" data-export-part="">
          <Clients layout={layout} />
        </svg>
        <MessageLayer layout={layout} />
      </div>
      <MessageLegend />
    </section>
  );
}

const percent = (value: number, of: number) => `${(value / of) * 100}%`;
