/**
 * Properties every assignor must keep, over random groups: topics of 0–6 partitions,
 * members with random subscriptions, owned partitions and generations.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { javaStringHashCode } from "../../clients/partitioner";
import { ASSIGNOR_PROTOCOLS, ASSIGNORS, DEFAULT_ASSIGNMENT_STRATEGY } from "./index";
import { cooperativeStickyAssign, stickyAssign } from "./sticky";
import {
  canonicalName,
  expectCompleteAndValid,
  isFullyBalanced,
  keySet,
  type Subscriptions,
  subscription,
  verifyCooperativeValidity,
  verifyValidityAndBalance,
} from "./testSupport";
import { type Assignment, javaHashMapOrder, type PartitionsPerTopic, partitionsOf, type Subscription } from "./types";

interface Group {
  ppt: PartitionsPerTopic;
  subscriptions: Subscription[];
}

/** A group; with `identical`, every member subscribes to the same topics. */
const groupArb = (identical: boolean): fc.Arbitrary<Group> =>
  fc
    .record({
      counts: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 }),
      size: fc.integer({ min: 1, max: 6 }),
    })
    .chain(({ counts, size }) => {
      const topics = counts.map((_, i) => `t${i}`);
      const ppt = Object.fromEntries(topics.map((t, i) => [t, counts[i]]));
      const partitions = topics.flatMap((t, i) => partitionsOf(t, counts[i]));
      const member = fc.record({
        topics: fc.subarray(topics, { minLength: 1 }),
        owned: fc.subarray(partitions),
        generation: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      });
      return fc.record({
        ppt: fc.constant(ppt),
        shared: fc.subarray(topics, { minLength: 1 }),
        members: fc.array(member, { minLength: size, maxLength: size }),
      });
    })
    .map(({ ppt, shared, members }) => ({
      ppt,
      subscriptions: members.map((m, i) =>
        subscription(canonicalName("member-", i, 10), identical ? [...shared] : m.topics, m.owned, m.generation),
      ),
    }));

const anyGroup = fc.oneof(groupArb(true), groupArb(false));

const asMap = (subscriptions: readonly Subscription[]): Subscriptions =>
  new Map(subscriptions.map((s) => [s.memberId, s]));

/** Follow-up rebalances (owned := assigned, next generation) until nobody revokes anything. */
function settleCooperative(group: Group): { assignment: Assignment; subscriptions: Subscription[]; rounds: number } {
  let subscriptions = group.subscriptions;
  let assignment = cooperativeStickyAssign(group.ppt, subscriptions);
  let rounds = 0;
  while (verifyCooperativeValidity(asMap(subscriptions), assignment)) {
    rounds++;
    expect(rounds).toBeLessThanOrEqual(4);
    subscriptions = subscriptions.map((s) => subscription(s.memberId, s.topics, assignment[s.memberId], 10 + rounds));
    assignment = cooperativeStickyAssign(group.ppt, subscriptions);
  }
  return { assignment, subscriptions, rounds };
}

describe("every eager assignor", () => {
  it.each(["range", "roundrobin", "sticky"] as const)(
    "%s assigns each subscribed partition exactly once, only to a subscribed member",
    (name) => {
      fc.assert(
        fc.property(anyGroup, ({ ppt, subscriptions }) => {
          expectCompleteAndValid(ppt, subscriptions, ASSIGNORS[name](ppt, subscriptions));
        }),
        { numRuns: 300 },
      );
    },
  );
});

describe("sticky assignors", () => {
  it("sticky balances identical subscriptions to within one partition", () => {
    fc.assert(
      fc.property(groupArb(true), ({ ppt, subscriptions }) => {
        expect(isFullyBalanced(stickyAssign(ppt, subscriptions))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("sticky leaves no partition movable to a member with 2+ fewer (Kafka's balance check)", () => {
    fc.assert(
      fc.property(anyGroup, ({ ppt, subscriptions }) => {
        verifyValidityAndBalance(asMap(subscriptions), stickyAssign(ppt, subscriptions));
      }),
      { numRuns: 300 },
    );
  });

  it("cooperative-sticky never gives out a partition another member is revoking in the same rebalance", () => {
    fc.assert(
      fc.property(anyGroup, ({ ppt, subscriptions }) => {
        const assignment = cooperativeStickyAssign(ppt, subscriptions);
        const owners = new Map<string, string>();
        for (const s of subscriptions) {
          for (const p of assignment[s.memberId]) {
            expect(s.topics).toContain(p.topic);
            expect(owners.has(`${p.topic}-${p.partition}`)).toBe(false);
            owners.set(`${p.topic}-${p.partition}`, s.memberId);
          }
        }
        verifyCooperativeValidity(asMap(subscriptions), assignment);
      }),
      { numRuns: 300 },
    );
  });

  it("cooperative-sticky settles within a few follow-up rebalances on a complete, balanced assignment", () => {
    fc.assert(
      fc.property(groupArb(true), (group) => {
        const settled = settleCooperative(group);
        expectCompleteAndValid(group.ppt, settled.subscriptions, settled.assignment);
        expect(isFullyBalanced(settled.assignment)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(groupArb(false), (group) => {
        const settled = settleCooperative(group);
        expectCompleteAndValid(group.ppt, settled.subscriptions, settled.assignment);
        verifyValidityAndBalance(asMap(settled.subscriptions), settled.assignment);
      }),
      { numRuns: 300 },
    );
  });

  it("keeps every remaining member's partitions when a member leaves a balanced group", () => {
    fc.assert(
      fc.property(groupArb(true), fc.nat(), (group, leaverSeed) => {
        fc.pre(group.subscriptions.length >= 2);
        const fresh = group.subscriptions.map((s) => subscription(s.memberId, s.topics));
        const before = stickyAssign(group.ppt, fresh);
        const leaver = fresh[leaverSeed % fresh.length].memberId;
        const remaining = fresh
          .filter((s) => s.memberId !== leaver)
          .map((s) => subscription(s.memberId, s.topics, before[s.memberId], 1));

        const sticky = stickyAssign(group.ppt, remaining);
        const cooperative = cooperativeStickyAssign(group.ppt, remaining);
        for (const s of remaining) {
          const now = keySet(sticky[s.memberId]);
          for (const p of before[s.memberId]) expect(now.has(`${p.topic}-${p.partition}`)).toBe(true);
        }
        // nothing changes owner, so the cooperative assignor needs no second rebalance
        expect(cooperative).toEqual(sticky);
        expectCompleteAndValid(group.ppt, remaining, cooperative);
      }),
      { numRuns: 300 },
    );
  });
});

describe("assignor registry", () => {
  it("names the assignors by their Kafka protocol names", () => {
    expect(Object.keys(ASSIGNORS).sort()).toEqual(["cooperative-sticky", "range", "roundrobin", "sticky"]);
    expect(ASSIGNOR_PROTOCOLS["cooperative-sticky"]).toContain("COOPERATIVE");
    expect(ASSIGNOR_PROTOCOLS.range).toEqual(["EAGER"]);
  });

  // Kafka 3.0+: ConsumerConfig partition.assignment.strategy default [RangeAssignor, CooperativeStickyAssignor]
  it("defaults to range, then cooperative-sticky", () => {
    expect(DEFAULT_ASSIGNMENT_STRATEGY).toEqual(["range", "cooperative-sticky"]);
  });
});

describe("javaHashMapOrder", () => {
  // java.util.HashMap: bucket = (h ^ h >>> 16) & (capacity - 1); "consumer1".."consumer4" land in buckets 12, 11, 10, 9
  it("iterates keys by bucket like a java.util.HashMap", () => {
    const ids = ["consumer1", "consumer2", "consumer3", "consumer4"];
    expect(javaHashMapOrder(ids, javaStringHashCode)).toEqual(["consumer4", "consumer3", "consumer2", "consumer1"]);
  });

  it("keeps insertion order within a bucket and is a permutation", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string(), { maxLength: 40 }), (keys) => {
        const ordered = javaHashMapOrder(keys, javaStringHashCode);
        expect([...ordered].sort()).toEqual([...keys].sort());
        // "Aa" and "BB" share a hash, so they keep their relative order
        const withCollision = javaHashMapOrder(
          ["BB", ...keys.filter((k) => k !== "Aa" && k !== "BB"), "Aa"],
          javaStringHashCode,
        );
        expect(withCollision.indexOf("BB")).toBeLessThan(withCollision.indexOf("Aa"));
      }),
    );
  });
});
