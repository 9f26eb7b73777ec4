/**
 * The offline page: picks or drops evidence, runs the check in a worker (run.ts), asks for a password only when
 * needed, shows the answer (verdict-view.ts) and the report, saves the results zip, and checks links.
 */
import type { EvidenceInput, FromWorker, IndicatorInput } from "../src/browser/protocol.ts";
import type { Verdict } from "../src/checks/verdict.ts";
import { byId } from "./dom.ts";
import { fromDrop, fromFolderPicker } from "./evidence.ts";
import { bundledIndicators, readIndicatorFiles } from "./indicators.ts";
import { checkLink, linkAnswer } from "./link-check.ts";
import { Run } from "./run.ts";
import { verdictView } from "./verdict-view.ts";

const pickFolder = byId<HTMLInputElement>("pick-folder");
const pickFile = byId<HTMLInputElement>("pick-file");
const extraInput = byId<HTMLInputElement>("indicators");
const passwordBox = byId("password-box");
const passwordInput = byId<HTMLInputElement>("password");
const progressBox = byId("progress-box");
const progress = byId<HTMLProgressElement>("progress");
const progressText = byId("progress-text");
const message = byId("message");
const result = byId("result");
const report = byId<HTMLIFrameElement>("report");

let extra: IndicatorInput[] = [];
let combined: IndicatorInput[] | undefined;

/** The built-in set and the added files, one array until the added files change (the link worker keeps what it compiled). */
async function allIndicators(): Promise<IndicatorInput[]> {
  await extraReading;
  return (combined ??= [...(await bundledIndicators()).bundles, ...extra]);
}
let run: Run | undefined;
let warnings: string[] = [];
/** The results zip of the last run (a Blob: the worker's, or made from its bytes). */
let zip: Blob | undefined;

const PASSWORD_TEXT = {
  backup: { label: "Backup password", help: "This iPhone backup is encrypted. Type the password chosen when encryption was turned on (in Finder or iTunes). It stays in this tab." },
  age: { label: "Key (from key.txt)", help: "This androidqf acquisition is encrypted (.zip.age). Paste the AGE-SECRET-KEY-… line of the key.txt androidqf made, or choose that file below. It stays in this tab." },
} as const;

function show(section: "idle" | "progress" | "password" | "result" | "message"): void {
  progressBox.hidden = section !== "progress";
  passwordBox.hidden = section !== "password";
  result.hidden = section !== "result";
  message.hidden = section !== "message";
  for (const i of [pickFolder, pickFile, extraInput]) i.disabled = section === "progress";
}

function say(text: string, kind: "problem" | "info" = "problem"): void {
  message.textContent = text;
  message.className = `panel message${kind === "info" ? " info" : ""}`;
  show("message");
}

function onProgress(done: number, total: number, module: string | undefined): void {
  progress.max = Math.max(total, 1);
  progress.value = Math.min(done, progress.max);
  const where = module ? `Checking ${module}` : "Checking";
  progressText.textContent = `${where} (${done} of ${total} steps)${warnings.length ? ` · ${warnings.length} warning${warnings.length === 1 ? "" : "s"}` : ""}`;
}

function onNeedPassword(what: "backup" | "age", wrong: boolean): void {
  const t = PASSWORD_TEXT[what];
  byId("password-label").textContent = t.label;
  byId("password-help").textContent = t.help;
  byId("password-error").textContent = wrong ? (what === "age" ? "That key does not open this acquisition. Please give the key.txt androidqf made with it." : "That password is wrong. Please type it again.") : "";
  byId("age-key-box").hidden = what !== "age";
  passwordInput.value = "";
  show("password");
  passwordInput.focus();
}

/** The results zip was asked for before the worker had made it: saved when it comes. */
let saveWhenReady = false;

function onDone(m: Extract<FromWorker, { type: "done" }>): void {
  run = undefined;
  zip = m.resultsBlob;
  if (!shown) onVerdict(m);
  if (saveWhenReady) save(zip);
  saveWhenReady = false;
}

/** Whether the last run's answer is on the page. */
let shown = false;

function onVerdict(m: Extract<FromWorker, { type: "verdict" | "done" }>): void {
  shown = true;
  const all = m.warnings.length ? m.warnings : warnings;
  if (m.outcome === "nothing-examined") {
    say(`${m.summaryText.split("\n").filter(Boolean).slice(0, 3).join(" ")} Choose the backup folder itself (the one holding Manifest.db), or the Android file androidqf made.`);
    return;
  }
  byId("verdict-slot").replaceChildren(verdictView(m.outcome, m.verdict as Verdict, all));
  report.srcdoc = m.reportHtml;
  show("result");
  (byId("verdict-slot").firstElementChild as HTMLElement | null)?.focus();
}

function onFailed(text: string): void {
  run = undefined;
  say(text);
}

async function begin(evidence: EvidenceInput): Promise<void> {
  run?.stop();
  warnings = [];
  zip = undefined;
  shown = false;
  saveWhenReady = false;
  progress.removeAttribute("value");
  progressText.textContent = "Starting";
  show("progress");
  let indicators: IndicatorInput[];
  try {
    indicators = await allIndicators();
  } catch {
    say("The built-in indicators could not be loaded from this page's folder. Reload the page; if it persists, rebuild it (npm run build:web).");
    return;
  }
  run = new Run(evidence, indicators, {
    progress: onProgress,
    needPassword: onNeedPassword,
    warning: (w) => warnings.push(w),
    verdict: onVerdict,
    done: onDone,
    failed: onFailed,
  });
  run.start();
}

pickFolder.addEventListener("change", () => {
  const files = pickFolder.files;
  if (!files?.length) return say("That folder is empty: choose the iPhone backup folder (the one holding Manifest.db).");
  void begin(fromFolderPicker(files));
  pickFolder.value = "";
});

pickFile.addEventListener("change", () => {
  const file = pickFile.files?.[0];
  if (!file) return;
  void begin({ kind: "file", file });
  pickFile.value = "";
});

/** Reading the added files: a run started right after picking them waits for it (automation picks both at once). */
let extraReading: Promise<void> = Promise.resolve();

extraInput.addEventListener("change", () => {
  const status = byId("indicators-status");
  extraReading = readIndicatorFiles(extraInput.files).then(
    (files) => {
      extra = files;
      status.textContent = `${extra.length} file${extra.length === 1 ? "" : "s"} added to the built-in indicators: ${extra.map((f) => f.name).join(", ")}.`;
    },
    () => {
      extra = [];
      status.textContent = "Those files could not be read.";
    },
  ).finally(() => (combined = undefined));
});

const drop = byId("drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", async (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  if (!e.dataTransfer || (run?.running && !shown)) return; // once answered, a run only zips its results
  const got = await fromDrop(e.dataTransfer);
  if (typeof got === "string") say(got);
  else void begin(got);
});

byId("cancel").addEventListener("click", () => {
  run?.stop();
  run = undefined;
  say("The check was stopped. Nothing was kept. Choose the evidence again to start over.", "info");
  message.focus();
});

/** A pasted key.txt loses its line breaks in a one-line field: its AGE-SECRET-KEY-… keys are taken out of it. */
const secretOf = (text: string) => (/AGE-SECRET-KEY-/i.test(text) ? (text.match(/AGE-SECRET-KEY-[0-9A-Z]+/gi) ?? []).join("\n") : text);

function unlock(secret: string): void {
  if (!run || !secret) return;
  passwordInput.value = "";
  progress.removeAttribute("value");
  progressText.textContent = "Unlocking (this takes a few seconds)";
  show("progress");
  run.start(secret);
}

byId<HTMLFormElement>("password-form").addEventListener("submit", (e) => {
  e.preventDefault();
  unlock(secretOf(passwordInput.value));
});

const ageKey = byId<HTMLInputElement>("age-key");
ageKey.addEventListener("change", async () => {
  const file = ageKey.files?.[0];
  ageKey.value = "";
  if (file) unlock(await file.text());
});

function save(zip: Blob): void {
  const url = URL.createObjectURL(zip);
  const a = document.createElement("a");
  a.href = url;
  a.download = `spyglass-results-${new Date().toISOString().slice(0, 19).replace(/[T:]/g, "-")}.zip`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

byId("download").addEventListener("click", () => {
  if (zip) save(zip);
  else if (run) saveWhenReady = true; // the answer is shown while the worker zips the results: saved when it has
});

byId("again").addEventListener("click", () => {
  show("idle");
  pickFolder.focus();
});

byId<HTMLFormElement>("link-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const url = byId<HTMLInputElement>("link-input").value.trim();
  const out = byId("link-result");
  if (!url) return void (out.textContent = "Paste a link first.");
  out.textContent = "Checking…";
  out.replaceChildren(linkAnswer(await checkLink(url, await allIndicators())));
});

message.tabIndex = -1;
bundledIndicators().then(
  (b) => (byId("indicators-builtin").textContent = `Built-in indicators: ${b.files} files, updated ${b.updated}.`),
  () => (byId("indicators-builtin").textContent = "The built-in indicators could not be loaded."),
);
