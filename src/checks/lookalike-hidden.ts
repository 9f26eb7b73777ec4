/**
 * Links that hide or disguise where they lead: a URL shortener (a LOW note: the real destination is hidden) and a
 * user part before "@" that reads as a domain (`https://icrc.org@evil.com/`: judged by its real host, flagged).
 */
import { SHORTENER_DOMAINS, shortenerOf } from "../indicators/shorteners.ts";
import { URL_SHORTENERS } from "./_phishing-lists.ts";
import { isPopular } from "./lookalike-universe.ts";
import { normalizeUrl, type NormalizedUrl } from "./url-normalize.ts";
import type { BrandIndex, Reason, Score } from "./lookalike.ts";

/**
 * Where a host stands among shorteners, the part of shortenerFor that depends on the host alone (kept per host by
 * the scorer): MVT_LIST when a suffix is on MVT's list (the URL then decides), the suffix when it is on Sublime's.
 */
export const MVT_LIST = 1;
export function shortenerHost(host: string): string | typeof MVT_LIST | undefined {
  for (let h = host; ; ) {
    if (SHORTENER_DOMAINS.has(h)) return MVT_LIST;
    if (URL_SHORTENERS.has(h)) return h;
    const dot = h.indexOf(".");
    if (dot < 0) return undefined;
    h = h.slice(dot + 1);
  }
}

/** What the scorer keeps per host: the host's score and where it stands among shorteners (one lookup per link). */
export interface HostVerdict {
  readonly score: Score;
  readonly shortener: ReturnType<typeof shortenerHost>;
  /** The score with its shortener note, for the last shortener name it was made with (the same for every link). */
  noted?: { readonly shortener: string; readonly score: Score };
}

/** The shortener a link belongs to: MVT's list (shortenerOf also knows goo.gl/maps is no shortener), then Sublime's. */
export function shortenerFor(n: NormalizedUrl, byHost = shortenerHost(n.host)): string | undefined {
  return byHost === MVT_LIST ? shortenerOf(n.url) : byHost;
}

/** `https://icrc.org@evil.com/`: the part before "@" reads as a domain, but the link goes to the host after it. */
export function userinfoReason(index: BrandIndex, n: NormalizedUrl): Reason | undefined {
  const shown = n.userinfo.split(":")[0]!.toLowerCase();
  if (!shown.includes(".")) return undefined; // "user:pass@" is an old login form, not a disguise
  const u = normalizeUrl(shown);
  const known = !!u && !u.ip && (index.owned.has(u.registrable) || (!!index.universe && isPopular(index.universe, u.registrable)));
  const text = `the address starts with "${shown}@" to look like ${shown}, but it leads to ${n.host}`;
  return { kind: "userinfo", level: known ? "HIGH" : "MEDIUM", ...(known ? { brand: shown, brand_domain: u!.registrable } : {}), text };
}

// Reserved for private networks, loopback and link-local use (RFC 1918, RFC 5735, RFC 4193, RFC 4291): a link
// there is a router or a printer, never a spyware server on the internet.
export const LOCAL_IP = /^(?:127\.|10\.|192\.168\.|169\.254\.|172\.(?:1[6-9]|2\d|3[01])\.|0\.0\.0\.0$|::1$|f[cd][0-9a-f]{2}:|fe[89ab][0-9a-f]:)/;
