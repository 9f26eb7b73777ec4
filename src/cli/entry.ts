/**
 * Entry point of the CLI (bundled, and the bin's fallback): the run's temp folder and results folder are left
 * clean on every way out. Ctrl-C (SIGINT), SIGTERM and SIGHUP print one line, mark the results folder incomplete,
 * remove the temp folder and exit 130 / 143 / 129 (128 + the signal's number, as shells report it); an error does
 * the same through the exit hook. Temp folders of earlier runs that were killed outright are removed first.
 */
import { removeRunTemp, removeStaleRunTemps } from "../node/run-temp.ts";
import { markResultsInterrupted } from "../node/results-state.ts";
import { main } from "./main.ts";

// SIGHUP too: closing the terminal window a run shows in.
const SIGNAL_EXIT = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

function stopOn(signal: keyof typeof SIGNAL_EXIT): void {
  process.on(signal, () => {
    const clear = process.stderr.isTTY ? "\r\x1b[K" : ""; // over the progress bar, if one is shown
    // The line says only what was done: `spyglass web` or a refused command has no results and no temp folder.
    const marked = markResultsInterrupted(`interrupted by ${signal}`);
    const removed = removeRunTemp();
    const done = [removed && "temporary files removed", marked && "results marked INCOMPLETE"].filter(Boolean).join(", ");
    process.stderr.write(`${clear}spyglass: stopped by ${signal === "SIGINT" ? "Ctrl-C" : signal}${done ? `; ${done}` : ""}\n`);
    process.exit(SIGNAL_EXIT[signal]);
  });
}

stopOn("SIGHUP");
stopOn("SIGINT");
stopOn("SIGTERM");
// Any other way out (an error, the last task done) passes here; the run-temp module's own hook removes the folder.
process.on("exit", () => markResultsInterrupted("the run stopped on an error"));
removeStaleRunTemps();

await main(process.argv);
