/**
 * npm run demo: writes a demo iPhone backup with planted Pegasus traces (a message with a Pegasus link, a
 * Pegasus process in the permissions and data-usage databases, a Safari visit), then checks it with the bundled
 * indicators exactly as a user would: `spyglass check-backup demo-evidence/backup --output demo-output`.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { IosBackupBuilder, unix } from "../test/builders/ios-backup.ts";
import { buildSmsDb } from "../test/builders/ios/sms.ts";
import { parseStix2Bundle } from "../src/indicators/stix2.ts";
import { main } from "../src/cli/main.ts";
import { PACKAGE_ROOT } from "../src/node/package-root.ts";

const evidence = join(PACKAGE_ROOT, "demo-evidence", "backup");
const output = join(PACKAGE_ROOT, "demo-output");
rmSync(join(PACKAGE_ROOT, "demo-evidence"), { recursive: true, force: true });
rmSync(output, { recursive: true, force: true });

// Real values from Amnesty's Pegasus bundle, so the bundled indicators find them.
const pegasusFile = join(PACKAGE_ROOT, "data", "indicators", "amnesty", "pegasus.stix2");
const pegasus = parseStix2Bundle(readFileSync(pegasusFile, "utf8"), { name: "pegasus.stix2", path: pegasusFile }).flatMap((c) => c.indicators);
const domain = pegasus.find((i) => i.bucket === "domains" && /^[a-z0-9-]+\.[a-z]+$/.test(i.value))!.value;
const processName = pegasus.find((i) => i.bucket === "processes" && i.value === "roleaccountd")?.value ?? pegasus.find((i) => i.bucket === "processes")!.value;

const b = new IosBackupBuilder(evidence).info({ "Device Name": "Demo iPhone", "Product Version": "14.6", "Build Version": "18F72", "Product Type": "iPhone12,1" });
b.sqlite("HomeDomain", "Library/SMS/sms.db", (db) =>
  buildSmsDb(db, [
    { text: "Running late, see you at 8", handle: "+14155550123", date: "2021-06-30 18:02:11" },
    { text: "Hi! Your parcel is waiting, confirm delivery: https://" + domain + "/track/7F3A2", handle: "+447700900123", date: "2021-07-01 09:14:55" },
    { text: "Sure, the article is at https://www.theguardian.com/world", handle: "+14155550123", date: "2021-07-02 11:40:00", isFromMe: true },
    // Not in any indicator list, but it imitates the Red Cross: the lookalike-link check flags it.
    { text: "ICRC family-tracing request for you, reply here: https://icrc-familylinks.org/form?id=88", handle: "+41790000000", date: "2021-07-03 08:05:12" },
  ]),
);
b.sqlite("HomeDomain", "Library/TCC/TCC.db", (db) => {
  db.exec(`CREATE TABLE access (service TEXT NOT NULL, client TEXT NOT NULL, client_type INTEGER NOT NULL, auth_value INTEGER NOT NULL,
    auth_reason INTEGER NOT NULL, auth_version INTEGER NOT NULL, csreq BLOB, policy_id INTEGER, indirect_object_identifier_type INTEGER,
    indirect_object_identifier TEXT NOT NULL DEFAULT 'UNUSED', indirect_object_code_identity BLOB, flags INTEGER, last_modified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (service, client, client_type, indirect_object_identifier))`);
  const ins = db.prepare("INSERT INTO access (service, client, client_type, auth_value, auth_reason, auth_version, last_modified) VALUES (?, ?, ?, ?, ?, 1, ?)");
  ins.run("kTCCServiceCamera", "net.whatsapp.WhatsApp", 0, 2, 2, unix("2021-03-02 10:00:00"));
  ins.run("kTCCServiceMicrophone", processName, 1, 2, 4, unix("2021-07-01 09:16:02"));
});
b.finish();

console.log(`Demo evidence: ${evidence}\n  planted: an SMS link to ${domain} and the process "${processName}" (both from Amnesty's Pegasus indicators),\n  and an SMS link to a Red Cross lookalike (icrc-familylinks.org)\n`);
console.log(`$ spyglass check-backup ${evidence} --output ${output}\n`);
await main(["node", "spyglass", "check-backup", evidence, "--output", output]);
const code = process.exitCode;
console.log(code === 10 ? "\nThe demo found the planted Pegasus traces (exit code 10 = detections)." : `\nUnexpected exit code ${code}.`);
process.exitCode = code === 10 ? 0 : 1;
