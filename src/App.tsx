import { useEffect } from "react";
import { ClusterSetup } from "./components/ClusterSetup/ClusterSetup";
import { EventLog } from "./components/EventLog/EventLog";
import { Faults } from "./components/Faults/Faults";
import { Inspector } from "./components/Inspector/Inspector";
import { MainView } from "./components/MainView/MainView";
import { MonitorBadge } from "./components/Monitor/Monitor";
import { PartitionTable } from "./components/PartitionTable/PartitionTable";
import { Plots } from "./components/Plots/Plots";
import { RunBar } from "./components/RunBar/RunBar";
import { SettingsNote } from "./components/SettingsNote/SettingsNote";
import { Timeline } from "./components/Timeline/Timeline";
import { Toolbar } from "./components/Toolbar/Toolbar";
import { TourPanel } from "./components/Tour/TourPanel";
import { useSim } from "./store/simStore";

/** Keys that belong to the focused control (a button's Space, a select's arrows) are left to it. */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  const controls =
    key === " "
      ? "button, input, select, textarea, summary, a[href], [role='button'], [contenteditable]"
      : "input, select, textarea, [contenteditable]";
  return target.closest(controls) !== null;
}

/** Space plays and pauses, → steps one engine event. */
function usePlaybackKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || ownsKey(e.target, e.key)) return;
      if (e.key === " ") {
        e.preventDefault();
        useSim.getState().togglePlay();
      } else if (e.key === "ArrowRight") {
        e.preventDefault();
        useSim.getState().step();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

export function App() {
  usePlaybackKeys();
  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>KafkaScope</h1>
          <p className="subtitle">
            A deterministic, step-by-step simulation of an Apache Kafka cluster in ZooKeeper mode
          </p>
        </div>
        <Toolbar />
        <MonitorBadge />
      </header>
      <RunBar />
      <SettingsNote />
      <Timeline />
      <main className="app-main">
        <MainView />
        <aside className="side">
          <TourPanel />
          <Inspector />
          <Faults />
          <ClusterSetup />
        </aside>
        <PartitionTable />
        <EventLog />
        <Plots />
      </main>
    </div>
  );
}
