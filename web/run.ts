/**
 * One check in a Web Worker: start it, follow its messages, ask for a password when the worker needs one (the
 * run is started again with it), and stop it at once on cancel (the worker is terminated, and the files it had
 * written in the origin-private file system are removed by the page).
 */
import type { EvidenceInput, FromWorker, IndicatorInput } from "../src/browser/protocol.ts";
import { removeRunFolder } from "./run-folder.ts";
import { startWorker } from "./worker-url.ts";

export interface RunEvents {
  progress(done: number, total: number, module: string | undefined): void;
  needPassword(what: "backup" | "age", wrong: boolean): void;
  warning(message: string): void;
  /** The answer; the results zip follows with "done" (the worker runs until then). */
  verdict(answer: Extract<FromWorker, { type: "verdict" }>): void;
  done(result: Extract<FromWorker, { type: "done" }>): void;
  /** One plain sentence: wrong input, a damaged file, the worker failing. */
  failed(message: string): void;
}

export class Run {
  private worker: Worker | undefined;
  /** The running worker's folder in the origin-private file system, once it says. */
  private folder: string | undefined;

  constructor(
    private readonly evidence: EvidenceInput,
    private readonly indicators: IndicatorInput[],
    private readonly on: RunEvents,
  ) {}

  start(password?: string): void {
    this.stop();
    const w = startWorker();
    this.worker = w;
    w.onmessage = (e: MessageEvent<FromWorker>) => this.handle(w, e.data);
    w.onerror = (e) => {
      e.preventDefault();
      this.finish(w);
      this.on.failed(`The check stopped unexpectedly${e.message ? `: ${e.message}` : ""}. Try again; if it happens again, use the spyglass command line.`);
    };
    w.postMessage({ type: "start", evidence: this.evidence, indicators: this.indicators, ...(password !== undefined ? { password } : {}) });
  }

  /** Terminates the worker (immediate: Worker.terminate stops it between two instructions). */
  stop(): void {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = undefined;
    if (this.folder) void removeRunFolder(this.folder).catch(() => undefined);
    this.folder = undefined;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  /** The run ended: its folder is kept only when it holds the results zip (removed when the next run starts). */
  private finish(w: Worker, keepFolder = false): void {
    w.terminate();
    if (this.worker !== w) return;
    this.worker = undefined;
    if (this.folder && !keepFolder) void removeRunFolder(this.folder).catch(() => undefined);
    this.folder = undefined;
  }

  private handle(w: Worker, m: FromWorker): void {
    if (this.worker !== w) return; // a message from a run already stopped
    switch (m.type) {
      case "progress":
        return this.on.progress(m.done, m.total, m.module);
      case "warning":
        return this.on.warning(m.message);
      case "run-folder":
        this.folder = m.name;
        return;
      case "need-password":
        this.finish(w);
        return this.on.needPassword(m.what, m.wrong);
      case "verdict":
        return this.on.verdict(m);
      case "done":
        this.finish(w, true);
        return this.on.done(m);
      case "error":
        this.finish(w);
        return this.on.failed(m.message);
      default:
        return;
    }
  }
}
