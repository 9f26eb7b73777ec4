/**
 * A static file server for the offline web app (`spyglass web`): GET/HEAD of files under one folder, on 127.0.0.1
 * only, with the app's Content-Security-Policy as a header too. Paths are decoded once and must stay inside the
 * folder (no `..`, no symbolic link out of it); anything else is 404 — the page needs nothing more.
 */
import { createReadStream, realpathSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, sep } from "node:path";
import { CSS } from "../outputs/html-report/css.ts";
import { SCRIPT } from "../outputs/html-report/script.ts";
import { cspHash } from "../outputs/html-report/sha256.ts";

/**
 * The app's policy, in the page's meta tag (written by the vite build) and in every response's header. Nothing loads
 * from elsewhere; WebAssembly may compile (SQLite); the report, shown in a sandboxed srcdoc frame that inherits this
 * policy, may run its own inline style and script, named by hash as in its own policy.
 */
export function webCsp(): string {
  // Made when first asked, not when the module loads: every command imports this file, few serve the app (the two
  // hashes cost ~15 ms of start-up).
  return (csp ??=
    `default-src 'self'; script-src 'self' 'wasm-unsafe-eval' ${cspHash(SCRIPT)}; style-src 'self' ${cspHash(CSS)}; ` +
    "worker-src 'self' blob:; connect-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'");
}
let csp: string | undefined;

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".stix2": "application/json; charset=utf-8",
  ".stix": "application/json; charset=utf-8",
  ".yaml": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** The file a request path names inside `root` (a real path, symbolic links resolved), or undefined. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return undefined; // malformed %-escape
  }
  if (path.includes("\0") || path.split(/[\\/]/).includes("..")) return undefined;
  if (path.endsWith("/")) path += "index.html";
  const base = realpathSync(root);
  let real: string;
  try {
    real = realpathSync(join(base, path));
    if (!statSync(real).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return real.startsWith(base + sep) ? real : undefined;
}

/** Serves `root`; resolves once listening, with the address to open. Port 0 picks a free one. */
export function serveStatic(root: string, port = 0, host = "127.0.0.1"): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const file = req.method === "GET" || req.method === "HEAD" ? resolveInside(root, req.url ?? "/") : undefined;
    const headers = { "Content-Security-Policy": webCsp(), "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-cache" };
    if (!file) {
      res.writeHead(req.method === "GET" || req.method === "HEAD" ? 404 : 405, { ...headers, "Content-Type": "text/plain; charset=utf-8" });
      res.end("not found\n");
      return;
    }
    res.writeHead(200, { ...headers, "Content-Type": MIME[extname(file).toLowerCase()] ?? "application/octet-stream", "Content-Length": statSync(file).size });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).on("error", () => res.destroy()).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const a = server.address();
      const p = typeof a === "object" && a ? a.port : port;
      resolve({ server, url: `http://${host}:${p}/` });
    });
  });
}
