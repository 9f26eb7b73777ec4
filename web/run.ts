/**
 * One check in a Web Worker: start it, follow its messages, ask for a password when the worker needs one (the
 * run is started again with it), and stop it at once on cancel (the worker is terminated: nothing to clean up,
 * every byte it held was in its own memory).
 */
import type { EvidenceInput, FromWorker, IndicatorInput } from "../src/browser/protocol.ts";
import { startWorker } from "./worker-url.ts";

export interface RunEvents {
  progress(done: number, total: number, module: string | undefined): void;
  needPassword(what: "backup" | "age", wrong: boolean): void;
  warning(message: string): void;
  done(result: Extract<FromWorker, { type: "done" }>): void;
  /** One plain sentence: wrong input, a damaged file, the worker failing. */
  failed(message: string): void;
}

export class Run {
  private worker: Worker | undefined;

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
    this.worker?.terminate();
    this.worker = undefined;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  private finish(w: Worker): void {
    w.terminate();
    if (this.worker === w) this.worker = undefined;
  }

  private handle(w: Worker, m: FromWorker): void {
    if (this.worker !== w) return; // a message from a run already stopped
    switch (m.type) {
      case "progress":
        return this.on.progress(m.done, m.total, m.module);
      case "warning":
        return this.on.warning(m.message);
      case "need-password":
        this.finish(w);
        return this.on.needPassword(m.what, m.wrong);
      case "done":
        this.finish(w);
        return this.on.done(m);
      case "error":
        this.finish(w);
        return this.on.failed(m.message);
      default:
        return;
    }
  }
}
