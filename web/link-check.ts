/**
 * The "check a link" box: the worker judges the link as `spyglass check-link --json` does (known spyware
 * domains, then look-alike names), offline; the answer is shown in words. One worker serves every link.
 */
import type { FromWorker, IndicatorInput } from "../src/browser/protocol.ts";
import type { LinkVerdict } from "../src/run/link.ts";
import { el } from "./dom.ts";
import { startWorker } from "./worker-url.ts";

let worker: Worker | undefined;
/** The indicators the worker last compiled: sent again only when they change (compiling takes a second or two). */
let sent: IndicatorInput[] | undefined;
let nextId = 1;
const waiting = new Map<number, (r: LinkVerdict | string) => void>();

function linkWorker(): Worker {
  if (worker) return worker;
  const w = startWorker();
  w.onmessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === "link-result") {
      waiting.get(m.id)?.(m.result as LinkVerdict);
      waiting.delete(m.id);
    } else if (m.type === "error") {
      // The worker could not check (its indicators did not load): every link waiting gets the sentence.
      for (const done of waiting.values()) done(m.message);
      waiting.clear();
    }
  };
  w.onerror = (e) => {
    e.preventDefault();
    for (const done of waiting.values()) done(`The link could not be checked${e.message ? `: ${e.message}` : ""}.`);
    waiting.clear();
    worker = undefined;
    sent = undefined;
  };
  worker = w;
  return w;
}

export function checkLink(url: string, indicators: IndicatorInput[]): Promise<LinkVerdict | string> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    const w = linkWorker();
    w.postMessage({ type: "check-link", id, url, ...(sent !== indicators ? { indicators } : {}) });
    sent = indicators;
  });
}

/** The answer in words: what the domain is, and why it is (or is not) suspicious. */
export function linkAnswer(r: LinkVerdict | string): HTMLElement {
  if (typeof r === "string") return el("div", { class: "link-answer note" }, r);
  if (r.domain === null) return el("div", { class: "link-answer note" }, el("p", {}, "This is not a web address: paste the whole link, e.g. https://example.org/page."));
  const known = r.known ? ` It is on a list of known spyware addresses (${r.known.name}).` : "";
  const title = r.known
    ? "Dangerous: a known spyware address"
    : r.suspicious
      ? "Suspicious: this link imitates a known name"
      : r.level === "LOW"
        ? "No sign of impersonation, but the real destination is hidden"
        : "No sign of impersonation";
  const cls = r.suspicious ? "link-answer bad" : r.level ? "link-answer note" : "link-answer";
  return el(
    "div",
    { class: cls, "data-level": r.level ?? "none" },
    el("p", {}, el("strong", {}, title), ` — ${r.domain}.${known}`),
    ...(r.reasons.length ? [el("ul", {}, ...r.reasons.map((t) => el("li", {}, t)))] : []),
    ...(!r.suspicious ? [el("p", { class: "hint" }, "This does not prove the link is safe. Do not open links you did not expect.")] : []),
    ...(r.suspicious ? [el("p", {}, "Do not open it. If you already did, check your phone above and contact a digital-security helpline.")] : []),
  );
}
