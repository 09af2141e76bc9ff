/**
 * The event queue: a binary min-heap ordered by (at, seq). `seq` is the
 * insertion number, so two events at the same instant always run in the order
 * they were scheduled, in every run. Plain data, so snapshots can clone it.
 */
export interface Queued {
  at: number;
  seq: number;
}

export interface EventQueue<E extends Queued> {
  heap: E[];
  nextSeq: number;
}

export function createQueue<E extends Queued>(): EventQueue<E> {
  return { heap: [], nextSeq: 0 };
}

function before(a: Queued, b: Queued): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

export function push<E extends Queued>(q: EventQueue<E>, event: E): void {
  const heap = q.heap;
  let i = heap.length;
  heap.push(event);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(event, heap[parent])) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = event;
}

export function peek<E extends Queued>(q: EventQueue<E>): E | undefined {
  return q.heap[0];
}

export function pop<E extends Queued>(q: EventQueue<E>): E | undefined {
  const heap = q.heap;
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  const n = heap.length;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const child = r < n && before(heap[r], heap[l]) ? r : l;
    if (!before(heap[child], last)) break;
    heap[i] = heap[child];
    i = child;
  }
  heap[i] = last;
  return top;
}
