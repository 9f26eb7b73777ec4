/** `spyglass check-link URL…`: a plain-words verdict on links from a message (impersonation, known spyware), offline. */
import { readFileSync, statSync } from "node:fs";
import type { Command } from "commander";
import { SpyglassError } from "../core/errors.ts";
import { judgeLink, type LinkVerdict } from "../run/link.ts";
import type { IndicatorSet } from "../indicators/types.ts";

export { judgeLink, type LinkVerdict };
import { loadIndicators } from "./load-indicators.ts";
import { terminalSafe, terminalSafeJson } from "../outputs/terminal-safe.ts";
import { EXIT } from "./common.ts";

export interface CheckLinkOptions {
  /** A file with one URL or domain per line ("-" for standard input); `#` starts a comment line. */
  file?: string | undefined;
  json?: boolean | undefined;
  /** STIX2 files or folders (default: the bundled Amnesty indicators). */
  iocs?: string[] | undefined;
  /** false skips indicators (commander's --no-indicators). */
  indicators?: boolean | undefined;
}

/** A links file larger than this is not a list someone pasted from messages (E_LIMIT). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;
const NOT_PROOF = "no sign of impersonation (this does not prove it is safe)";

function readLinks(file: string): string[] {
  let text: string;
  try {
    if (file !== "-" && statSync(file).size > MAX_FILE_BYTES) {
      throw new SpyglassError("E_LIMIT", `${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: not a list of links`, { file });
    }
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (err) {
    if (err instanceof SpyglassError) throw err;
    throw new SpyglassError("E_NOT_FOUND", `cannot read the links file ${file}`, { file, cause: err });
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

const RESTS_MAX = 50_000;

/** What follows the URL in a verdict's text. */
function describeRest(v: LinkVerdict): string {
  if (v.domain === null) return `\n  not a web address: there is nothing to check\n`;
  if (v.level === "LOW") return `\n${v.reasons.map((r) => `  NOTE: ${terminalSafe(r)}\n`).join("")}  ${NOT_PROOF}\n`;
  if (!v.suspicious) return `\n  ${NOT_PROOF}\n`;
  // The level from the strongest signal: CRITICAL a known indicator, HIGH a deliberate trick, MEDIUM a reworked name.
  return `  (level ${v.level})\n${v.reasons.map((r) => `  SUSPICIOUS: ${terminalSafe(r)}\n`).join("")}`;
}

/** The --json line after `{"url":…,`: JSON.stringify's text for the other fields, in the verdict's key order. */
function jsonRest(v: LinkVerdict): string {
  const { url: _, ...rest } = v;
  return terminalSafeJson(JSON.stringify(rest)).slice(1);
}

/**
 * Renders verdicts, each host's once: a verdict that is no known indicator is a function of its score, and links of
 * one score share their reasons array (run/link.ts), so the text after the URL is kept by that array. Links from a
 * message file repeat hosts (10^5 links held 32,000 hosts in the benchmark); only the URL is escaped per link.
 * The escaping works a character at a time, so escaping the parts is escaping the whole. At most RESTS_MAX texts are
 * kept; past it they start over (a miss only renders again).
 */
function renderer(json: boolean): (v: LinkVerdict) => string {
  const rests = new Map<readonly string[], string>();
  const restOf = json ? jsonRest : describeRest;
  return (v) => {
    let rest = v.known === null && v.domain !== null ? rests.get(v.reasons) : undefined;
    if (rest === undefined) {
      rest = restOf(v);
      if (v.known === null && v.domain !== null) {
        if (rests.size >= RESTS_MAX) rests.clear();
        rests.set(v.reasons, rest);
      }
    }
    // Links come from messages: printed, never executed by the terminal.
    return json ? `{"url":${terminalSafeJson(JSON.stringify(v.url))},${rest}\n` : terminalSafe(v.url) + rest;
  };
}

/** Prints a verdict per link; returns the exit code (10 when any link is suspicious, MEDIUM or above, or known; else 0). */
export function checkLink(urls: string[], opts: CheckLinkOptions = {}): number {
  const links = [...urls.map((u) => u.trim()).filter(Boolean), ...(opts.file ? readLinks(opts.file) : [])];
  if (!links.length) throw new SpyglassError("E_USAGE", "check-link needs at least one URL or domain, or --file FILE (see spyglass check-link --help)");
  let indicators: IndicatorSet | undefined;
  let bundled = false;
  if (opts.indicators !== false) {
    const loaded = loadIndicators(opts.iocs ?? []);
    indicators = loaded.set;
    bundled = loaded.bundled;
    // The bundled set's few unusable patterns are the project's to fix, not news to someone checking a link.
    if (!bundled) for (const w of loaded.warnings) process.stderr.write(`warning: ${terminalSafe(w)}\n`);
  }
  let flagged = 0;
  const out: string[] = [];
  const render = renderer(!!opts.json);
  for (const link of links) {
    const v = judgeLink(link, indicators, bundled);
    if (v.suspicious) flagged++;
    out.push(render(v));
    if (out.length >= 1000) process.stdout.write(out.splice(0).join(""));
  }
  if (!opts.json) {
    out.push(
      flagged
        ? `\n${flagged} of ${links.length} link${links.length === 1 ? "" : "s"} suspicious. Do not open ${flagged === 1 ? "it" : "them"}; ` +
            "if it came in a message, keep the message and ask a digital-security helpline (e.g. Access Now's).\n"
        : `\nNo sign of impersonation in ${links.length} link${links.length === 1 ? "" : "s"}. Spyglass only read the addresses: it opened nothing.\n`,
    );
  }
  process.stdout.write(out.join(""));
  return flagged ? EXIT.DETECTED : EXIT.CLEAN;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Adds `check-link` to the program (called from main.ts). */
export function registerCheckLink(program: Command): Command {
  return program
    .command("check-link [urls...]")
    .description("check links or domains from a message for impersonation and known spyware (offline; opens nothing)")
    .option("-f, --file <file>", "read links from a file, one URL or domain per line (# starts a comment; - reads stdin)")
    .option("-i, --iocs <file>", "STIX2 bundle or folder (repeatable; default: the bundled Amnesty indicators)", collect, [])
    .option("--no-indicators", "skip indicators: impersonation checks only")
    .option("--json", "print one JSON object per link: url, domain, suspicious, level, known, reasons")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  spyglass check-link https://icrcworld.com/news 'whatsapp-app.com'\n" +
        "  spyglass check-link --file links.txt --json\n" +
        "\nExit codes:\n  0   no link suspicious (which does not prove the links are safe)\n" +
        "  10  at least one link is suspicious or a known spyware domain\n  1   error\n  2   usage error\n" +
        "\nSpyglass never opens the links: it reads the addresses only.",
    )
    .action((urls: string[], o: CheckLinkOptions) => {
      process.exitCode = checkLink(urls, o);
    });
}
