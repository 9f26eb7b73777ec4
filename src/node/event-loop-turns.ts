/**
 * Turns for the event loop during long work on the main thread. Ctrl-C and SIGTERM are handled on the event loop
 * (entry.ts), but a scan parsing on this thread, or a timeline merge, is resolved promises from start to end: the
 * signal waited for the module or the merge to end (measured: 8.6 s into a 100,000-message sms.db on one thread).
 * A turn at most every 50 ms costs nothing measurable and keeps the answer to a signal under ~0.1 s of work.
 */
import type { ScanSink } from "../core/sink.ts";

const TURN_MS = 50;
// Calls between looks at the clock: a timeline event costs ~1 µs, so 256 of them stay well under the interval.
const CHECK_EVERY = 256;

let last = Date.now();
let calls = 0;

/** A promise that gives the event loop a turn, when the last one is over 50 ms ago; else undefined (no await). */
export function turnIfDue(): Promise<void> | undefined {
  if (Date.now() - last < TURN_MS) return undefined;
  return new Promise((resolve) =>
    setImmediate(() => {
      last = Date.now();
      resolve();
    }),
  );
}

/** `sink` whose timeline events give the event loop its turns (the scan awaits what `timeline` returns). */
export function withEventLoopTurns(sink: ScanSink): ScanSink {
  const timeline = sink.timeline;
  if (!timeline) return sink;
  return {
    ...sink,
    timeline(m, e) {
      const done = timeline.call(sink, m, e);
      if (++calls % CHECK_EVERY) return done;
      const turn = turnIfDue();
      return turn ? Promise.all([done, turn]).then(() => {}) : done;
    },
  };
}
