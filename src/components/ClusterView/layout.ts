import { scaleBand } from "d3-scale";

/** The cluster drawing's coordinate space (SVG user units); the view scales it to fit. */
export const VIEW_WIDTH = 1080;
/** Producers sit in a column left of the brokers, consumers (grouped by consumer group) right of them. */
export const CLIENT_WIDTH = 150;
export const CLIENT_HEIGHT = 38;
const CLIENT_GAP = 8;
const GROUP_HEADER = 24;
const GROUP_GAP = 12;
const BROKERS_LEFT = CLIENT_WIDTH + 30;
const BROKERS_RIGHT = VIEW_WIDTH - CLIENT_WIDTH - 30;
export const ZK_Y = 44;
export const ZK_RADIUS = 20;
export const BROKER_TOP = 120;
const BROKER_HEADER = 58;
export const REPLICA_HEIGHT = 34;
const REPLICA_GAP = 6;
const BOTTOM_MARGIN = 14;
/** At most this many broker cards side by side: narrower cards clip replica names, offsets and the controller badge. */
export const MAX_BROKERS_PER_ROW = 4;
const ROW_GAP = 28;

export interface Point {
  x: number;
  y: number;
}

export interface BrokerBox {
  id: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ClientBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GroupBox {
  /** The consumer group, or null for standalone consumers. */
  groupId: string | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The consumers of one group (or the standalone ones, groupId null), in a stable order. */
export interface ConsumerColumn {
  groupId: string | null;
  ids: readonly string[];
}

export interface ClusterLayout {
  width: number;
  height: number;
  brokers: Map<number, BrokerBox>;
  producers: Map<string, ClientBox>;
  consumers: Map<string, ClientBox>;
  groups: GroupBox[];
  zookeeper: Map<string, Point>;
  /** Where a message to or from each node starts and ends. */
  anchors: Map<string, Point>;
  /** The top of a broker card's `index`-th replica box. */
  replicaY(box: BrokerBox, index: number): number;
}

/**
 * Brokers sit in rows ordered by id (one row up to MAX_BROKERS_PER_ROW, then
 * as many balanced rows as needed), ZooKeeper servers above them. The layout
 * depends only on the ids and the replica count, so a broker that crashes
 * keeps its place.
 */
export function clusterLayout(
  brokerIds: readonly number[],
  zkIds: readonly string[],
  maxReplicas: number,
  producerIds: readonly string[] = [],
  consumerColumns: readonly ConsumerColumn[] = [],
): ClusterLayout {
  const sorted = [...brokerIds].sort((a, b) => a - b);
  const rows = Math.max(1, Math.ceil(sorted.length / MAX_BROKERS_PER_ROW));
  const perRow = Math.max(1, Math.ceil(sorted.length / rows));
  const band = scaleBand<number>()
    .domain(Array.from({ length: perRow }, (_, i) => i))
    .range([BROKERS_LEFT, BROKERS_RIGHT])
    .paddingInner(0.08)
    .paddingOuter(0.04);
  const height = BROKER_HEADER + Math.max(1, maxReplicas) * (REPLICA_HEIGHT + REPLICA_GAP) + 4;
  const brokers = new Map<number, BrokerBox>();
  const anchors = new Map<string, Point>();
  sorted.forEach((id, i) => {
    const x = band(i % perRow) ?? 0;
    const y = BROKER_TOP + Math.floor(i / perRow) * (height + ROW_GAP);
    brokers.set(id, { id, x, y, width: band.bandwidth(), height });
    anchors.set(`broker-${id}`, { x: x + band.bandwidth() / 2, y });
  });
  const brokersBottom = BROKER_TOP + rows * height + (rows - 1) * ROW_GAP;
  const zkBand = scaleBand<string>()
    .domain(zkIds)
    .range([VIEW_WIDTH / 2 - 70 * zkIds.length, VIEW_WIDTH / 2 + 70 * zkIds.length]);
  const zookeeper = new Map<string, Point>();
  for (const id of zkIds) {
    const p = { x: (zkBand(id) ?? 0) + zkBand.bandwidth() / 2, y: ZK_Y };
    zookeeper.set(id, p);
    anchors.set(id, { x: p.x, y: p.y + ZK_RADIUS });
  }
  // Clients: one box each, in id order, so a client that comes or goes moves only those after it.
  const producers = new Map<string, ClientBox>();
  let py = BROKER_TOP + 20;
  for (const id of producerIds) {
    const box = { id, x: 8, y: py, width: CLIENT_WIDTH, height: CLIENT_HEIGHT };
    producers.set(id, box);
    anchors.set(id, { x: box.x + box.width, y: box.y + box.height / 2 });
    py += CLIENT_HEIGHT + CLIENT_GAP;
  }
  const consumers = new Map<string, ClientBox>();
  const groups: GroupBox[] = [];
  let cy = BROKER_TOP;
  const gx = VIEW_WIDTH - CLIENT_WIDTH - 14;
  for (const column of consumerColumns) {
    const top = cy;
    cy += GROUP_HEADER;
    for (const id of column.ids) {
      const box = { id, x: gx + 6, y: cy, width: CLIENT_WIDTH - 6, height: CLIENT_HEIGHT };
      consumers.set(id, box);
      anchors.set(id, { x: box.x, y: box.y + box.height / 2 });
      cy += CLIENT_HEIGHT + CLIENT_GAP;
    }
    groups.push({ groupId: column.groupId, x: gx, y: top, width: CLIENT_WIDTH + 8, height: cy - top });
    cy += GROUP_GAP;
  }
  const clientsBottom = Math.max(py, cy);
  return {
    width: VIEW_WIDTH,
    height: Math.max(brokersBottom, clientsBottom) + BOTTOM_MARGIN,
    brokers,
    producers,
    consumers,
    groups,
    zookeeper,
    anchors,
    replicaY: (box, index) => box.y + BROKER_HEADER + index * (REPLICA_HEIGHT + REPLICA_GAP),
  };
}

/** Clients and anything else without a place of its own enter from the left edge, level with the brokers. */
export function anchorFor(layout: ClusterLayout, node: string): Point {
  return layout.anchors.get(node) ?? { x: 4, y: BROKER_TOP - 30 };
}

/**
 * Where a message leaves and arrives. Between two brokers the ends move along
 * the card tops toward each other, so that traffic stays clear of the
 * ZooKeeper links, which meet the cards in the middle.
 */
export function messageEnds(layout: ClusterLayout, from: string, to: string): [Point, Point] {
  const a = anchorFor(layout, from);
  const b = anchorFor(layout, to);
  // Client traffic meets the broker card on the side facing the client.
  const clientEnd = (broker: string, client: Point): Point | null => {
    const box = layout.brokers.get(Number(broker.replace(/^broker-/, "")));
    if (box === undefined || !broker.startsWith("broker-")) return null;
    const x = client.x < box.x ? box.x : box.x + box.width;
    return { x, y: Math.min(box.y + box.height - 10, Math.max(box.y + 12, client.y)) };
  };
  if (layout.producers.has(from) || layout.consumers.has(from)) return [a, clientEnd(to, a) ?? b];
  if (layout.producers.has(to) || layout.consumers.has(to)) return [clientEnd(from, b) ?? a, b];
  if (from === to || !from.startsWith("broker-") || !to.startsWith("broker-")) return [a, b];
  const shift = (layout.brokers.values().next().value?.width ?? 0) * 0.28 * Math.sign(b.x - a.x);
  return [
    { x: a.x + shift, y: a.y },
    { x: b.x - shift, y: b.y },
  ];
}

/**
 * The path a message travels: broker-to-broker messages arc above the cards
 * (higher for brokers further apart) so they do not cross the cards between.
 */
export function messagePoint(from: Point, to: Point, t: number): Point {
  const control = controlPoint(from, to);
  const u = 1 - t;
  return {
    x: u * u * from.x + 2 * u * t * control.x + t * t * to.x,
    y: u * u * from.y + 2 * u * t * control.y + t * t * to.y,
  };
}

export function controlPoint(from: Point, to: Point): Point {
  const mx = (from.x + to.x) / 2;
  const my = (from.y + to.y) / 2;
  // Client traffic to a broker across the row arcs over the cards in between.
  if (Math.abs(from.x - to.x) > 260 && Math.min(from.y, to.y) >= BROKER_TOP)
    return { x: mx, y: BROKER_TOP - 40 - Math.abs(from.x - to.x) / 30 };
  if (Math.abs(from.y - to.y) < 1) return { x: mx, y: my - Math.min(60, 18 + Math.abs(from.x - to.x) / 8) };
  return { x: mx, y: my };
}
