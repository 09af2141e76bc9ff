import { useShallow } from "zustand/react/shallow";
import { useSim } from "../../store/simStore";
import { type ClusterLayout, ZK_RADIUS, ZK_Y } from "./layout";

/** The ZooKeeper servers, up or down, and whether the ensemble has a quorum. */
export function ZooKeeperEnsemble({ layout }: { layout: ClusterLayout }) {
  const servers = useSim((s) => s.snapshot.zookeeper.servers);
  const quorum = useSim((s) => s.snapshot.zookeeper.quorum);
  const selectedZk = useSim(useShallow((s) => (s.selected?.kind === "zookeeper" ? s.selected.id : null)));
  const select = useSim((s) => s.select);
  const up = servers.filter((s) => s.up).length;

  return (
    <g className="zookeeper">
      <text className="zk-heading" x={12} y={ZK_Y - 6}>
        ZooKeeper ensemble
      </text>
      <text className={`zk-quorum ${quorum ? "has-quorum" : "no-quorum"}`} x={12} y={ZK_Y + 12}>
        {quorum ? `✓ quorum (${up} of ${servers.length} up)` : `✗ NO quorum (${up} of ${servers.length} up)`}
      </text>
      {servers.map((server) => {
        const p = layout.zookeeper.get(server.id);
        if (p === undefined) return null;
        const n = server.id.replace(/^zk-/, "");
        const choose = () => select({ kind: "zookeeper", id: server.id });
        return (
          // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it has role, name, focus and keys.
          <g
            key={server.id}
            role="button"
            tabIndex={0}
            aria-label={`ZooKeeper server ${n}, ${server.up ? "up" : "down"}`}
            aria-pressed={selectedZk === server.id}
            className={`zk-server ${server.up ? "up" : "down"}${selectedZk === server.id ? " selected" : ""}`}
            onClick={choose}
            onKeyDown={(e) => {
              if (e.key === "Enter" || e.key === " ") {
                e.preventDefault();
                choose();
              }
            }}
          >
            <circle cx={p.x} cy={p.y} r={ZK_RADIUS} />
            <text x={p.x} y={p.y + 4} textAnchor="middle" className="zk-name">
              {`ZK ${n}`}
            </text>
            <text x={p.x + ZK_RADIUS + 6} y={p.y + 4} className="zk-state">
              {server.up ? "up" : "down"}
            </text>
          </g>
        );
      })}
    </g>
  );
}
