/**
 * The installed package's root folder (works from src/ under tsx and from the dist/ bundle): the nearest package.json
 * that declares the `spyglass` command (the npm name is not `spyglass`, and may change; the command does not).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

function find(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { bin?: Record<string, string> }).bin?.spyglass) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("spyglass package.json not found");
    dir = up;
  }
}

export const PACKAGE_ROOT = find();
export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
