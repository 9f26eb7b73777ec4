/**
 * The analysis worker, bundled by vite from src/browser/worker.ts (a module worker: it imports the SQLite
 * WebAssembly build). One place creates it so the run and the link box start the same code.
 */
export const startWorker = (): Worker => new Worker(new URL("../src/browser/worker.ts", import.meta.url), { type: "module", name: "spyglass" });
