/**
 * One analysis in the browser worker, from the picked evidence to the CLI's answer: identify the input as the CLI
 * does, open it through the run layer's input table (asking for a password only when needed), run, and zip the
 * results folder (written in the run's origin-private folder, or in memory where the browser has none). Everything input- or module-specific comes from src/run and the artifact table.
 */
import type { AnyArtifact } from "../core/artifact.ts";
import { SpyglassError } from "../core/errors.ts";
import { runOrder } from "../core/scan.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import type { Verdict } from "../checks/verdict.ts";
import { verdictText } from "../checks/verdict.ts";
import { ageDecrypt } from "../inputs/age.ts";
import { identifyInput } from "../inputs/identify.ts";
import { artifactsOfRun, RUN_INPUTS, type Opened, type RunInput } from "../run/inputs.ts";
import { runAcquisition, type RunResult } from "../run/run-scan.ts";
import type { LoadedIndicators } from "../run/indicators.ts";
import { blobFile, filesDir } from "./blob-source.ts";
import { browserHost, hashFiles, MAX_HASHED_BYTES } from "./host.ts";
import { memoryOutputDir } from "./memory-output.ts";
import { browserParallel } from "./parallel.ts";
import { browserTimelineTail } from "./timeline-tail.ts";
import { opfsOutputDir, type OpfsDir } from "./opfs-output.ts";
import type { EvidenceInput, FromWorker, Outcome } from "./protocol.ts";
import type { WasmSource } from "./sqlite.ts";

/** The run asks for a password: the page asks the person, then starts again with it. */
export class NeedPassword extends Error {
  constructor(
    readonly what: "backup" | "age",
    readonly wrong: boolean,
  ) {
    super(wrong ? "wrong password" : "password needed");
  }
}

export interface Analysis {
  readonly run: RunResult;
  readonly outcome: Outcome;
  readonly summaryText: string;
  /**
   * The results folder, zipped (store-only): a Blob of the files in the origin-private file system, or in memory;
   * made when asked (its CRC-32s read from the files then), after the verdict is given.
   */
  results(): Promise<Blob>;
}

const OUTCOMES: Record<Verdict["outcome"], Outcome> = {
  known_spyware: "known-spyware",
  needs_review: "suspicious",
  no_known_traces: "no-known-traces",
  nothing_examined: "nothing-examined",
};

const isPasswordError = (err: unknown) => err instanceof SpyglassError && (err.code === "E_BAD_PASSWORD" || err.code === "E_ENCRYPTED");

/** The input as the CLI names it, and the acquisition (an age-encrypted zip decrypted into a Blob first). */
async function resolveInput(evidence: EvidenceInput, password: string | undefined): Promise<{ name: string; input: SourceFile | SourceDir; read: RunInput; evidence: SourceFile[] }> {
  let input: SourceFile | SourceDir = evidence.kind === "folder" ? filesDir(evidence.files) : blobFile(evidence.file, evidence.file.name);
  const name = evidence.kind === "folder" ? input.path || "folder" : evidence.file.name;
  let id = await identifyInput(input);
  const stored: SourceFile[] = [];
  if (id.kind === "age") {
    if (!password) throw new NeedPassword("age", false);
    const encrypted = input as SourceFile;
    let plain: ReadableStream<Uint8Array>;
    try {
      plain = await ageDecrypt(encrypted, password);
    } catch (err) {
      if (err instanceof SpyglassError && (err.code === "E_BAD_PASSWORD" || err.code === "E_USAGE")) throw new NeedPassword("age", true);
      throw err;
    }
    // A zip needs random access: the decrypted bytes become a Blob (which the browser may keep on disk).
    input = { ...blobFile(await new Response(plain).blob(), `${name} (decrypted)`), evidence: encrypted };
    stored.push(encrypted);
    id = await identifyInput(input);
  }
  const kind = id.kind === "damaged-zip" ? "androidqf" : id.kind; // the zip reader says what is wrong with it
  const read = (RUN_INPUTS as Record<string, RunInput>)[kind];
  if (!read || (read.folderOnly && evidence.kind !== "folder")) {
    const pick = "pick an iPhone backup folder, a sysdiagnose (.tar.gz) or a filesystem dump, or an androidqf zip, a bugreport zip or an Android backup (.ab)";
    throw new SpyglassError("E_USAGE", id.kind === "unknown" ? `${name} is not evidence Spyglass reads: ${pick}` : `${name} is ${id.what}, not evidence to check: ${pick}`, { file: name });
  }
  return { name, input, read, evidence: stored };
}

/** The files the run's modules will read, in the order they run (what each module's selectors name). */
async function* filesOfModules(acquisition: Opened, artifacts: readonly AnyArtifact[]): AsyncIterable<SourceFile> {
  for (const def of runOrder(artifacts)) for (const selector of def.sources) yield* acquisition.select(selector);
}

export async function analyse(o: {
  evidence: EvidenceInput;
  indicators: LoadedIndicators | undefined;
  password?: string | undefined;
  post: (m: FromWorker) => void;
  wasm?: WasmSource;
  version: string;
  /** This run's folder in the origin-private file system, for the results and spilled timelines (memory without). */
  runFolder?: OpfsDir | undefined;
  /** false: large tables parsed on this worker only (no nested workers). */
  parallel?: boolean;
}): Promise<Analysis> {
  const host = browserHost(o.wasm, o.runFolder, o.parallel === false ? undefined : browserParallel());
  const { name, input, read, evidence } = await resolveInput(o.evidence, o.password);
  let acquisition: Opened;
  let asked = false;
  // A missing password is the inputs' own E_ENCRYPTED (a nested backup.ab lets only password errors through).
  const secret = async () => {
    asked = true;
    if (!o.password) throw new SpyglassError("E_ENCRYPTED", "this backup is encrypted: its password is needed");
    return o.password;
  };
  try {
    acquisition = await read.open(input, host, { backup: async () => ({ password: await secret() }), androidBackup: secret });
  } catch (err) {
    if (isPasswordError(err)) throw new NeedPassword("backup", asked && !!o.password);
    throw err;
  }
  for (const w of acquisition.warnings ?? []) o.post({ type: "warning", message: `${name}: ${w}` });
  const artifacts = artifactsOfRun(read);
  // Large databases copied into the run's folder while the modules before theirs run (a failed copy: read as before).
  const copying = host.copyAhead(filesOfModules(acquisition, artifacts)).catch(() => undefined);
  const out = o.runFolder ? opfsOutputDir(name, o.runFolder) : memoryOutputDir(name);
  let lastIndex = -1;
  let lastPost = 0;
  const run = await runAcquisition(
    {
      acquisition,
      artifacts,
      indicators: o.indicators,
      command: `${read.command} ${name}`,
      targetPath: name,
      inputWarnings: acquisition.warnings ?? [],
      evidence,
      timezone: read.timezone,
      ...(acquisition.coverage ? { coverage: acquisition.coverage } : {}),
    },
    {
      host,
      out,
      lines: out.lines,
      hashFiles,
      // With nested workers, a large timeline is merged in two halves, the later one on a nested worker.
      timelineTail: browserTimelineTail(o.runFolder),
      maxHashedBytes: MAX_HASHED_BYTES,
      version: o.version,
      wrapSink: (sink) => ({
        ...sink,
        warning(w) {
          sink.warning?.(w);
          o.post({ type: "warning", message: `${w.file ? `${w.file}: ` : ""}${w.message}` });
        },
      }),
      progress: {
        // One message per module step or per 100 ms: the page's bar, not a message per record.
        update: (p) => {
          const now = Date.now();
          if (p.index === lastIndex && now - lastPost < 100) return;
          lastIndex = p.index;
          lastPost = now;
          o.post({ type: "progress", done: p.index, total: p.total, module: p.module });
        },
        status() {},
        done() {},
      },
    },
  );
  await copying;
  await host.removeCopies();
  return {
    run,
    outcome: OUTCOMES[run.verdict.outcome],
    summaryText: verdictText(run.verdict),
    results: () => out.zip(new Date()),
  };
}
