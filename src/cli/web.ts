/**
 * `spyglass web [--port N]`: serves the offline web app (dist/web, made by `npm run build:web`) on 127.0.0.1 and
 * prints its address. The analysis runs in the browser tab: this server only hands out the page's own files, and
 * Ctrl-C stops it (exit 130, as for every command).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { SpyglassError } from "../core/errors.ts";
import { PACKAGE_ROOT } from "../node/package-root.ts";
import { serveStatic } from "../node/static-server.ts";
import { usageError } from "./usage.ts";

export const WEB_ROOT = join(PACKAGE_ROOT, "dist", "web");

function portOf(text: string | undefined): number {
  if (text === undefined) return 0;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw usageError(`--port must be a number from 1 to 65535, not "${text}"`, "web");
  return n;
}

export async function serveWeb(opts: { port?: string }, root = WEB_ROOT): Promise<void> {
  const port = portOf(opts.port);
  if (!existsSync(join(root, "index.html"))) {
    throw new SpyglassError("E_NOT_FOUND", `the web app is not built (${root} has no index.html): run npm run build:web`, { file: root });
  }
  try {
    const { url } = await serveStatic(root, port);
    process.stdout.write(`Spyglass web app: ${url}\nOpen it in a browser on this computer. The evidence you give the page stays on this computer: nothing is uploaded.\nPress Ctrl-C to stop.\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new SpyglassError("E_USAGE", `port ${port} is in use: give another with --port, or none for a free one`);
    if (code === "EACCES") throw new SpyglassError("E_USAGE", `port ${port} cannot be used (permission denied): give one above 1023`);
    throw err;
  }
}

export function registerWeb(program: Command): void {
  program
    .command("web")
    .description("serve the offline web app on this computer (127.0.0.1): check a phone in a browser tab, nothing uploaded")
    .option("--port <n>", "port to listen on (default: a free one)")
    .addHelpText("after", "\nExamples:\n  spyglass web\n  spyglass web --port 8080\n\nThe page works with no network; build it first with npm run build:web (npm run build does too).")
    .action((o: { port?: string }) => serveWeb(o));
}
