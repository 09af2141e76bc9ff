import { describe, expect, it } from "vitest";
import { type BrokerBox, clusterLayout, MAX_BROKERS_PER_ROW } from "./layout";

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const overlap = (a: BrokerBox, b: BrokerBox) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe("clusterLayout", () => {
  it.each([1, 3, 4, 5, 6, 9, 12, 20])("puts %i brokers in rows of at most four, none overlapping", (n) => {
    const layout = clusterLayout(ids(n), ["zk-1"], 30);
    const boxes = [...layout.brokers.values()];
    expect(boxes).toHaveLength(n);
    const rows = new Set(boxes.map((b) => b.y));
    expect(rows.size).toBe(Math.ceil(n / MAX_BROKERS_PER_ROW));
    for (const y of rows) expect(boxes.filter((b) => b.y === y).length).toBeLessThanOrEqual(MAX_BROKERS_PER_ROW);
    for (const a of boxes) for (const b of boxes) if (a !== b) expect(overlap(a, b)).toBe(false);
    // Wide enough for a replica's name and "LEO 12345 · HW 12345" side by side with its badge.
    expect(Math.min(...boxes.map((b) => b.width))).toBeGreaterThan(150);
    // The drawing is tall enough for the last row's cards and their last replica.
    const last = boxes.reduce((a, b) => (b.y > a.y ? b : a));
    expect(layout.height).toBeGreaterThanOrEqual(last.y + last.height);
    expect(layout.replicaY(last, 29)).toBeLessThan(last.y + last.height);
  });

  it("orders brokers by id, row by row, and a broker keeps its place whatever the order given", () => {
    const a = clusterLayout([3, 1, 2, 6, 5, 4], ["zk-1"], 5);
    const b = clusterLayout([1, 2, 3, 4, 5, 6], ["zk-1"], 5);
    expect([...a.brokers.values()].sort((x, y) => x.id - y.id)).toEqual(
      [...b.brokers.values()].sort((x, y) => x.id - y.id),
    );
    const box = (id: number) => b.brokers.get(id)!;
    expect(box(1).y).toBe(box(3).y);
    expect(box(4).y).toBeGreaterThan(box(3).y);
    expect(box(1).x).toBeLessThan(box(2).x);
    expect(box(4).x).toBe(box(1).x);
    // Messages leave a card from the middle of its top edge.
    expect(b.anchors.get("broker-5")).toEqual({ x: box(5).x + box(5).width / 2, y: box(5).y });
  });
});
