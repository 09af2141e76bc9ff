import type { MessageKind } from "../../sim";

/**
 * Okabe–Ito colours (safe for the common colour-vision deficiencies) plus a
 * letter per kind, so colour is never the only signal.
 */
export const MESSAGE_KINDS: readonly { kind: MessageKind; label: string; letter: string; colour: string }[] = [
  { kind: "zookeeper", label: "ZooKeeper", letter: "Z", colour: "#56B4E9" },
  { kind: "controller", label: "Controller", letter: "C", colour: "#E69F00" },
  { kind: "replication", label: "Replication", letter: "R", colour: "#009E73" },
  { kind: "produce", label: "Produce", letter: "P", colour: "#D55E00" },
  { kind: "fetch", label: "Consumer fetch", letter: "F", colour: "#0072B2" },
  { kind: "group", label: "Group", letter: "G", colour: "#CC79A7" },
  { kind: "metadata", label: "Metadata", letter: "M", colour: "#F0E442" },
];

export const KIND_STYLE = new Map(MESSAGE_KINDS.map((k) => [k.kind, k]));

/** Black or white letters, whichever reads better on the kind's colour. */
export function letterColour(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const r = (n >> 16) & 255;
  const g = (n >> 8) & 255;
  const b = n & 255;
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? "#000" : "#fff";
}
