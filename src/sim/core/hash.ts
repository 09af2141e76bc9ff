/**
 * A running 64-bit hash (two 32-bit lanes mixed differently) over a
 * canonical walk of plain values: an object's values in insertion order, which
 * the engine's code fixes for each event type (its keys are not hashed: the
 * type and the order say which is which), numbers by value, strings two code
 * units at a time. Two runs compare in one string without ever serializing the
 * trace.
 */
export interface Hasher {
  a: number;
  b: number;
}

export function createHasher(): Hasher {
  return { a: 0x811c9dc5, b: 0x050c5d1f };
}

/** One 32-bit word into both lanes: FNV-1a's step on whole words, and a murmur-style multiply-shift. */
function mix(h: Hasher, x: number): void {
  h.a = Math.imul(h.a ^ x, 0x01000193);
  const b = Math.imul((h.b + x) | 0, 0x5bd1e995);
  h.b = b ^ (b >>> 15);
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);

export function hashValue(h: Hasher, value: unknown): void {
  switch (typeof value) {
    case "number":
      // A 32-bit integer is one word (the usual case: times, offsets, ids); anything else is tagged.
      if ((value | 0) === value) {
        mix(h, value);
      } else {
        scratch[0] = value;
        mix(h, 2);
        mix(h, scratchWords[0]);
        mix(h, scratchWords[1]);
      }
      return;
    case "string": {
      const n = value.length;
      mix(h, n * 4 + 3);
      let i = 0;
      for (; i + 1 < n; i += 2) mix(h, value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16));
      if (i < n) mix(h, value.charCodeAt(i));
      return;
    }
    case "boolean":
      mix(h, value ? 4 : 5);
      return;
    case "undefined":
      mix(h, 6);
      return;
    case "object":
      if (value === null) {
        mix(h, 7);
      } else if (Array.isArray(value)) {
        mix(h, 8);
        mix(h, value.length);
        for (const item of value) hashValue(h, item);
      } else {
        mix(h, 9);
        let n = 0;
        for (const key in value) {
          hashValue(h, (value as Record<string, unknown>)[key]);
          n++;
        }
        mix(h, n);
      }
      return;
    default:
      throw new Error(`cannot hash a ${typeof value}`);
  }
}

export function digest(h: Hasher): string {
  return (h.a >>> 0).toString(16).padStart(8, "0") + (h.b >>> 0).toString(16).padStart(8, "0");
}

/** FNV-1a of short, often repeated strings (node ids, message types), memoized: a pure function of the text. */
const nameHashes = new Map<string, number>();

/** Mix a name in by its memoized 32-bit hash: cheaper than hashing it character by character on a hot path. */
export function hashName(h: Hasher, name: string): void {
  let x = nameHashes.get(name);
  if (x === undefined) {
    x = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) x = Math.imul(x ^ name.charCodeAt(i), 0x01000193);
    if (nameHashes.size < 100_000) nameHashes.set(name, x);
  }
  mix(h, 10);
  mix(h, x >>> 0);
}

/** Mix in a number that is known to be a 32-bit integer. */
export function hashInt(h: Hasher, x: number): void {
  mix(h, x | 0);
}
