/**
 * URL normalisation for the link checks: host in both IDN forms, default port dropped, registrable domain from the
 * public suffix list (tldts). Runs in browsers too. Never throws: evidence URLs are hostile or broken input.
 */
import { parse as parseDomain } from "tldts";
// @ts-expect-error punycode.js ships no type declarations; the two functions used here are typed just below.
import punycodeUntyped from "punycode.js";

const punycode = punycodeUntyped as { toUnicode(s: string): string; toASCII(s: string): string };

/** One link, normalised. */
export interface NormalizedUrl {
  /** The URL as parsed (`https://host/path`), or the trimmed input when the URL parser refused it. */
  readonly url: string;
  /** Lowercase host without trailing dot; for IDNs the ASCII (`xn--`) form; IPv6 without brackets. */
  readonly host: string;
  /** The host with its `xn--` labels decoded (equal to `hostAscii` when it has none, or when one does not decode). */
  readonly hostUnicode: string;
  /** The host in ASCII (punycode) form. */
  readonly hostAscii: string;
  /** The port when it is not the scheme's default, else "". */
  readonly port: string;
  /** eTLD+1 (ASCII form), e.g. `bbc.co.uk`, `cnn.gr.com` (private suffix `gr.com`); the host itself for an IP. */
  readonly registrable: string;
  /** The public suffix of `registrable` (`co.uk`, `gr.com`); "" for an IP or an unknown top-level label. */
  readonly suffix: string;
  readonly ip: boolean;
  /** What stood before "@" in the authority (`icrc.org` of `https://icrc.org@evil.com/`), percent-decoded; else "". */
  readonly userinfo: string;
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
// Schemes without "//" that carry a host: MVT's fix_protocol treats everything else as a bare host.
const MAILTO = /^mailto:/i;
// `tel:`, `sms:`, `javascript:`, `data:`… name no host; `example.com:8080/x` (a port after the colon) does.
const HOSTLESS_SCHEME = /^[a-z][a-z0-9+.-]*:(?![0-9]|\/\/)/i;
// Used only when `new URL` rejects the string (~0.7% of real URLs: spaces, bad escapes, odd ports):
// userinfo is skipped, the host ends at a port, path, query, fragment or space.
const FALLBACK = /^[a-z][a-z0-9+.-]*:\/\/(?:([^@/?#\\\s]*)@)?(\[[^\]/?#]*\]|[^:/?#\\\s]*)(?::(\d{1,5}))?/i;
const DEFAULT_PORTS: Record<string, string> = { "http:": "80", "https:": "443", "ws:": "80", "wss:": "443", "ftp:": "21" };
const IPV4ISH = /(?:^|\.)\d+$/; // a numeric last label is never a TLD (same rule as the indicator matcher)
/**
 * Links already written as the WHATWG URL parser would write them (most links in messages: lowercase http(s), a
 * plain ASCII host, a path and query of characters it keeps as they are): their href is the text itself, so the
 * parser is skipped (it took a third of normalising a link). Kept out: upper case, ports, user parts, "%" and "'"
 * (re-encoded or decoded), "." and ".." path segments (removed), `xn--` labels (validated), a last label that is
 * not a name (an IPv4 number), fragments. test/url-canonical.test.ts checks it against the parser.
 */
const CANONICAL = /^(https?):\/\/((?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(\/[\w\-~!$&()*+,;=:@/.]*)?(\?[\w\-~!$&()*+,;=:@/?.%]*)?$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
const IDN_LABEL = /(?:^|[./])xn--/;

/** The href, protocol and host of a link the URL parser would leave as it is (with "/" for an empty path); else undefined. */
export function canonicalUrl(s: string): { href: string; protocol: string; host: string } | undefined {
  const m = CANONICAL.exec(s);
  if (!m || (m[3] && DOT_SEGMENT.test(m[3])) || IDN_LABEL.test(m[2]!) || /^0x[0-9a-f]*$/.test(m[2]!.slice(m[2]!.lastIndexOf(".") + 1))) return undefined;
  return { href: m[3] ? s : `${m[1]}://${m[2]}/${m[4] ?? ""}`, protocol: m[1] + ":", host: m[2]! };
}

/** Hostnames longer than this are not DNS names (RFC 1035: 253 characters); beyond it we do not try. */
const MAX_HOST = 253;
/** Inputs longer than this are cut before parsing: a host never sits that deep in a real link. */
const MAX_INPUT = 8192;

/** Decodes `xn--` labels one by one; a label that does not decode is kept as it is. */
export function toUnicodeHost(ascii: string): string {
  if (!ascii.includes("xn--")) return ascii;
  return ascii
    .split(".")
    .map((label) => {
      if (!label.startsWith("xn--")) return label;
      try {
        return punycode.toUnicode(label);
      } catch {
        return label;
      }
    })
    .join(".");
}

/** ASCII form of a host that still holds non-ASCII letters (non-special schemes keep them); "" when it cannot be. */
function toAsciiHost(host: string): string {
  if (/^[\x00-\x7f]*$/.test(host)) return host;
  try {
    return punycode.toASCII(host.normalize("NFC"));
  } catch {
    return "";
  }
}

/**
 * Normalises a URL, a bare domain (`icrcworld.com`, `www.bbc.co.uk/news`) or a `mailto:` address.
 * Returns undefined when no host can be found. Never throws.
 */
export function normalizeUrl(raw: unknown): NormalizedUrl | undefined {
  try {
    return normalize(raw);
  } catch {
    return undefined; // a library surprise must not stop a scan (brief: bad input never throws)
  }
}

function normalize(raw: unknown): NormalizedUrl | undefined {
  if (typeof raw !== "string") return undefined;
  let s = raw.trim();
  if (s === "") return undefined;
  if (s.length > MAX_INPUT) s = s.slice(0, MAX_INPUT);
  if (MAILTO.test(s)) s = "http://" + s.slice(7).replace(/^[^@]*@/, "");
  else if (s.startsWith("//")) s = "http:" + s;
  else if (HOSTLESS_SCHEME.test(s)) return undefined;
  else if (!HAS_SCHEME.test(s)) s = "http://" + s;

  let url = s;
  let host = "";
  let port = "";
  let protocol = "";
  let userinfo = "";
  const canonical = canonicalUrl(s);
  if (canonical) ({ href: url, protocol, host } = canonical);
  else try {
    const u = new URL(s);
    url = u.href;
    host = u.hostname;
    port = u.port;
    protocol = u.protocol;
    userinfo = u.username + (u.password ? ":" + u.password : "");
  } catch {
    const m = FALLBACK.exec(s);
    if (!m) return undefined;
    userinfo = m[1] ?? "";
    host = m[2] ?? "";
    port = m[3] ?? "";
    protocol = s.slice(0, s.indexOf(":") + 1).toLowerCase();
    try {
      host = decodeURIComponent(host);
    } catch {
      // keep the raw host: a broken %-escape is not a reason to drop the link
    }
  }
  if (userinfo) {
    try {
      userinfo = decodeURIComponent(userinfo);
    } catch {
      // shown as written
    }
  }
  host = host.toLowerCase();
  while (host.endsWith(".")) host = host.slice(0, -1);
  if (host === "" || host.length > MAX_HOST * 4) return undefined;
  if (port !== "" && DEFAULT_PORTS[protocol] === port) port = "";

  if (host.startsWith("[") && host.endsWith("]")) {
    const v6 = host.slice(1, -1);
    if (!/^[0-9a-f:.]+$/.test(v6) || !v6.includes(":")) return undefined; // "[zz]" from the fallback: no address
    return { url, host: v6, hostUnicode: v6, hostAscii: v6, port, registrable: v6, suffix: "", ip: true, userinfo };
  }
  const hostAscii = toAsciiHost(host) || host;
  if (IPV4ISH.test(hostAscii) || (/^[0-9a-f:]+$/.test(hostAscii) && hostAscii.includes(":"))) {
    return { url, host: hostAscii, hostUnicode: hostAscii, hostAscii, port, registrable: hostAscii, suffix: "", ip: true, userinfo };
  }
  const hostUnicode = toUnicodeHost(hostAscii);
  // Private rules too: a name under blogspot.com, github.io or gr.com is registered by whoever holds it, not by
  // the suffix's operator, so `cnn.gr.com` is its own registrable domain (a Predator lure), not "gr.com".
  const p = parseDomain(hostAscii, { allowPrivateDomains: true, extractHostname: false, validateHostname: false });
  const registrable = p.domain ?? hostAscii;
  const suffix = p.domain ? (p.publicSuffix ?? "") : "";
  return { url, host: hostAscii, hostUnicode, hostAscii, port, registrable, suffix, ip: false, userinfo };
}
