import { beforeEach, describe, expect, it } from "vitest";
import { clearHistory, historySamples, record } from "./history";
import { DEFAULT_SCENARIO } from "./scenario";
import { useSim } from "./simStore";

describe("history", () => {
  beforeEach(() => {
    useSim.getState().reset(42, DEFAULT_SCENARIO);
    clearHistory();
  });

  it("samples produce and consume throughput, lag per group and partition health over simulated time", () => {
    for (let i = 0; i < 20; i++) {
      useSim.getState().advance(1000);
      record(useSim.getState().snapshot);
    }
    const samples = historySamples();
    const last = samples[samples.length - 1];
    expect(last.t).toBe(20_000);
    // The default producer sends 4 records/s; consumers keep up once the group is stable.
    expect(last.produceRate).toBeGreaterThan(3);
    expect(last.produceRate).toBeLessThan(5);
    expect(last.consumeRate).toBeGreaterThan(2);
    expect(Object.keys(last.lag)).toEqual(["billing"]);
    expect(last.offline).toBe(0);
  });

  it("starts over when simulated time goes backwards", () => {
    useSim.getState().advance(3000);
    record(useSim.getState().snapshot);
    useSim.getState().seek(1000);
    record(useSim.getState().snapshot);
    expect(historySamples().map((s) => s.t)).toEqual([1000]);
  });

  it("counts under-replicated partitions once a crashed broker leaves the ISR", () => {
    useSim.getState().advance(5000);
    record(useSim.getState().snapshot);
    expect(historySamples().at(-1)?.underReplicated).toBe(0);
    useSim.getState().applyAction({ type: "crashBroker", broker: 2 });
    useSim.getState().advance(8000);
    record(useSim.getState().snapshot);
    expect(historySamples().at(-1)?.underReplicated).toBeGreaterThan(0);
    expect(historySamples().at(-1)?.offline).toBe(0);
  });
});
