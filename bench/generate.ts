/**
 * Generates a large realistic iPhone backup for the benchmark: SMS (a quarter with the text only in attributedBody, as
 * iOS 16+ writes many), Safari history, Manifest rows (sizes are arguments). The messages hold what real phones hold
 * (issue 15): links to popular sites, one in twenty a t.co or bit.ly shortened link, photo attachments, phone-number
 * and iMessage e-mail senders; one in 100,003 links to a Pegasus domain.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { IosBackupBuilder, appleTime } from "../test/builders/ios-backup.ts";
import { addSmsAttachments, buildSmsDb, type SmsAttachment } from "../test/builders/ios/sms.ts";
import { buildSafariHistoryDb } from "../test/builders/ios/safari-history.ts";

export interface BenchSize {
  sms: number;
  safari: number;
  manifest: number;
}

export const pegasusDomains = (): string[] => {
  const p = new URL("../../shared/indicators/amnesty/2021-07-18_nso/domains.txt", import.meta.url).pathname;
  return existsSync(p) ? readFileSync(p, "utf8").split("\n").filter(Boolean) : ["example-pegasus-domain.com"];
};

export const HOSTS = [
  "www.nytimes.com", "en.wikipedia.org", "maps.apple.com", "www.bbc.co.uk", "github.com", "news.ycombinator.com", "www.lemonde.fr", "mail.google.com",
  "www.youtube.com", "www.instagram.com", "www.amazon.com", "www.facebook.com", "open.spotify.com", "www.reddit.com", "x.com", "www.google.com",
];
export const SHORTENERS = ["t.co", "bit.ly"];

export function generateBackup(dir: string, size: BenchSize): string {
  const b = new IosBackupBuilder(dir);
  const bad = pegasusDomains();
  const start = appleTime("2021-01-01 00:00:00");
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const dateOf = (i: number) => new Date((start + 978307200 + i * 30) * 1000).toISOString().replace("T", " ").slice(0, 19);
  const attachments: SmsAttachment[] = [];
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    buildSmsDb(
      db,
      (function* () {
        for (let i = 0; i < size.sms; i++) {
          const withLink = i % 10 < 3; // 30% of messages carry a link
          const host = i % 100_003 === 0 ? bad[i % bad.length] : HOSTS[i % HOSTS.length];
          // One in twenty a shortened link, each its own (as tweets and newsletters share them).
          const short = i % 20 === 7 ? ` https://${SHORTENERS[(i / 20) & 1]}/${(i * 7919).toString(36)}` : "";
          const text = withLink ? `Look at this https://${host}/article/${i}?ref=sms ok${short}` : `Message number ${i}: see you at ${Math.floor(rnd() * 24)}h${short}`;
          // One in four as iOS 16+ often stores it: the text only in an attributedBody typedstream blob.
          const modern = i % 4 === 1;
          // One in twenty-five with a photo.
          if (i % 25 === 3) attachments.push({ messageRowId: i + 1, filename: `~/Library/SMS/Attachments/${(i % 256).toString(16).padStart(2, "0")}/IMG_${i}.jpeg`, transferName: `IMG_${i}.jpeg`, totalBytes: 200_000 + (i % 5_000), createdDate: dateOf(i), startDate: dateOf(i), isOutgoing: i % 3 === 0 });
          yield {
            text: modern ? null : text,
            ...(modern ? { attributedBodyText: text } : {}),
            // Several senders: 10,000 phone numbers and 300 iMessage e-mail addresses.
            handle: i % 7 === 0 ? `friend${i % 300}@icloud.com` : `+1415555${String(i % 10_000).padStart(4, "0")}`,
            ...(i % 7 === 0 ? { service: "iMessage" } : {}),
            date: dateOf(i),
            isFromMe: i % 3 === 0,
          };
        }
      })(),
    );
    addSmsAttachments(db, attachments);
  });
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

/**
 * The benchmark's backup at `scale` (10^6 SMS, 300,000 visits, 50,000 Manifest rows at 1) in `data`, generated once
 * and reused while its Manifest.db is there (bench/run.ts, carve.ts and web.ts share it); its folder and size.
 */
export function benchBackup(data: string, scale: number): { dir: string; size: BenchSize } {
  const size = { sms: Math.round(1_000_000 * scale), safari: Math.round(300_000 * scale), manifest: Math.round(50_000 * scale) };
  const dir = join(data, `backup-v3-${scale}`);
  if (!existsSync(join(dir, "Manifest.db"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const t = performance.now();
    generateBackup(dir, size);
    console.log(`generated ${dir} (${size.sms} SMS, ${size.safari} visits, ${size.manifest} manifest rows) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return { dir, size };
}
