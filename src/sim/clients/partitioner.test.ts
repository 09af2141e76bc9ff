import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  coordinatorPartition,
  javaAbs,
  javaStringHashCode,
  murmur2,
  partitionForKey,
  toPositive,
  utf8,
} from "./partitioner";

describe("murmur2", () => {
  // Kafka: UtilsTest.testMurmur2
  it.each([
    ["21", -973932308],
    ["foobar", -790332482],
    ["a-little-bit-long-string", -985981536],
    ["a-little-bit-longer-string", -1486304829],
    ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971],
  ])("hashes %j to the same signed int as Java (%i)", (input, expected) => {
    expect(murmur2(utf8(input))).toBe(expected);
  });

  // Kafka: UtilsTest.testMurmur2 (byte array {'a', 'b', 'c'})
  it("hashes raw bytes abc to 479470107", () => {
    expect(murmur2(new Uint8Array([97, 98, 99]))).toBe(479470107);
  });

  it("always returns a 32-bit signed integer", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const h = murmur2(bytes);
        return Number.isInteger(h) && h >= -0x80000000 && h <= 0x7fffffff;
      }),
    );
  });
});

describe("toPositive and javaAbs", () => {
  // Kafka: Utils.toPositive clears the sign bit, it is not Math.abs
  it("toPositive masks the sign bit instead of negating", () => {
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(toPositive(-973932308)).toBe(-973932308 & 0x7fffffff);
    expect(toPositive(-0x80000000)).toBe(0);
    expect(toPositive(42)).toBe(42);
  });

  // Kafka: UtilsTest.testAbs
  it("javaAbs maps Integer.MIN_VALUE to 0 and otherwise takes the absolute value", () => {
    expect(javaAbs(-0x80000000)).toBe(0);
    expect(javaAbs(-10)).toBe(10);
    expect(javaAbs(10)).toBe(10);
    expect(javaAbs(0)).toBe(0);
    expect(javaAbs(-1)).toBe(1);
  });
});

describe("javaStringHashCode", () => {
  // Java String.hashCode facts (not a Kafka test): "hello" is 99162322, "Aa" and "BB" collide,
  // and "polygenelubricants" hashes to Integer.MIN_VALUE.
  it("matches Java's String.hashCode", () => {
    expect(javaStringHashCode("")).toBe(0);
    expect(javaStringHashCode("hello")).toBe(99162322);
    expect(javaStringHashCode("Aa")).toBe(javaStringHashCode("BB"));
    expect(javaStringHashCode("polygenelubricants")).toBe(-0x80000000);
  });
});

describe("partitionForKey", () => {
  // Kafka: BuiltInPartitioner.partitionForKey = toPositive(murmur2(key)) % numPartitions.
  // Vectors from kafka-python test_partitioner.test_murmur2_java_compatibility,
  // "compare with output from Kafka's org.apache.kafka.clients.producer.Partitioner", 1000 partitions.
  it.each([
    ["", 681],
    ["a", 524],
    ["ab", 434],
    ["abc", 107],
    ["123456789", 566],
  ])("sends key %j to partition %i of 1000, like the Java client", (key, expected) => {
    expect(partitionForKey(key, 1000)).toBe(expected);
  });

  it("hashes byte keys without re-encoding them", () => {
    expect(partitionForKey(new Uint8Array([0x00, 0x20]), 1000)).toBe(742);
    expect(partitionForKey(utf8("abc"), 1000)).toBe(partitionForKey("abc", 1000));
  });

  // Kafka: DefaultPartitionerTest.testKeyPartitionIsStable
  it("is stable and always within range", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 500 }), (key, n) => {
        const p = partitionForKey(key, n);
        return p === partitionForKey(key, n) && p >= 0 && p < n;
      }),
    );
  });

  it("rejects a topic without partitions", () => {
    expect(() => partitionForKey("k", 0)).toThrow(RangeError);
  });
});

describe("coordinatorPartition", () => {
  // Kafka: GroupMetadataManager.partitionFor = Utils.abs(groupId.hashCode) % offsets.topic.num.partitions
  it("uses Utils.abs of String.hashCode modulo the offsets topic partitions", () => {
    expect(coordinatorPartition("hello", 50)).toBe(99162322 % 50);
    expect(coordinatorPartition("", 50)).toBe(0);
  });

  it("maps a group id hashing to Integer.MIN_VALUE to partition 0", () => {
    expect(coordinatorPartition("polygenelubricants", 50)).toBe(0);
  });

  it("stays within the offsets topic", () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 200 }), (groupId, n) => {
        const p = coordinatorPartition(groupId, n);
        return p >= 0 && p < n;
      }),
    );
  });
});
