/**
 * A stopped run's folder in the origin-private file system, removed by the page: the terminated worker cannot, and
 * its files stay locked for a moment after terminate(), so removal is tried again a few times.
 */
const TRIES = 10;
const PAUSE_MS = 200;

export async function removeRunFolder(name: string): Promise<void> {
  if (!name.startsWith("spyglass-run-")) return; // only what the worker made (src/browser/opfs-output.ts RUN_PREFIX)
  const root = await navigator.storage.getDirectory();
  for (let i = 0; i < TRIES; i++) {
    try {
      await root.removeEntry(name, { recursive: true });
      return;
    } catch (err) {
      if ((err as DOMException).name === "NotFoundError") return;
      await new Promise((r) => setTimeout(r, PAUSE_MS));
    }
  }
  // Still locked: the next run's start removes it.
}
