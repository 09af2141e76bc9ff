import { useEffect } from "react";

/**
 * The elements a tour id refers to. The views name their elements for
 * screen readers ("Broker 2, …", "ZooKeeper server 1, …", rows "orders-0 …");
 * the tour finds them by those names, or by a data-node attribute if a view
 * sets one.
 */
export function selectorsFor(id: string): string[] {
  const out = [`[data-node="${CSS.escape(id)}"]`];
  let m: RegExpExecArray | null;
  if ((m = /^broker-(\d+)$/.exec(id))) out.push(`[aria-label^="Broker ${m[1]},"]`);
  else if ((m = /^zk-(\d+)$/.exec(id))) out.push(`[aria-label^="ZooKeeper server ${m[1]},"]`);
  else if ((m = /^(producer|consumer)-(\d+)$/.exec(id)))
    out.push(`svg [aria-label^="${id}"]`, `svg [aria-label*="${id},"]`);
  else if ((m = /^partition:([a-zA-Z0-9._-]+)$/.exec(id))) out.push(`[data-partition="${m[1]}"]`);
  return out;
}

/** The elements for one id: by selector, and partition rows by their first cell ("orders-0"). */
export function elementsFor(id: string, root: ParentNode = document): Element[] {
  const found = new Set<Element>();
  for (const selector of selectorsFor(id)) {
    try {
      for (const el of root.querySelectorAll(selector)) found.add(el);
    } catch {
      // An id that makes no valid selector simply highlights nothing.
    }
  }
  const partition = /^partition:(.+)$/.exec(id)?.[1];
  if (partition !== undefined) {
    for (const row of root.querySelectorAll("tr")) {
      if (row.firstElementChild?.textContent?.trim() === partition) found.add(row);
    }
  }
  return [...found];
}

const ATTR = "data-highlight";

/** Mark the elements of the current tour step with data-highlight="tour" (re-applied as views re-render). */
export function useHighlight(ids: readonly string[], version: number): void {
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-apply after every publish, since views may replace their nodes.
  useEffect(() => {
    if (typeof document === "undefined") return;
    const marked = new Set<Element>();
    for (const id of ids) for (const el of elementsFor(id)) marked.add(el);
    for (const el of document.querySelectorAll(`[${ATTR}]`)) if (!marked.has(el)) el.removeAttribute(ATTR);
    for (const el of marked) el.setAttribute(ATTR, "tour");
  }, [ids.join(" "), version]);
}
