import { type FormEvent, useEffect, useRef, useState } from "react";
import { parseScenario, type Scenario } from "../../sim";
import { loadSaved, type SavedScenario, saveScenario, slugFor } from "../../store/persistence";
import { shareUrl, toRunFile } from "../../store/share";
import { importRunText, openFromLocation } from "../../store/shareActions";
import { useSim } from "../../store/simStore";
import { allBuiltins, useTour } from "../../store/tourStore";
import { download, findDiagram, pngBlob, svgBlob } from "./exportDiagram";
import "./runbar.css";

type Message = { kind: "error" | "info"; text: string } | null;

const BUILTIN_PREFIX = "builtin:";
const SAVED_PREFIX = "saved:";

/** A file's text through FileReader, which every browser (and jsdom) has. */
export function readText(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

/** Opened once per page: a shared link in the address bar. */
let openedLocation = false;

/** Scenario library, mode, sharing, import and export. */
export function RunBar() {
  const [message, setMessage] = useState<Message>(null);
  const [saved, setSaved] = useState<SavedScenario[]>([]);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [link, setLink] = useState<string | null>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  // The user asked to name the scenario: take them to the name field.
  useEffect(() => {
    if (naming) nameInput.current?.focus();
  }, [naming]);
  const scenario = useTour((s) => s.scenario);
  const mode = useTour((s) => s.mode);
  const builtins = allBuiltins();

  useEffect(() => {
    const stored = loadSaved();
    setSaved(stored.scenarios);
    let problem = stored.problem;
    if (!openedLocation && typeof location !== "undefined") {
      openedLocation = true;
      const error = openFromLocation(location.search);
      if (error !== null) problem = problem === null ? error : `${error} ${problem}`;
    }
    if (problem !== null) setMessage({ kind: "error", text: problem });
  }, []);

  const selectedValue =
    scenario === null
      ? ""
      : saved.some((s) => s.scenario === scenario)
        ? `${SAVED_PREFIX}${saved.find((s) => s.scenario === scenario)?.name}`
        : `${BUILTIN_PREFIX}${scenario.id}`;

  const pick = (value: string) => {
    let next: Scenario | undefined;
    if (value.startsWith(BUILTIN_PREFIX)) next = builtins.find((s) => `${BUILTIN_PREFIX}${s.id}` === value);
    else if (value.startsWith(SAVED_PREFIX)) next = saved.find((s) => `${SAVED_PREFIX}${s.name}` === value)?.scenario;
    if (next === undefined) return;
    const error = useTour.getState().loadScenario(next);
    setMessage(error === null ? { kind: "info", text: `Loaded ${next.title}.` } : { kind: "error", text: error });
    setLink(null);
  };

  const share = async () => {
    const { currentRun, snapshot } = useSim.getState();
    const url = shareUrl(currentRun(), snapshot.now, location);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setMessage({ kind: "info", text: "Link copied: it opens this run at this moment." });
    } catch {
      setMessage({ kind: "info", text: "Copy the link below: it opens this run at this moment." });
    }
  };

  const exportRun = () => {
    const { currentRun, snapshot } = useSim.getState();
    const run = currentRun();
    const file = toRunFile(run, snapshot.now);
    download(
      new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }),
      `kafkascope-run-seed${run.seed}-t${snapshot.now}.json`,
    );
    setMessage({ kind: "info", text: "Run exported." });
  };

  const importRun = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = "";
    if (file === undefined) return;
    let text: string;
    try {
      text = await readText(file);
    } catch {
      setMessage({ kind: "error", text: `The file ${file.name} could not be read.` });
      return;
    }
    const error = importRunText(text, file.name);
    setMessage(error === null ? { kind: "info", text: `Imported ${file.name}.` } : { kind: "error", text: error });
  };

  const exportDiagram = async (format: "svg" | "png") => {
    const svg = findDiagram();
    if (svg === null) {
      setMessage({ kind: "error", text: "There is no cluster diagram on the page to export." });
      return;
    }
    const t = useSim.getState().snapshot.now;
    try {
      download(format === "svg" ? svgBlob(svg) : await pngBlob(svg), `kafkascope-cluster-t${t}.${format}`);
      setMessage({ kind: "info", text: `Diagram exported as ${format.toUpperCase()}.` });
    } catch (e) {
      setMessage({ kind: "error", text: `The diagram could not be exported: ${(e as Error).message}` });
    }
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const trimmed = name.trim().slice(0, 80);
    if (trimmed === "") {
      setMessage({ kind: "error", text: "Give the scenario a name." });
      return;
    }
    const { currentRun } = useSim.getState();
    const run = currentRun();
    // Through the schema, as anything read back later will be: what is saved can always be loaded.
    const parsed = parseScenario({
      id: slugFor(trimmed),
      title: trimmed,
      seed: run.seed,
      cluster: run.config,
      actions: run.actions,
    });
    if (!parsed.ok) {
      setMessage({ kind: "error", text: `This run cannot be saved as a scenario: ${parsed.error}` });
      return;
    }
    const entry: SavedScenario = { name: trimmed, savedAt: Date.now(), scenario: parsed.scenario };
    const result = saveScenario(entry);
    if (!result.ok) {
      setMessage({ kind: "error", text: result.error });
      return;
    }
    setSaved(result.scenarios);
    setNaming(false);
    setName("");
    setMessage({ kind: "info", text: `Saved as ${trimmed} in My scenarios.` });
  };

  const hasTour = scenario !== null && scenario.tour.length > 0;

  return (
    <section className="runbar" aria-label="Run">
      <div className="runbar-row">
        <span className="field">
          <label htmlFor="runbar-scenario">Scenario</label>
          <select id="runbar-scenario" value={selectedValue} onChange={(e) => pick(e.target.value)}>
            <option value="" disabled={scenario !== null}>
              {scenario === null ? "Default cluster (or a shared run)" : "Choose a scenario…"}
            </option>
            <optgroup label="Library">
              {builtins.map((s) => (
                <option key={s.id} value={`${BUILTIN_PREFIX}${s.id}`}>
                  {s.title}
                </option>
              ))}
            </optgroup>
            {saved.length > 0 && (
              <optgroup label="My scenarios">
                {saved.map((s) => (
                  <option key={s.name} value={`${SAVED_PREFIX}${s.name}`}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
        </span>
        <fieldset className="runbar-mode">
          <legend className="visually-hidden">Mode</legend>
          <button
            type="button"
            aria-pressed={mode === "tour"}
            disabled={!hasTour}
            title={hasTour ? "Follow the scenario's guided tour" : "This run has no tour"}
            onClick={() => useTour.getState().setMode("tour")}
          >
            Tour
          </button>
          <button type="button" aria-pressed={mode === "sandbox"} onClick={() => useTour.getState().setMode("sandbox")}>
            Sandbox
          </button>
        </fieldset>
        <span className="runbar-sep" aria-hidden="true" />
        <button type="button" onClick={share}>
          Share
        </button>
        <button type="button" onClick={exportRun}>
          Export run
        </button>
        <label className="file-button">
          Import run
          <input
            type="file"
            className="visually-hidden"
            accept=".json,application/json"
            onChange={(e) => importRun(e.currentTarget)}
          />
        </label>
        <button type="button" onClick={() => exportDiagram("svg")}>
          Export SVG
        </button>
        <button type="button" onClick={() => exportDiagram("png")}>
          Export PNG
        </button>
        {naming ? (
          <form className="runbar-save" onSubmit={save}>
            <label className="field">
              Scenario name{" "}
              <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} ref={nameInput} />
            </label>
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setNaming(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <button type="button" onClick={() => setNaming(true)}>
            Save as my scenario
          </button>
        )}
      </div>
      {message?.kind === "error" && (
        <p className="runbar-message runbar-error" role="alert">
          {message.text}{" "}
          <button type="button" className="runbar-dismiss" onClick={() => setMessage(null)}>
            Dismiss
          </button>
        </p>
      )}
      {message?.kind === "info" && (
        <p className="runbar-message" role="status">
          {message.text}
        </p>
      )}
      {link !== null && (
        <label className="runbar-link field">
          Link <input readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        </label>
      )}
    </section>
  );
}
