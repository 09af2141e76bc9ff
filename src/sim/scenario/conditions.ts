import { z } from "zod";
import type { SimEvent } from "../events";
import type { Snapshot } from "../snapshot";

/**
 * Conditions on the engine's state, as data: what a tour step waits for
 * ("until orders-0 has a new leader") and what its checkpoints assert.
 */
export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("time"), atLeastMs: z.number().int().min(0) }).strict(),
    z
      .object({
        kind: z.literal("event"),
        event: z.string().min(1).max(64),
        where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("partition"),
        topic: z.string().min(1).max(249),
        partition: z.number().int().min(0),
        leader: z.number().int().optional(),
        leaderNot: z.number().int().optional(),
        minLeaderEpoch: z.number().int().optional(),
        isrSize: z.number().int().min(0).optional(),
        isrIncludes: z.number().int().optional(),
        isrExcludes: z.number().int().optional(),
        offline: z.boolean().optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("broker"),
        broker: z.number().int().min(1),
        status: z.enum(["running", "starting", "shutting-down", "crashed", "stopped"]).optional(),
        isController: z.boolean().optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("controller"),
        minEpoch: z.number().int().optional(),
        brokerNot: z.number().int().optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("monitor"),
        violations: z.number().int().min(0).optional(),
        minDataLosses: z.number().int().min(0).optional(),
        maxDataLosses: z.number().int().min(0).optional(),
      })
      .strict(),
    z
      .object({
        kind: z.literal("consumer"),
        consumer: z.string().min(1).max(100),
        minConsumed: z.number().int().min(0).optional(),
        minDuplicates: z.number().int().min(0).optional(),
        maxDuplicates: z.number().int().min(0).optional(),
        partitions: z.number().int().min(0).optional(),
      })
      .strict(),
    z.object({ kind: z.literal("all"), of: z.array(conditionSchema).max(20) }).strict(),
    z.object({ kind: z.literal("not"), condition: conditionSchema }).strict(),
  ]),
);

export type Condition =
  | { kind: "time"; atLeastMs: number }
  | { kind: "event"; event: string; where?: Record<string, string | number | boolean> }
  | {
      kind: "partition";
      topic: string;
      partition: number;
      leader?: number;
      leaderNot?: number;
      minLeaderEpoch?: number;
      isrSize?: number;
      isrIncludes?: number;
      isrExcludes?: number;
      offline?: boolean;
    }
  | {
      kind: "broker";
      broker: number;
      status?: "running" | "starting" | "shutting-down" | "crashed" | "stopped";
      isController?: boolean;
    }
  | { kind: "controller"; minEpoch?: number; brokerNot?: number }
  | { kind: "monitor"; violations?: number; minDataLosses?: number; maxDataLosses?: number }
  | {
      kind: "consumer";
      consumer: string;
      minConsumed?: number;
      minDuplicates?: number;
      maxDuplicates?: number;
      /** How many partitions it reads now. */
      partitions?: number;
    }
  | { kind: "all"; of: Condition[] }
  | { kind: "not"; condition: Condition };

/** Does the condition hold? `events` are the trace events since the step began. */
export function holds(c: Condition, s: Snapshot, events: readonly SimEvent[]): boolean {
  switch (c.kind) {
    case "time":
      return s.now >= c.atLeastMs;
    case "event":
      return events.some(
        (e) =>
          e.type === c.event &&
          Object.entries(c.where ?? {}).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v),
      );
    case "partition": {
      const p = s.partitions.find((x) => x.topic === c.topic && x.partition === c.partition);
      if (p === undefined) return false;
      return (
        (c.leader === undefined || p.leader === c.leader) &&
        (c.leaderNot === undefined || p.leader !== c.leaderNot) &&
        (c.minLeaderEpoch === undefined || p.leaderEpoch >= c.minLeaderEpoch) &&
        (c.isrSize === undefined || p.isr.length === c.isrSize) &&
        (c.isrIncludes === undefined || p.isr.includes(c.isrIncludes)) &&
        (c.isrExcludes === undefined || !p.isr.includes(c.isrExcludes)) &&
        (c.offline === undefined || p.offline === c.offline)
      );
    }
    case "broker": {
      const b = s.brokers.find((x) => x.id === c.broker);
      if (b === undefined) return false;
      return (
        (c.status === undefined || b.status === c.status) &&
        (c.isController === undefined || b.isController === c.isController)
      );
    }
    case "controller":
      return (
        s.controller !== null &&
        (c.minEpoch === undefined || s.controller.epoch >= c.minEpoch) &&
        (c.brokerNot === undefined || s.controller.broker !== c.brokerNot)
      );
    case "monitor":
      return (
        (c.violations === undefined || s.monitor.violations === c.violations) &&
        (c.minDataLosses === undefined || s.monitor.dataLosses >= c.minDataLosses) &&
        (c.maxDataLosses === undefined || s.monitor.dataLosses <= c.maxDataLosses)
      );
    case "consumer": {
      const v = s.consumers.find((x) => x.id === c.consumer);
      if (v === undefined) return false;
      return (
        (c.minConsumed === undefined || v.consumed >= c.minConsumed) &&
        (c.minDuplicates === undefined || v.duplicates >= c.minDuplicates) &&
        (c.maxDuplicates === undefined || v.duplicates <= c.maxDuplicates) &&
        (c.partitions === undefined || v.positions.length === c.partitions)
      );
    }
    case "all":
      return c.of.every((x) => holds(x, s, events));
    case "not":
      return !holds(c.condition, s, events);
  }
}

/** A condition in words, for checkpoint reports and the tour panel. */
export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case "time":
      return `simulated time reaches ${c.atLeastMs / 1000} s`;
    case "event":
      return `a ${c.event} event${
        c.where
          ? ` with ${Object.entries(c.where)
              .map(([k, v]) => `${k}=${v}`)
              .join(", ")}`
          : ""
      }`;
    case "partition": {
      const parts = [
        c.leader !== undefined && `leader ${c.leader}`,
        c.leaderNot !== undefined && `leader is not broker ${c.leaderNot}`,
        c.minLeaderEpoch !== undefined && `leader epoch ≥ ${c.minLeaderEpoch}`,
        c.isrSize !== undefined && `ISR of ${c.isrSize}`,
        c.isrIncludes !== undefined && `broker ${c.isrIncludes} in the ISR`,
        c.isrExcludes !== undefined && `broker ${c.isrExcludes} out of the ISR`,
        c.offline !== undefined && (c.offline ? "offline" : "online"),
      ].filter(Boolean);
      return `${c.topic}-${c.partition}: ${parts.join(", ")}`;
    }
    case "broker":
      return `broker ${c.broker}${c.status ? ` is ${c.status}` : ""}${c.isController !== undefined ? (c.isController ? " and controller" : " and not controller") : ""}`;
    case "controller":
      return `a controller${c.minEpoch !== undefined ? ` with epoch ≥ ${c.minEpoch}` : ""}${c.brokerNot !== undefined ? ` other than broker ${c.brokerNot}` : ""}`;
    case "monitor":
      return [
        c.violations !== undefined && `${c.violations} invariant violations`,
        c.minDataLosses !== undefined && `at least ${c.minDataLosses} data-loss events`,
        c.maxDataLosses !== undefined && `at most ${c.maxDataLosses} data-loss events`,
      ]
        .filter(Boolean)
        .join(", ");
    case "consumer":
      return `${c.consumer}: ${[
        c.minConsumed !== undefined && `consumed ≥ ${c.minConsumed}`,
        c.minDuplicates !== undefined && `duplicates ≥ ${c.minDuplicates}`,
        c.maxDuplicates !== undefined && `duplicates ≤ ${c.maxDuplicates}`,
        c.partitions !== undefined && `reads ${c.partitions} partitions`,
      ]
        .filter(Boolean)
        .join(", ")}`;
    case "all":
      return c.of.map(describeCondition).join(" and ");
    case "not":
      return `not (${describeCondition(c.condition)})`;
  }
}
