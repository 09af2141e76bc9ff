import type { BrokerNode, World } from "./world";

/**
 * A deep copy of the world for time travel, sharing what never changes once
 * written: log records, settled messages and trace events are immutable, so
 * the copy takes new arrays of the same objects instead of cloning them.
 * Everything else (queues, maps, states, random streams) is structuredClone'd.
 */
export function cloneWorld(w: World): World {
  const logs: { records: unknown[] }[] = [];
  for (const node of w.nodes.values()) {
    if (node.kind !== "broker") continue;
    for (const log of (node as BrokerNode).durable.logs.values()) logs.push(log);
  }
  const records = logs.map((l) => l.records);
  const events = w.trace.events;
  const recent = w.net.recent;
  for (const l of logs) l.records = [];
  w.trace.events = [];
  w.net.recent = [];
  let copy: World;
  try {
    copy = structuredClone(w);
  } finally {
    logs.forEach((l, i) => {
      l.records = records[i];
    });
    w.trace.events = events;
    w.net.recent = recent;
  }
  let i = 0;
  for (const node of copy.nodes.values()) {
    if (node.kind !== "broker") continue;
    for (const log of (node as BrokerNode).durable.logs.values())
      log.records = records[i++].slice() as typeof log.records;
  }
  copy.trace.events = events.slice();
  copy.net.recent = recent.slice();
  return copy;
}
