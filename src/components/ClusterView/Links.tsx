import { useShallow } from "zustand/react/shallow";
import { useSim } from "../../store/simStore";
import { anchorFor, type ClusterLayout } from "./layout";

/** Faint lines from each ZooKeeper server to each broker; a cut link is dashed and red. */
export function Links({ layout }: { layout: ClusterLayout }) {
  const cuts = useSim(useShallow((s) => s.snapshot.brokers.map((b) => `${b.id}:${b.cutOff}`)));
  const zkIds = [...layout.zookeeper.keys()];
  return (
    <g className="links">
      {cuts.map((entry) => {
        const [id, cutOff] = entry.split(":");
        const to = anchorFor(layout, `broker-${id}`);
        const cut = cutOff === "zookeeper" || cutOff === "everyone" || cutOff === "partial";
        return zkIds.map((zk) => {
          const from = anchorFor(layout, zk);
          return (
            <line
              key={`${zk}-${id}`}
              className={cut ? "link cut" : "link"}
              x1={from.x}
              y1={from.y}
              x2={to.x}
              y2={to.y}
            />
          );
        });
      })}
    </g>
  );
}
