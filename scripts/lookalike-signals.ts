/**
 * Issue 13, learned combination: a small fixed vector of numeric signals for one host, including the sub-threshold
 * ones the rules compute and discard (a popular name inside the name beside a lure word under an abused ending, a
 * slip from a long name with a lure word). No per-brand feature: every signal is about the name's shape, the rank
 * tier of the popular name it holds, and its ending, so a weighting learned on some brands applies to others.
 * Computed only for hosts the rules judged and did not flag, and only for a registrable name (or its www host): no
 * subdomain, no free host's tenant (measurable(): the negatives, held-out ranks and legitimate sets, hold almost none,
 * so a model learns "a subdomain or a free host means impersonation" and flags synology.ddns.net, mail.smallbakery.com).
 */
import { abused, nationalEnding, SOLD_AS_GENERIC } from "../src/checks/lookalike-endings.ts";
import { freeHostTenant, subdomainOf } from "../src/checks/lookalike-host.ts";
import { partsOf } from "../src/checks/lookalike-popular.ts";
import { skeleton } from "../src/checks/lookalike-skeleton.ts";
import { wordSeqIn } from "../src/checks/lookalike-trie.ts";
import { isTechnical, minTypoLength, nameBySkeleton, typoTargets, type PopularName, type Universe } from "../src/checks/lookalike-universe.ts";
import { LURES, NOTICE_OR_FILLER, plausibleSlip, SERVICE_WORDS, typoSlip, WEAK } from "../src/checks/lookalike-words.ts";
import { DYNAMIC_DNS } from "../src/checks/_phishing-lists.ts";
import { toUnicodeHost, type NormalizedUrl } from "../src/checks/url-normalize.ts";
import type { Reason } from "../src/checks/lookalike.ts";

/** The features' names, in the order of the vector (scripts/lookalike-model.json repeats them; a test compares). */
export const SIGNAL_NAMES = [
  "rule_low", "rule_kind_name", "rule_kind_typo", "rule_kind_homoglyph", "rule_kind_tld", "rule_kind_subdomain",
  "in_found", "in_tier1", "in_tier2", "in_national", "in_common", "in_technical", "in_length", "in_cover", "in_rest_words", "in_rest_scam", "in_at_edge",
  "slip_found", "slip_tier1", "slip_length", "slip_two", "slip_plausible",
  "same_found", "same_tier1", "same_tier2",
  "end_abused", "end_generic", "end_country", "end_sold_generic", "end_com_net_org", "end_private",
  "sub_brand", "free_host", "dynamic_dns", "labels", "punycode", "skeleton_name", "name_length", "digits", "hyphens", "lure_parts", "service_parts",
  "in_x_abused", "in_x_lure", "slip_x_lure", "same_x_abused",
] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

/** The signals of one host and the popular name they point at (for the reason's words). */
export interface Signals {
  readonly x: Float64Array;
  /** The strongest popular name seen: inside the name, slipped from, or the same name elsewhere. */
  readonly brand?: PopularName;
  /** Which of the three gave it. */
  readonly via?: "inside" | "slip" | "same";
  /** The lure words seen in the name ("secure", "login"), for the message. */
  readonly lures: readonly string[];
}

const at = (name: SignalName) => SIGNAL_NAMES.indexOf(name);
const I = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, at(n)])) as Record<SignalName, number>;
/** Names searched inside a label: the longest label read (longer ones are cut: no brand is that long). */
const MAX_SCAN = 40;

/** Whether a popular name counts when found inside another: no lure word, 4+ letters, or 3 in the top 1,000. */
const usable = (p: PopularName) => !LURES.has(p.name) && (p.name.length >= 4 || (p.tier === 1 && !p.common));
/** A better name inside: lower tier first, then longer. */
const better = (p: PopularName, q: PopularName | undefined) => !q || p.tier < q.tier || (p.tier === q.tier && p.name.length > q.name.length);

/** The best popular name inside `bare` (not the whole of it), with where it sits. */
function nameInside(u: Universe, bare: string): { p: PopularName; from: number } | undefined {
  let best: { p: PopularName; from: number } | undefined;
  const n = Math.min(bare.length, MAX_SCAN);
  for (let i = 0; i < n; i++) {
    for (let k = i + 3; k <= n; k++) {
      if (i === 0 && k === bare.length) continue;
      const p = u.names.get(bare.slice(i, k));
      if (p && usable(p) && better(p, best?.p)) best = { p, from: i };
    }
  }
  return best;
}

/** Lure, notice or place words making up `s` (one or two of them), or none. */
const wordsIn = (s: string) => s === "" || wordSeqIn(s, 0, s.length, 2, NOTICE_OR_FILLER);

/** Whether the model may judge a host: a registrable name or its www host, not on free hosting (see the header). */
export const measurable = (n: NormalizedUrl): boolean => (n.host === n.registrable || n.host === `www.${n.registrable}`) && !freeHostTenant(n);

/** The signals of a host the rules judged (`reasons`: theirs, none at MEDIUM or above when the model runs). */
export function signalsOf(u: Universe, n: NormalizedUrl, registrableLabel: string, reasons: readonly Reason[]): Signals {
  const x = new Float64Array(SIGNAL_NAMES.length);
  for (const r of reasons) {
    if (r.level === "LOW") x[I.rule_low] = 1;
    else x[I[`rule_kind_${r.kind === "userinfo" ? "subdomain" : r.kind}` as SignalName] ?? I.rule_kind_name] = 1;
  }
  // Host signals: always 0 on the hosts the model may judge (measurable()); kept for scripts/lookalike-loso.ts
  // --all-hosts, which measures what they would do without that gate.
  const tenant = freeHostTenant(n);
  const sub = subdomainOf(n);
  x[I.sub_brand] = +sub.split(/[.-]/).some((w) => w.length >= 4 && !LURES.has(w) && (u.names.get(w)?.tier ?? 3) <= 2);
  x[I.free_host] = +!!tenant;
  x[I.dynamic_dns] = +(!!tenant && DYNAMIC_DNS.has(tenant.host));
  x[I.labels] = Math.min(sub && sub !== "www" ? sub.split(".").length : 0, 4) / 2;
  const label = toUnicodeHost(tenant ? tenant.label : registrableLabel).normalize("NFC");
  const bare = label.replace(/[-\d]/g, "");
  const parts = partsOf(label);
  const lures = parts.filter((p) => NOTICE_OR_FILLER.has(p));
  let brand: PopularName | undefined;
  let via: Signals["via"];

  const inside = bare.length >= 4 ? nameInside(u, bare) : undefined;
  if (inside) {
    const { p, from } = inside;
    const before = bare.slice(0, from);
    const after = bare.slice(from + p.name.length);
    x[I.in_found] = 1;
    x[I.in_tier1] = +(p.tier === 1);
    x[I.in_tier2] = +(p.tier === 2);
    x[I.in_national] = +!!p.national;
    x[I.in_common] = +p.common;
    x[I.in_technical] = +isTechnical(p.name);
    x[I.in_length] = Math.min(p.name.length, 15) / 10;
    x[I.in_cover] = p.name.length / bare.length;
    x[I.in_rest_words] = +(wordsIn(before) && wordsIn(after));
    const scam = [before, after, ...parts].filter((w) => w && NOTICE_OR_FILLER.has(w) && !WEAK.has(w));
    x[I.in_rest_scam] = +(scam.length > 0);
    x[I.in_at_edge] = +(before === "" || after === "");
    for (const w of [before, after]) if (w && NOTICE_OR_FILLER.has(w) && !lures.includes(w)) lures.push(w);
    brand = p;
    via = "inside";
  }
  const slip = bare.length >= 5 && !u.names.has(bare) ? slipFrom(u, bare) : undefined;
  if (slip) {
    x[I.slip_found] = 1;
    x[I.slip_tier1] = +(slip.p.tier === 1);
    x[I.slip_length] = Math.min(slip.p.name.length, 15) / 10;
    x[I.slip_two] = +(slip.kind === "two letters differ");
    x[I.slip_plausible] = +plausibleSlip(bare, slip.p.name.replace(/-/g, ""));
    if (!brand || slip.p.tier < brand.tier) (brand = slip.p), (via = "slip");
  }
  const same = u.names.get(label.replace(/-/g, ""));
  if (same && same.suffix !== n.suffix) {
    x[I.same_found] = 1;
    x[I.same_tier1] = +(same.tier === 1);
    x[I.same_tier2] = +(same.tier === 2);
    brand = same;
    via = "same";
  }
  const tld = n.suffix.slice(n.suffix.lastIndexOf(".") + 1);
  x[I.end_abused] = +abused(n.suffix);
  x[I.end_com_net_org] = +/^(?:com|net|org)$/.test(n.suffix);
  x[I.end_sold_generic] = +SOLD_AS_GENERIC.has(tld);
  x[I.end_country] = +(nationalEnding(n.suffix) && !x[I.end_sold_generic]);
  x[I.end_generic] = +(tld.length > 2 && !x[I.end_abused] && !x[I.end_com_net_org]);
  x[I.end_private] = +(n.suffix.includes(".") && /^(?:com|net|org)$/.test(tld));
  x[I.punycode] = +n.host.includes("xn--");
  const sk = skeleton(label);
  x[I.skeleton_name] = +(sk !== label && !!nameBySkeleton(u, sk.replace(/-/g, "")));
  x[I.name_length] = Math.min(label.length, 40) / 10;
  x[I.digits] = Math.min((label.match(/\d/g) ?? []).length, 6) / 3;
  x[I.hyphens] = Math.min((label.match(/-/g) ?? []).length, 4) / 2;
  x[I.lure_parts] = Math.min(lures.length, 3);
  // A company's own service hosts (awsdns-cn-37, intercom-attachments-1): words of infrastructure, not of a lure.
  x[I.service_parts] = Math.min(parts.filter((w) => SERVICE_WORDS.has(w) || isTechnical(w)).length, 2);
  const lure = +(lures.length > 0 || x[I.in_rest_scam]!);
  x[I.in_x_abused] = x[I.in_found]! * x[I.end_abused]!;
  x[I.in_x_lure] = x[I.in_found]! * lure;
  x[I.slip_x_lure] = x[I.slip_found]! * lure;
  x[I.same_x_abused] = x[I.same_found]! * x[I.end_abused]!;
  return { x, ...(brand && { brand, via }), lures };
}

/** The nearest top-10,000 name within the slips a name of its length allows (the typo index of the universe). */
function slipFrom(u: Universe, bare: string): { p: PopularName; kind: string } | undefined {
  let best: { p: PopularName; kind: string } | undefined;
  for (const p of typoTargets(u, bare)) {
    const target = p.name.replace(/-/g, "");
    if (target.length < minTypoLength(p.tier)) continue;
    const kind = typoSlip(bare, target);
    if (kind && better(p, best?.p)) best = { p, kind };
  }
  return best;
}
