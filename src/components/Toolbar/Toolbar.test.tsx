// @vitest-environment jsdom
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it } from "vitest";
import { App } from "../../App";
import { useSim } from "../../store/simStore";

const count = () => Number(screen.getByRole("status", { name: "Events" }).textContent?.replace(/\D/g, ""));

describe("Toolbar", () => {
  beforeEach(() => {
    useSim.getState().reset(42);
    act(() => useSim.getState().advance(100));
  });

  it("Step processes exactly one engine event, and → does the same", async () => {
    const user = userEvent.setup();
    render(<App />);
    const before = count();
    await user.click(screen.getByRole("button", { name: "Step" }));
    expect(count()).toBe(before + 1);
    (document.activeElement as HTMLElement).blur();
    await user.keyboard("{ArrowRight}");
    expect(count()).toBe(before + 2);
  });

  it("shows simulated time as seconds", () => {
    render(<App />);
    expect(screen.getByRole("status", { name: "Simulated time" })).toHaveTextContent("t = 0.100 s");
  });

  it("Play becomes Pause, Step is disabled while playing, and Space on the page toggles", async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole("button", { name: "Play" }));
    expect(screen.getByRole("button", { name: "Step" })).toBeDisabled();
    (document.activeElement as HTMLElement).blur();
    await user.keyboard(" ");
    expect(screen.getByRole("button", { name: "Play" })).toBeInTheDocument();
  });

  it("offers the speeds from 0.1× to 1000×, 1× by default", async () => {
    const user = userEvent.setup();
    render(<App />);
    const speed = screen.getByRole("combobox", { name: "Speed" });
    expect(speed).toHaveDisplayValue("1×");
    expect(
      within(speed)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["0.1×", "0.25×", "0.5×", "1×", "2×", "5×", "10×", "100×", "1000×"]);
    await user.selectOptions(speed, "100");
    expect(useSim.getState().speed).toBe(100);
    await user.selectOptions(speed, "1");
  });

  it("Reset starts a new run from t = 0 with the seed typed in", async () => {
    const user = userEvent.setup();
    render(<App />);
    const seed = screen.getByRole("spinbutton", { name: "Seed" });
    await user.clear(seed);
    await user.type(seed, "7");
    await user.click(screen.getByRole("button", { name: "Reset" }));
    expect(screen.getByRole("status", { name: "Simulated time" })).toHaveTextContent("t = 0.000 s");
    expect(useSim.getState().seed).toBe(7);
    expect(screen.getByText(/seed 7\./)).toBeInTheDocument();
  });

  it("states which settings differ from Kafka's defaults", () => {
    render(<App />);
    expect(screen.getByText(/Session timeout shortened to 6 s \(Kafka default 18 s\)/)).toBeInTheDocument();
  });
});
