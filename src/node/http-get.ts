/**
 * GET over http/https with a timeout, a size limit and proxy support. Node 20's fetch ignores proxy variables, so
 * this uses the http/https modules: through HTTPS_PROXY / HTTP_PROXY (either case) it opens a CONNECT tunnel and
 * speaks to the server through it; NO_PROXY (comma-separated hosts, domain suffixes, `*`) bypasses the proxy.
 * Used only by `indicators update`: analysis never goes online.
 */
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import { isIP, type Socket } from "node:net";

export interface GetOptions {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly env?: NodeJS.ProcessEnv;
}

export class HttpGetError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;
/** Errors that mean the server went away mid-answer. */
const CUT = new Set(["ECONNRESET", "socket hang up", "aborted", "ERR_STREAM_PREMATURE_CLOSE"]);

/** The proxy for `url`, or undefined when none is set or NO_PROXY covers the host. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const raw = url.protocol === "https:" ? env.HTTPS_PROXY || env.https_proxy : env.HTTP_PROXY || env.http_proxy;
  if (!raw) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  for (const entry of (env.NO_PROXY || env.no_proxy || "").split(/[,\s]+/).filter(Boolean)) {
    if (entry === "*") return undefined;
    // "host", "host:port", "[v6]:port" or a bare IPv6 address (several colons, no port).
    const e = entry.toLowerCase();
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(e) ?? (e.split(":").length > 2 ? [e, e, undefined] : /^([^:]*)(?::(\d+))?$/.exec(e));
    const [h = "", p] = m ? [m[1], m[2]] : [e, undefined];
    if (p && p !== port) continue;
    const bare = h.replace(/^\*?\./, "");
    if (host === bare || host.endsWith("." + bare)) return undefined;
  }
  try {
    return new URL(raw.includes("://") ? raw : `http://${raw}`);
  } catch {
    throw new HttpGetError(`proxy setting is not a URL: ${raw}`, url.href);
  }
}

/** A socket to host:port through the proxy's CONNECT. */
function tunnel(proxy: URL, target: URL, timeoutMs: number): Promise<Socket> {
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  const authority = `${target.hostname}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxy.username) headers["proxy-authorization"] = "Basic " + Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString("base64");
  return new Promise((resolve, reject) => {
    const req = (proxy.protocol === "https:" ? https : http).request({ host: proxy.hostname, port: proxy.port || (proxy.protocol === "https:" ? 443 : 80), method: "CONNECT", path: authority, headers, timeout: timeoutMs });
    req.on("connect", (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new HttpGetError(`proxy ${proxy.host} refused the tunnel: HTTP ${res.statusCode}`, target.href));
      }
    });
    req.on("timeout", () => req.destroy(new HttpGetError(`proxy ${proxy.host} did not answer within ${timeoutMs / 1000} s`, target.href)));
    req.on("error", (e) => reject(e instanceof HttpGetError ? e : new HttpGetError(`proxy ${proxy.host}: ${e.message}`, target.href)));
    req.end();
  });
}

/** TLS over the tunnel, the server's certificate checked for the URL's host; resolves once the handshake is done. */
function secure(raw: Socket, url: URL, timeoutMs: number): Promise<Socket> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve, reject) => {
    const s = tls.connect({ socket: raw, host, ...(isIP(host) ? {} : { servername: host }) });
    const timer = setTimeout(() => s.destroy(new HttpGetError(`no TLS handshake within ${timeoutMs / 1000} s`, url.href)), timeoutMs);
    s.once("secureConnect", () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once("error", (e) => {
      clearTimeout(timer);
      raw.destroy();
      reject(e instanceof HttpGetError ? e : new HttpGetError(`TLS: ${e.message}`, url.href));
    });
  });
}

async function getOnce(url: URL, o: GetOptions): Promise<{ status: number; location?: string; body: Buffer }> {
  const proxy = proxyFor(url, o.env);
  let socket: Socket | undefined;
  if (proxy) {
    const raw = await tunnel(proxy, url, o.timeoutMs);
    socket = url.protocol === "https:" ? await secure(raw, url, o.timeoutMs) : raw;
  }
  const mod = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: "GET", headers: { "user-agent": "spyglass-indicators-update" }, ...(socket ? { agent: false, createConnection: () => socket } : {}) }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        resolve({ status, location: res.headers.location, body: Buffer.alloc(0) });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > o.maxBytes) req.destroy(new HttpGetError(`larger than ${o.maxBytes} bytes`, url.href));
        else chunks.push(c);
      });
      res.on("end", () => {
        socket?.destroy(); // a tunnel is used for one request; left open it would keep the process alive
        if (!res.complete) reject(new HttpGetError("the connection closed before the whole file arrived", url.href));
        else resolve({ status, body: Buffer.concat(chunks) });
      });
      res.on("aborted", () => reject(new HttpGetError("the connection closed before the whole file arrived", url.href)));
      res.on("error", (e) => reject(e instanceof HttpGetError ? e : new HttpGetError(e.message, url.href)));
    });
    // One deadline for the whole download, so a server that trickles bytes cannot hold the update forever.
    const timer = setTimeout(() => req.destroy(new HttpGetError(`no complete answer within ${o.timeoutMs / 1000} s`, url.href)), o.timeoutMs);
    req.on("close", () => {
      clearTimeout(timer);
      socket?.destroy();
    });
    req.on("error", (e: NodeJS.ErrnoException) => reject(e instanceof HttpGetError ? e : new HttpGetError(CUT.has(e.code ?? e.message) ? "the connection closed before the whole file arrived" : e.message, url.href)));
    req.end();
  });
}

/** The body of a 200 answer; anything else (404, timeout, cut-off transfer, too large) throws HttpGetError. */
export async function httpGet(href: string, o: GetOptions): Promise<Buffer> {
  let url = new URL(href);
  for (let i = 0; i <= MAX_REDIRECTS; i++) {
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new HttpGetError(`unsupported protocol ${url.protocol}`, url.href);
    const r = await getOnce(url, o);
    if (r.location) {
      url = new URL(r.location, url);
      continue;
    }
    if (r.status !== 200) throw new HttpGetError(`HTTP ${r.status}`, url.href);
    return r.body;
  }
  throw new HttpGetError("too many redirects", href);
}
