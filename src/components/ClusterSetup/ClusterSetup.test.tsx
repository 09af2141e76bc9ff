// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../../store/scenario";
import { useSim } from "../../store/simStore";
import { ClusterSetup } from "./ClusterSetup";

async function open() {
  const user = userEvent.setup();
  render(<ClusterSetup />);
  await user.click(screen.getByText("Cluster setup"));
  return user;
}

describe("cluster setup", () => {
  beforeEach(() => useSim.getState().reset(42, DEFAULT_SCENARIO));

  it("refuses a replication factor larger than the broker count, citing INVALID_REPLICATION_FACTOR, and changes nothing", async () => {
    const user = await open();
    useSim.getState().advance(1000);
    const rf = screen.getByRole("spinbutton", { name: "Replication factor" });
    await user.clear(rf);
    await user.type(rf, "5");
    await user.click(screen.getByRole("button", { name: "Start new run" }));
    expect(screen.getByRole("alert")).toHaveTextContent(/INVALID_REPLICATION_FACTOR/);
    expect(rf).toHaveAttribute("aria-invalid", "true");
    expect(useSim.getState().snapshot.now).toBe(1000);
    expect(useSim.getState().config.topics[0].replicationFactor).toBe(3);
  });

  it("refuses a bad topic name and a broker count out of range", async () => {
    const user = await open();
    const brokers = screen.getByRole("spinbutton", { name: "Brokers (1–9)" });
    await user.clear(brokers);
    await user.type(brokers, "12");
    const topic = screen.getByRole("textbox", { name: "Topic name" });
    await user.clear(topic);
    await user.type(topic, "bad name!");
    await user.click(screen.getByRole("button", { name: "Start new run" }));
    const alerts = screen.getAllByRole("alert").map((a) => a.textContent);
    expect(alerts).toContainEqual(expect.stringMatching(/Brokers must be at most 9/));
    expect(alerts).toContainEqual(expect.stringMatching(/Topic name/));
    expect(useSim.getState().config.brokers).toBe(3);
  });

  it("starts a new run on the cluster the form describes", async () => {
    const user = await open();
    useSim.getState().advance(1000);
    const brokers = screen.getByRole("spinbutton", { name: "Brokers (1–9)" });
    await user.clear(brokers);
    await user.type(brokers, "5");
    await user.selectOptions(screen.getByRole("combobox", { name: "ZooKeeper servers" }), "3");
    const partitions = screen.getByRole("spinbutton", { name: "Partitions" });
    await user.clear(partitions);
    await user.type(partitions, "6");
    await user.click(screen.getByRole("button", { name: "Start new run" }));
    const { config, snapshot } = useSim.getState();
    expect(snapshot.now).toBe(0);
    expect(config.brokers).toBe(5);
    expect(config.zookeeperServers).toBe(3);
    expect(config.topics[0]).toMatchObject({ name: "orders", partitions: 6, replicationFactor: 3 });
    useSim.getState().reset(42, DEFAULT_SCENARIO);
  });
});
