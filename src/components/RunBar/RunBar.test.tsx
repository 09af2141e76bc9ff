// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { findBuiltin } from "../../sim";
import { STORAGE_KEY } from "../../store/persistence";
import { toRunFile } from "../../store/share";
import { useSim } from "../../store/simStore";
import { useTour } from "../../store/tourStore";
import { RunBar, readText } from "./RunBar";

const file = (text: string, name = "run.json") => new File([text], name, { type: "application/json" });

describe("RunBar", () => {
  beforeEach(() => {
    localStorage.clear();
    useTour.getState().clear();
    act(() => {
      useSim.getState().reset(42);
      useSim.getState().advance(3000);
    });
  });

  it("lists the built-in library and loads a scenario in Tour mode", async () => {
    const user = userEvent.setup();
    render(<RunBar />);
    const picker = screen.getByRole("combobox", { name: "Scenario" });
    for (const title of [
      "Kill the leader",
      "acks=1 loses a record",
      "Unclean leader election",
      "Keys choose partitions",
    ])
      expect(within(picker).getByRole("option", { name: title })).toBeInTheDocument();
    await user.selectOptions(picker, "Kill the leader");
    expect(useSim.getState().seed).toBe(7);
    expect(useSim.getState().snapshot.now).toBe(0);
    expect(screen.getByRole("button", { name: "Tour" })).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByRole("button", { name: "Sandbox" }));
    expect(useTour.getState().mode).toBe("sandbox");
  });

  it("a bad import names the problem and leaves the run and saved work alone", async () => {
    const user = userEvent.setup();
    localStorage.setItem(STORAGE_KEY, '{"version":1,"scenarios":[]}');
    render(<RunBar />);
    const before = useSim.getState().snapshot;
    const bad = { ...toRunFile(useSim.getState().currentRun(), 0), seed: -1 };
    await user.upload(screen.getByLabelText("Import run"), file(JSON.stringify(bad), "bad.json"));
    expect(await screen.findByRole("alert")).toHaveTextContent(/The file bad\.json is not a valid run: seed/);
    expect(useSim.getState().snapshot.traceHash).toBe(before.traceHash);
    expect(useSim.getState().snapshot.now).toBe(3000);
    expect(localStorage.getItem(STORAGE_KEY)).toBe('{"version":1,"scenarios":[]}');

    await user.upload(screen.getByLabelText("Import run"), file("not json at all", "notes.txt"));
    expect(await screen.findByRole("alert")).toHaveTextContent(/notes\.txt is not valid JSON/);
  });

  it("imports a run file at its time", async () => {
    const user = userEvent.setup();
    render(<RunBar />);
    const run = { ...useSim.getState().currentRun(), seed: 99 };
    await user.upload(screen.getByLabelText("Import run"), file(JSON.stringify(toRunFile(run, 1234))));
    expect(await screen.findByRole("status")).toHaveTextContent("Imported run.json");
    expect(useSim.getState().seed).toBe(99);
    expect(useSim.getState().snapshot.now).toBe(1234);
  });

  it("saves the run as my scenario and offers it in the picker", async () => {
    const user = userEvent.setup();
    render(<RunBar />);
    await user.click(screen.getByRole("button", { name: "Save as my scenario" }));
    await user.type(screen.getByRole("textbox", { name: "Scenario name" }), "My crash test");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(screen.getByRole("status")).toHaveTextContent("Saved as My crash test");
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY)!);
    expect(stored.scenarios[0]).toMatchObject({ name: "My crash test", scenario: { seed: 42 } });
    const group = screen.getByRole("group", { name: "My scenarios" });
    expect(within(group).getByRole("option", { name: "My crash test" })).toBeInTheDocument();
  });

  it("shows a message, not a crash, when saved scenarios are corrupted", () => {
    localStorage.setItem(STORAGE_KEY, "][");
    render(<RunBar />);
    expect(screen.getByRole("alert")).toHaveTextContent(/saved scenarios could not be read/);
    expect(localStorage.getItem(STORAGE_KEY)).toBe("][");
  });

  it("Share copies a link with the run and the time", async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    render(<RunBar />);
    await user.click(screen.getByRole("button", { name: "Share" }));
    expect(writeText).toHaveBeenCalledOnce();
    expect(String(writeText.mock.calls[0])).toMatch(/\?run=[^&]+&t=3000/);
    expect(screen.getByRole("textbox", { name: "Link" })).toHaveValue(String(writeText.mock.calls[0]));
  });

  it("Export run downloads the run as JSON", async () => {
    const user = userEvent.setup();
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => {
      blobs.push(b);
      return "blob:x";
    }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    // jsdom cannot follow a download link.
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => {});
    render(<RunBar />);
    await user.click(screen.getByRole("button", { name: "Export run" }));
    const json = JSON.parse(await readText(blobs[0]));
    expect(json).toMatchObject({ v: 1, kind: "kafkascope-run", seed: 42, t: 3000 });
    expect(click).toHaveBeenCalledOnce();
    click.mockRestore();
  });

  it("loads a scenario that has no tour in Sandbox mode with Tour disabled", async () => {
    const user = userEvent.setup();
    const noTour = findBuiltin("three-brokers")!;
    act(() => {
      useTour.getState().loadScenario({ ...noTour, tour: [] });
    });
    render(<RunBar />);
    expect(screen.getByRole("button", { name: "Tour" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Sandbox" }));
    expect(useTour.getState().mode).toBe("sandbox");
  });
});

describe("RunBar imports a scenario file", () => {
  it("opens a scenario file with its tour", async () => {
    const user = userEvent.setup();
    useTour.setState({ animate: false });
    render(<RunBar />);
    const scenario = { ...findBuiltin("kill-the-leader")!, id: "my-copy", title: "My copy" };
    await user.upload(screen.getByLabelText("Import run"), file(JSON.stringify(scenario), "my-copy.json"));
    expect(await screen.findByRole("status")).toHaveTextContent("Imported my-copy.json");
    expect(useTour.getState().scenario?.title).toBe("My copy");
    expect(useTour.getState().mode).toBe("tour");
    expect(useSim.getState().seed).toBe(7);
  });
});
