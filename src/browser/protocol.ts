/**
 * The messages between the page (web/) and the analysis worker (worker.ts). Stable: the page and tests outside the
 * project drive it; extend it only with optional fields or new message types.
 */

/** The evidence the page hands over: a picked or dropped folder (files with `webkitRelativePath`) or one file. */
export type EvidenceInput = { kind: "folder"; files: File[] } | { kind: "file"; file: File };

/** One STIX2 bundle as text: the bundled set (fetched by the page from its own origin) and any the user added. */
export interface IndicatorInput {
  readonly name: string;
  readonly text: string;
}

/** Page → worker. */
export type ToWorker =
  | {
      type: "start";
      evidence: EvidenceInput;
      indicators: IndicatorInput[];
      /** The iOS backup password, or the androidqf age key (identity file text) or passphrase. */
      password?: string;
    }
  | { type: "check-link"; id: number; url: string; indicators?: IndicatorInput[] };

/** How a run ended, as the page shows it (verdict.json's `outcome` in the page's words). */
export type Outcome = "known-spyware" | "suspicious" | "no-known-traces" | "nothing-examined";

/** Worker → page. */
/** What a run answers: the CLI's verdict, words, report and warnings. */
export interface Answer {
  outcome: Outcome;
  /** Exactly the verdict.json object. */
  verdict: unknown;
  /** The verdict in words, as the CLI prints it. */
  summaryText: string;
  /** Exactly what the CLI writes as report.html. */
  reportHtml: string;
  warnings: string[];
}

export type FromWorker =
  | { type: "progress"; done: number; total: number; module?: string }
  /** The run stops; the page asks for the password and re-sends "start" with it. `wrong`: the last one was wrong. */
  | { type: "need-password"; what: "backup" | "age"; wrong: boolean }
  /** One plain line naming the file. */
  | { type: "warning"; message: string }
  /**
   * The answer, as soon as it is known; "done" follows with the same fields and the results zip, whose CRC-32s are
   * computed from the written files meanwhile (~5 s for a 10^6-message backup's 3.4 GB), off the verdict's path.
   */
  | ({ type: "verdict" } & Answer)
  | ({
      type: "done";
      /**
       * A zip of the results folder as a Blob (its files read from the origin-private file system as it is read,
       * never copied into one array: a 10^6-message backup writes ~3.4 GB of results), for a download
       * (URL.createObjectURL).
       */
      resultsBlob: Blob;
      /**
       * Where the results were written: "opfs", the origin-private file system (resultsBlob then reads files on disk,
       * removed when the next run starts), or "memory" where the browser has none (Blobs).
       */
      resultsIn?: "opfs" | "memory";
    } & Answer)
  /**
   * The run's folder in the origin-private file system (sent when the run starts): a page that stops the run removes
   * it, since a terminated worker cannot (the next run's start would otherwise remove it).
   */
  | { type: "run-folder"; name: string }
  /** Wrong kind of input and the like: one plain sentence. */
  | { type: "error"; message: string }
  /** What `check-link --json` prints for one link. */
  | { type: "link-result"; id: number; result: unknown };
