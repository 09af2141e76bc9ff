import { useNotable } from "../../store/notable";
import { useSim } from "../../store/simStore";
import { formatSimTime } from "../EventLog/describeEvent";
import { Lens } from "./common";

interface TreeNode {
  name: string;
  path: string;
  data: string | null;
  ephemeral: boolean;
  version: number;
  children: TreeNode[];
}

export function znodeTree(
  znodes: readonly { path: string; data: string; version: number; ephemeralOwner: number }[],
): TreeNode {
  const root: TreeNode = { name: "/", path: "/", data: null, ephemeral: false, version: 0, children: [] };
  const byPath = new Map<string, TreeNode>([["/", root]]);
  for (const z of [...znodes].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    if (z.path === "/") continue;
    const parentPath = z.path.slice(0, z.path.lastIndexOf("/")) || "/";
    const node: TreeNode = {
      name: z.path.slice(z.path.lastIndexOf("/") + 1),
      path: z.path,
      data: z.data === "" ? null : z.data,
      ephemeral: z.ephemeralOwner > 0,
      version: z.version,
      children: [],
    };
    byPath.set(z.path, node);
    (byPath.get(parentPath) ?? root).children.push(node);
  }
  return root;
}

function Znode({ node }: { node: TreeNode }) {
  return (
    <li>
      <span className="znode-name">{node.name}</span>
      {node.ephemeral && <span className="badge ephemeral">ephemeral</span>}
      {node.data !== null && <code className="znode-data">{node.data}</code>}
      {node.children.length > 0 && (
        <ul>
          {node.children.map((c) => (
            <Znode key={c.path} node={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The znode tree the controller and brokers coordinate through, sessions with their expiry, recent watches. */
export function ZooKeeperLens() {
  const znodes = useSim((s) => s.snapshot.zookeeper.znodes);
  const sessions = useSim((s) => s.snapshot.zookeeper.sessions);
  const quorum = useSim((s) => s.snapshot.zookeeper.quorum);
  const watches = useNotable("zk.watch.fired");
  const tree = znodeTree(znodes);
  return (
    <Lens
      id="zookeeper-lens"
      title="ZooKeeper"
      intro="In ZooKeeper mode the cluster's metadata lives in znodes. Each broker registers an ephemeral /brokers/ids/N that vanishes when its session expires; the first broker to create /controller becomes the controller; partition state (leader, leader epoch, ISR) is stored as JSON. Watches tell the controller when something changed."
    >
      <p>{quorum ? "✓ The ensemble has a quorum." : "✗ The ensemble has NO quorum: nothing can change."}</p>
      <div className="lens-columns zk-columns">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: the tree scrolls, so keyboard users need to focus it. */}
        <section className="znode-tree" aria-label="Znode tree" tabIndex={0}>
          <ul>
            <Znode node={tree} />
          </ul>
        </section>
        <div>
          <table className="compact">
            <caption>Sessions</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Owner</th>
                <th scope="col">Timeout</th>
                <th scope="col">Expires in</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.id}</th>
                  <td>{s.owner}</td>
                  <td>{`${s.timeoutMs / 1000} s`}</td>
                  <td>
                    <meter
                      min={0}
                      max={s.timeoutMs}
                      low={s.timeoutMs / 3}
                      optimum={s.timeoutMs}
                      value={s.expiresInMs}
                      aria-label={`Session ${s.id} expires in`}
                    />{" "}
                    {`${(s.expiresInMs / 1000).toFixed(1)} s`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Recent watch events</h3>
          <ol className="mini-log" aria-label="Watch events">
            {watches
              .slice(-8)
              .reverse()
              .map((e) => (
                <li key={`${e.t}-${e.session}-${e.path}-${e.event}`}>
                  <span className="event-time">{formatSimTime(e.t)}</span>
                  {` ${e.event} on ${e.path} → ${e.owner}`}
                </li>
              ))}
            {watches.length === 0 && <li>None yet.</li>}
          </ol>
        </div>
      </div>
    </Lens>
  );
}
