/**
 * Generates a large realistic iPhone backup for the benchmark: SMS (a quarter with the text only in attributedBody, as
 * iOS 16+ writes many), Safari history, Manifest rows (sizes are arguments).
 */
import { existsSync, readFileSync } from "node:fs";
import { IosBackupBuilder, appleTime } from "../test/builders/ios-backup.ts";
import { buildSmsDb } from "../test/builders/ios/sms.ts";
import { buildSafariHistoryDb } from "../test/builders/ios/safari-history.ts";

export interface BenchSize {
  sms: number;
  safari: number;
  manifest: number;
}

const pegasusDomains = (): string[] => {
  const p = new URL("../../shared/indicators/amnesty/2021-07-18_nso/domains.txt", import.meta.url).pathname;
  return existsSync(p) ? readFileSync(p, "utf8").split("\n").filter(Boolean) : ["example-pegasus-domain.com"];
};

const HOSTS = ["www.nytimes.com", "en.wikipedia.org", "maps.apple.com", "www.bbc.co.uk", "github.com", "news.ycombinator.com", "www.lemonde.fr", "mail.google.com"];

export function generateBackup(dir: string, size: BenchSize): string {
  const b = new IosBackupBuilder(dir);
  const bad = pegasusDomains();
  const start = appleTime("2021-01-01 00:00:00");
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) =>
    buildSmsDb(
      db,
      (function* () {
        for (let i = 0; i < size.sms; i++) {
          const withLink = i % 10 < 3; // 30% of messages carry a link
          const host = i % 100_003 === 0 ? bad[i % bad.length] : HOSTS[i % HOSTS.length];
          const text = withLink ? `Look at this https://${host}/article/${i}?ref=sms ok` : `Message number ${i}: see you at ${Math.floor(rnd() * 24)}h`;
          // One in four as iOS 16+ often stores it: the text only in an attributedBody typedstream blob.
          const modern = i % 4 === 1;
          yield {
            text: modern ? null : text,
            ...(modern ? { attributedBodyText: text } : {}),
            handle: `+1415555${String(i % 10_000).padStart(4, "0")}`,
            date: new Date((start + 978307200 + i * 30) * 1000).toISOString().replace("T", " ").slice(0, 19),
            isFromMe: i % 3 === 0,
          };
        }
      })(),
    ),
  );
  b.sqlite("AppDomain-com.apple.mobilesafari", "Library/Safari/History.db", (db) =>
    buildSafariHistoryDb(
      db,
      (function* () {
        for (let i = 0; i < size.safari; i++) {
          yield { url: `https://${HOSTS[i % HOSTS.length]}/page/${i % 50_000}`, time: start + i * 60 };
        }
      })(),
    ),
  );
  for (let i = 0; i < size.manifest; i++) b.row(`AppDomain-com.example.app${i % 500}`, `Library/Caches/file-${i}.dat`, 1);
  return b.finish();
}
