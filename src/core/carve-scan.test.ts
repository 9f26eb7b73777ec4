/**
 * The engine's deleted-traces step, on a real sms.db and DataUsage.sqlite, with a carver stand-in that yields rows
 * exactly as they were stored (values in column order, ROWID, place): what the module makes of them, how they are
 * checked, where they go, and what an alert says. The real carver's own tests are in formats/sqlite-carve.test.ts;
 * the whole path (real carver, CLI) is in test/deleted-traces.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { scan } from "./scan.ts";
import type { Alert, Warning } from "./events.ts";
import type { CarvedRow, CarvedText, Carver } from "./carve-port.ts";
import { deletedPlaceOf } from "./carve-place.ts";
import { deferred } from "./carve-scan.ts";
import { openIosBackup } from "../inputs/ios-backup.ts";
import { localDir } from "../node/fs-source.ts";
import { nodeHost } from "../node/host.ts";
import { ARTIFACTS } from "../artifacts/index.ts";
import { IosBackupBuilder } from "../../test/builders/ios-backup.ts";
import { buildSmsDb } from "../../test/builders/ios/sms.ts";
import { buildDataUsageDb } from "../../test/builders/ios/datausage.ts";
import { tempDir } from "../../test/helpers/tmp.ts";
import type { CrossCheck } from "./cross-check.ts";
import { defaultCrossChecks } from "../checks/cross-checks.ts";
import { testIocs } from "../../test/helpers/indicators.ts";

const EVIL = "https://evil-carve.example/p/1";

/** A backup, and the stored values of rows a carver would find (read before they were deleted). */
function fixture() {
  const b = new IosBackupBuilder(join(tempDir(), "backup"));
  let smsRow: unknown[] = [];
  let smsColumns: string[] = [];
  let procRow: unknown[] = [];
  b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) => {
    const [, id] = buildSmsDb(db, [{ text: "hello", handle: "+1555", date: "2024-01-01 10:00:00" }, { text: `pay here ${EVIL}`, handle: "+1666", date: "2024-01-02 10:00:00" }]);
    const read = db.prepare("SELECT * FROM message WHERE ROWID = ?").raw();
    smsRow = read.get(id) as unknown[];
    smsColumns = read.columns().map((c) => c.name);
    db.prepare("DELETE FROM message WHERE ROWID = ?").run(id);
  });
  b.sqlite("WirelessDomain", "Library/Databases/DataUsage.sqlite", (db) => {
    buildDataUsageDb(db, [{ pk: 1, name: "backboardd", first: "2024-01-01 00:00:00" }, { pk: 2, name: "evil_agentd", first: "2024-01-02 00:00:00" }], []);
    procRow = db.prepare("SELECT * FROM ZPROCESS WHERE Z_PK = 2").raw().get() as unknown[];
    db.prepare("DELETE FROM ZPROCESS WHERE Z_PK = 2").run();
  });
  return { dir: b.finish(), smsRow, smsColumns, procRow };
}

/** A carver stand-in: per table, the stored values, as a freeblock gives them (the first `lost` values gone). */
function carverOf(rows: Record<string, { values: unknown[]; lost: number; rowid?: number }[]>, strings: CarvedText[] = []): Carver & { calls: string[][] } {
  const calls: string[][] = [];
  const carver = async function* (_db: unknown, opts: { tables?: string[] }) {
    calls.push(opts.tables ?? []);
    for (const t of opts.tables ?? []) {
      for (const r of rows[t] ?? []) {
        const values = r.values.map((v, i) => (i < r.lost ? undefined : v)) as CarvedRow["values"];
        // Found twice (free space of the page, and an old WAL frame holding the page): reported once.
        for (let i = 0; i < 2; i++) yield { table: t, values, lostColumns: r.lost, where: "freeblock", page: 3, offset: 8200, ...(r.rowid ? { rowid: r.rowid } : {}) } satisfies CarvedRow;
      }
    }
    yield* strings;
  };
  return Object.assign(carver, { calls });
}

async function run(dir: string, carve: Carver | undefined, only: string[], checks: CrossCheck[] = []) {
  const backup = await openIosBackup(localDir(dir), nodeHost);
  const deleted: Record<string, unknown[]> = {};
  const live: Record<string, unknown[]> = {};
  const alerts: Alert[] = [];
  const warnings: Warning[] = [];
  try {
    const iocs = testIocs(["domain-name:value", "evil-carve.example"], ["process:name", "evil_agentd"], ["domain-name:value", "fragment-spy.example"]);
    await scan({
      acquisition: backup, artifacts: ARTIFACTS, host: nodeHost, indicators: iocs, only, carve, checks,
      sink: { deleted: (m, r) => (deleted[m.slug] ??= []).push(r), record: (m, r) => (live[m.slug] ??= []).push(r), alert: (a) => alerts.push(a), warning: (w) => warnings.push(w) },
    });
  } finally {
    backup.close();
  }
  return { deleted, live, alerts, warnings };
}

test("a deleted SMS and a deleted process row: the module's records, matched like live ones, marked deleted with the offset", async () => {
  const { dir, smsRow, procRow } = fixture();
  const carver = carverOf({ message: [{ values: smsRow, lost: 2 }], ZPROCESS: [{ values: procRow, lost: 1 }] });
  const r = await run(dir, carver, ["sms", "datausage"]);
  assert.deepEqual(carver.calls.sort(), [["ZPROCESS"], ["message"]], "each module's declared tables, as the database has them");

  assert.equal(r.deleted.sms?.length, 1, "the row found twice is reported once");
  const sms = r.deleted.sms![0] as Record<string, unknown>;
  assert.equal(sms.text, `pay here ${EVIL}`);
  assert.deepEqual(sms.links, [EVIL]);
  assert.equal(sms.guid, null, "a lost column is null, never invented");
  assert.equal(sms.isodate, "2024-01-02 10:00:00.000000", "as the live record has it");
  const place = deletedPlaceOf(sms)!;
  assert.deepEqual([place.where, place.page, place.offset, place.table, place.found_in], ["freeblock", 3, 8200, "message", "free space of page 3"]);
  assert.deepEqual(place.lost_columns, ["ROWID", "guid"]);
  assert.match(place.file, /^HomeDomain\/Library\/SMS\/sms\.db /);

  const smsAlert = r.alerts.find((a) => a.module === "sms")!;
  assert.equal(smsAlert.level, "CRITICAL", "MVT's level for an SMS link match");
  assert.equal(smsAlert.matched_indicator?.value, "evil-carve.example");
  assert.match(smsAlert.message, /^Found a known domain or URL "evil-carve\.example" of TestMalware in SMS: https:\/\/evil-carve\.example\/p\/1 \(DELETED record recovered from free space of page 3 of HomeDomain\/Library\/SMS\/sms\.db .*, byte offset 8200\)$/);
  assert.deepEqual(deletedPlaceOf(smsAlert.event), place, "the alert's event is the deleted record, with its place");

  const proc = r.deleted.datausage![0] as Record<string, unknown>;
  assert.deepEqual([proc.proc_name, proc.proc_id], ["evil_agentd", null], "Z_PK is the ROWID, lost with the record's first bytes");
  const procAlert = r.alerts.find((a) => a.module === "datausage" && a.matched_indicator)!;
  assert.match(procAlert.message, /"evil_agentd" .*DELETED record recovered from free space of page 3/, "the deleted process is named");

  assert.ok(!r.live.sms?.some((x) => JSON.stringify(x).includes("evil-carve")), "never among the module's live records");
  assert.equal(r.live.sms?.length, 1);
  assert.deepEqual(r.warnings, []);
});

test("a surviving ROWID fills the INTEGER PRIMARY KEY column; a string from free space is matched by its kind", async () => {
  const { dir, procRow } = fixture();
  const fragment: CarvedText = { kind: "url", text: "https://fragment-spy.example/z", where: "wal", walFrame: 4, page: 2, offset: 12_345 };
  const benign: CarvedText = { kind: "domain", text: "www.apple.com", where: "freelist", page: 5, offset: 16_384 };
  const r = await run(dir, carverOf({ ZPROCESS: [{ values: procRow, lost: 0, rowid: 2 }] }, [fragment, benign]), ["datausage"]);
  const [proc, ...strings] = r.deleted.datausage as Record<string, unknown>[];
  assert.equal(proc!.proc_id, 2);
  assert.deepEqual(deletedPlaceOf(proc)!.lost_columns, []);
  assert.deepEqual(strings.map((s) => [s.kind, s.text, deletedPlaceOf(s)!.found_in]), [["url", fragment.text, "WAL frame 4 (page 2)"], ["domain", "www.apple.com", "freelist page 5"]]);
  const hits = r.alerts.filter((a) => a.matched_indicator);
  assert.equal(hits.length, 2, "the process row and the URL fragment; the benign domain raises nothing");
  assert.match(hits[1]!.message, /^Found a known domain or URL "fragment-spy\.example" of TestMalware in Datausage: https:\/\/fragment-spy\.example\/z \(DELETED record recovered from WAL frame 4 \(page 2\) of .*, byte offset 12345\)$/);
});

test("without a carver (--no-carve) nothing is carved; rows no module record can come from are skipped", async () => {
  const { dir, smsRow, smsColumns } = fixture();
  const off = await run(dir, undefined, ["sms"]);
  assert.deepEqual(off.deleted, {});
  assert.equal(off.alerts.filter((a) => a.matched_indicator).length, 0);
  // A row of a table no module declared, and a message row whose text and accounts were lost: no record.
  const gone = new Set(["text", "attributedBody", "account", "destination_caller_id"]);
  const textless = smsRow.map((v, i) => (gone.has(smsColumns[i]!) ? null : v));
  const r = await run(dir, carverOf({ message: [{ values: textless, lost: 2 }], handle: [{ values: [1, "x"], lost: 0 }] }), ["sms"]);
  assert.deepEqual(r.deleted, {});
  assert.deepEqual(r.warnings, []);
});

test("a carver that fails midway: a warning naming the file; what was recovered before stays reported", async () => {
  const { dir, smsRow } = fixture();
  const failing: Carver = async function* () {
    yield { table: "message", values: smsRow as CarvedRow["values"], lostColumns: 0, where: "freelist", page: 9, offset: 36_864 };
    throw new Error("page 10 is damaged");
  };
  const r = await run(dir, failing, ["sms"]);
  assert.equal(r.deleted.sms?.length, 1);
  assert.equal(r.alerts.filter((a) => a.matched_indicator).length, 1);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0]!.message, /deleted data could not be carved entirely: .*page 10 is damaged/);
  assert.match(r.warnings[0]!.file, /sms\.db/);
});

test("the links check sees deleted messages too, and says so; checks that would misread old rows do not", async () => {
  const { dir, smsRow, smsColumns } = fixture();
  const lure = smsRow.map((v, i) => (smsColumns[i] === "text" ? "Your parcel: https://track-your-fedex-package.com/p/1" : v));
  const r = await run(dir, carverOf({ message: [{ values: lure, lost: 2 }] }), ["sms"], defaultCrossChecks());
  const link = r.alerts.find((a) => a.module === "links")!;
  assert.equal(link.level, "MEDIUM");
  assert.match(link.message, /^Link to "track-your-fedex-package\.com" looks like FedEx .*: it appeared once in SMS \(deleted\)$/);
  assert.deepEqual(defaultCrossChecks().filter((c) => c.seesDeleted).map((c) => c.id), ["links"]);
});

test("deferred: holds what carving gives out until flushed, in order; a full buffer makes carving wait; then passes through", async () => {
  const got: string[] = [];
  const out = { record: (r: unknown) => got.push(`r${r}`), alert: (a: Alert) => got.push(a.message), warn: (m: string) => got.push(`w${m}`) };
  const held = deferred(out, 2);
  held.out.record(1);
  assert.equal(held.out.ready?.(), undefined, "room left");
  held.out.alert({ message: "a1" } as Alert);
  const wait = held.out.ready?.();
  assert.ok(wait instanceof Promise, "full: carving waits");
  let released = false;
  void wait.then(() => (released = true));
  await Promise.resolve();
  assert.deepEqual([got, released], [[], false], "nothing written before the flush");
  held.flush();
  await wait;
  assert.deepEqual([got, released], [["r1", "a1"], true]);
  held.out.warn("x", "f");
  assert.deepEqual(got, ["r1", "a1", "wx"], "after the flush, straight through");
  assert.equal(held.out.ready?.(), undefined);
});
