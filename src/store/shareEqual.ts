/**
 * Returns `prev` wherever `next` is deeply equal to it, so unchanged parts of
 * a fresh snapshot keep their identity and narrow selectors skip re-rendering
 * (the same idea as TanStack Query's replaceEqualDeep). Snapshots are plain
 * JSON-like data: objects, arrays and primitives.
 */
export function shareEqual<T>(prev: unknown, next: T): T {
  if (Object.is(prev, next)) return prev as T;
  if (Array.isArray(prev) && Array.isArray(next)) {
    let same = prev.length === next.length;
    const out = next.map((item, i) => {
      const shared = shareEqual(prev[i], item);
      if (shared !== prev[i]) same = false;
      return shared;
    });
    return (same ? prev : out) as T;
  }
  if (isPlainObject(prev) && isPlainObject(next)) {
    const prevKeys = Object.keys(prev);
    const nextKeys = Object.keys(next);
    let same = prevKeys.length === nextKeys.length;
    const out: Record<string, unknown> = {};
    for (const key of nextKeys) {
      const shared = shareEqual(prev[key], next[key]);
      out[key] = shared;
      if (shared !== prev[key] || !(key in prev)) same = false;
    }
    return (same ? prev : out) as T;
  }
  return next;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
