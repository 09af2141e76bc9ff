/**
 * The producer's key → partition mapping and the Java integer helpers Kafka
 * builds it from, bit for bit: a key lands on the same partition here as it
 * would with the Java client.
 *
 * Sources: clients/.../common/utils/Utils.java (murmur2, toPositive, abs),
 * clients/.../producer/internals/BuiltInPartitioner.java (partitionForKey),
 * core/.../coordinator/group/GroupMetadataManager.scala (partitionFor).
 */

const MURMUR2_SEED = 0x9747b28c;
const MURMUR2_M = 0x5bd1e995;
const MURMUR2_R = 24;
const INT_MIN_VALUE = -0x80000000;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string, as Kafka's StringSerializer (and `Utils.utf8`) produce them. */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Kafka's 32-bit murmur2 (`Utils.murmur2`). Returns a signed 32-bit integer,
 * exactly what the Java method returns.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = MURMUR2_SEED ^ length;

  const wholeWords = length >>> 2;
  for (let i = 0; i < wholeWords; i++) {
    const i4 = i * 4;
    // little-endian word
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, MURMUR2_M);
    k ^= k >>> MURMUR2_R;
    k = Math.imul(k, MURMUR2_M);
    h = Math.imul(h, MURMUR2_M);
    h ^= k;
  }

  // The tail bytes, as Java's fall-through switch on `length % 4` mixes them.
  const tail = length & ~3;
  const remaining = length & 3;
  if (remaining === 3) h ^= data[tail + 2] << 16;
  if (remaining >= 2) h ^= data[tail + 1] << 8;
  if (remaining >= 1) {
    h ^= data[tail];
    h = Math.imul(h, MURMUR2_M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, MURMUR2_M);
  h ^= h >>> 15;
  return h | 0;
}

/** `Utils.toPositive`: clears the sign bit (not the absolute value). */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** `Utils.abs`: absolute value of a Java int, with `abs(Integer.MIN_VALUE) == 0`. */
export function javaAbs(n: number): number {
  const value = n | 0;
  return value === INT_MIN_VALUE ? 0 : Math.abs(value);
}

/** Java's `String.hashCode()`: h = 31 * h + c over UTF-16 code units, 32-bit. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  }
  return h;
}

/**
 * The partition a keyed record goes to (`BuiltInPartitioner.partitionForKey`):
 * `toPositive(murmur2(keyBytes)) % numPartitions`, over all partitions of the
 * topic, available or not. A string key is serialized as UTF-8 first.
 */
export function partitionForKey(key: string | Uint8Array, numPartitions: number): number {
  if (!Number.isInteger(numPartitions) || numPartitions <= 0) {
    throw new RangeError(`numPartitions must be a positive integer, got ${numPartitions}`);
  }
  const bytes = typeof key === "string" ? utf8(key) : key;
  return toPositive(murmur2(bytes)) % numPartitions;
}

/**
 * The `__consumer_offsets` partition whose leader coordinates `groupId`
 * (`GroupMetadataManager.partitionFor`): `Utils.abs(groupId.hashCode) % partitions`.
 */
export function coordinatorPartition(groupId: string, offsetsTopicPartitions: number): number {
  if (!Number.isInteger(offsetsTopicPartitions) || offsetsTopicPartitions <= 0) {
    throw new RangeError(`offsetsTopicPartitions must be a positive integer, got ${offsetsTopicPartitions}`);
  }
  return javaAbs(javaStringHashCode(groupId)) % offsetsTopicPartitions;
}
