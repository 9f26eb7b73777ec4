/**
 * `node --import tsx bench/sqlite-carve.ts [--sms N]`: what carving deleted rows costs on a large sms.db. Builds an
 * iOS 17 sms.db of N messages (10^6 by default, ~200 MB; the test builder's schema and realistic texts), deletes one
 * message in 100 as the Messages app does (secure_delete off), then measures side by side in one process: a bare
 * better-sqlite3 read of every message row (the floor of any scan of this table), and `carveDatabase` over all
 * tables of the file. Prints wall and CPU time (CPU is what holds on a shared machine), rows recovered, and the
 * carve's peak RSS above the process before it.
 * The database is made in a temp folder of its own and removed at the end.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSmsDb } from "../test/builders/ios/sms.ts";
import { localFile } from "../src/node/fs-source.ts";
import { carveDatabase } from "../src/formats/sqlite-carve.ts";

const i = process.argv.indexOf("--sms");
const count = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
const dir = mkdtempSync(join(tmpdir(), "spyglass-bench-carve-"));
try {
  const path = join(dir, "sms.db");
  let t = performance.now();
  const db = new Database(path);
  db.pragma("journal_mode = DELETE");
  db.pragma("secure_delete = OFF");
  db.transaction(() =>
    buildSmsDb(
      db,
      (function* () {
        for (let n = 0; n < count; n++) {
          const text = n % 10 < 3 ? `Look at this https://www.example${n % 16}.com/article/${n}?ref=sms ok` : `Message number ${n}: see you at ${n % 24}h`;
          yield { text, handle: `+1415555${String(n % 10_000).padStart(4, "0")}`, date: "2021-01-01 00:00:00", isFromMe: n % 3 === 0 };
        }
      })(),
    ),
  )();
  db.prepare("DELETE FROM message WHERE ROWID % 100 = 7").run();
  db.close();
  const mb = statSync(path).size / 1e6;
  console.log(`built ${count} messages, ${mb.toFixed(0)} MB, ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const cpu = () => process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
  let c0 = cpu();
  t = performance.now();
  const ro = new Database(path, { readonly: true });
  let rows = 0;
  for (const _ of ro.prepare("SELECT * FROM message").iterate()) rows++;
  ro.close();
  const bare = (performance.now() - t) / 1000;
  const bareCpu = cpu() - c0;
  console.log(`bare read: ${rows} rows in ${bare.toFixed(2)} s, CPU ${bareCpu.toFixed(2)} s`);

  globalThis.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  c0 = cpu();
  t = performance.now();
  let records = 0;
  let strings = 0;
  for await (const c of carveDatabase(localFile(path, "sms.db"))) {
    if (c.kind === "record") records++;
    else strings++;
  }
  const carve = (performance.now() - t) / 1000;
  const carveCpu = cpu() - c0;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`carve: ${records} records, ${strings} strings in ${carve.toFixed(2)} s, CPU ${carveCpu.toFixed(2)} s (${(mb / carveCpu).toFixed(0)} MB per CPU-second), ${(carveCpu / bareCpu).toFixed(2)}× the bare read's CPU; peak RSS +${((peak - rss0) / 2 ** 20).toFixed(0)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
