/**
 * Android benchmark (also run by `npm run bench`): androidqf acquisitions with 2,000 packages, 50,000 entries in
 * files.json and a bugreport.zip of 125 MB and of 500 MB (a dumpstate whose package section lists the 2,000
 * packages, padded with other services' output); `check-androidqf` wall time and peak RSS at both sizes.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildZip } from "../test/builders/android.ts";
import { step } from "./step.ts";

const data = new URL("./.data/", import.meta.url).pathname;
const DELIM = "-".repeat(78);
const hex = (n: number, len: number) => n.toString(16).padStart(len, "0").slice(-len);

function packagesJson(n: number): string {
  return JSON.stringify(
    Array.from({ length: n }, (_, i) => ({
      name: `com.example.app${i}`,
      files: [{ path: `/data/app/~~x${i}==/com.example.app${i}-y==/base.apk`, local_name: "", md5: hex(i, 32), sha1: hex(i, 40), sha256: hex(i * 7919, 64), sha512: hex(i, 128), error: "",
        verified_certificate: true, certificate: { Md5: hex(i, 32), Sha1: hex(i, 40), Sha256: hex(i * 31, 64), ValidFrom: "2020-01-01T00:00:00Z", ValidTo: "2050-01-01T00:00:00Z",
          Issuer: "CN=Example", Subject: "CN=Example", SignatureAlgorithm: "SHA256-RSA", SerialNumber: 1000 + i }, certificate_error: "", trusted_certificate: true }],
      installer: i % 10 === 0 ? "null" : "com.android.vending", uid: 10000 + i, disabled: false, system: i % 3 === 0, third_party: i % 3 !== 0,
    })),
  );
}

function filesJson(n: number): string {
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push(JSON.stringify({ path: `/sdcard/DCIM/Camera/IMG_${i}.jpg`, size: 1000 + i, mode: "-rw-rw----", user_id: 0, user_name: "", group_id: 1015, group_name: "",
      changed_time: 1600000000 + i, modified_time: 1600000000 + i, access_time: 1600000000 + i, error: "", context: "u:object_r:sdcardfs:s0", sha1: "", sha256: hex(i, 64), sha512: "", md5: "" }));
  }
  return "[" + rows.join(",") + "]";
}

function dumpstate(packages: number, megabytes: number): Buffer {
  const pkg = [`DUMP OF SERVICE package:`, "Packages:"];
  for (let i = 0; i < packages; i++) {
    pkg.push(`  Package [com.example.app${i}] (${hex(i, 7)}):`, `    userId=${10000 + i}`, `    versionCode=${i} minSdk=26 targetSdk=34`, `    versionName=1.${i}`,
      `    timeStamp=2024-01-01 10:00:00`, `    firstInstallTime=2024-01-01 10:00:00`, `    lastUpdateTime=2024-02-01 10:00:00`, `    installerPackageName=com.android.vending`,
      `    pkgFlags=[ HAS_CODE ALLOW_CLEAR_USER_DATA ]`, `    requested permissions:`, `      android.permission.INTERNET`, `    install permissions:`, `      android.permission.INTERNET: granted=true`);
  }
  const head = Buffer.from(["== dumpstate: 2024-05-01 10:00:00", "------ SYSTEM PROPERTIES (getprop) ------", "[ro.build.version.security_patch]: [2024-04-01]", "------ 0.1s was the duration of 'SYSTEM PROPERTIES' ------", DELIM, ...pkg, DELIM, ""].join("\n"));
  const fillerLine = "05-01 10:00:00.000  1000  1234  1234 I ActivityManager: some ordinary log line for padding the bugreport to size\n";
  const filler = Buffer.from(`DUMP OF SERVICE meminfo:\n${fillerLine.repeat(Math.ceil((megabytes * 1e6 - head.length) / fillerLine.length))}${DELIM}\n`);
  return Buffer.concat([head, filler]);
}

function generate(dir: string, megabytes: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "packages.json"), packagesJson(2000));
  writeFileSync(join(dir, "files.json"), filesJson(50_000));
  writeFileSync(join(dir, "getprop.txt"), "[ro.build.version.release]: [14]\n[ro.build.version.security_patch]: [2024-04-01]\n[persist.sys.timezone]: [Europe/Rome]\n");
  writeFileSync(join(dir, "bugreport.zip"), buildZip([{ name: "main_entry.txt", data: "dumpstate.txt" }, { name: "dumpstate.txt", data: dumpstate(2000, megabytes), method: "store" }]));
}

const rows = [];
for (const mb of [125, 500]) {
  const dir = join(data, `androidqf-${mb}`);
  if (!existsSync(join(dir, "bugreport.zip"))) generate(dir, mb);
  const out = join(data, `androidqf-out-${mb}`);
  const r = step(["spyglass", "check-androidqf", dir, "-o", out, "--overwrite", "--json"]); // a results folder is one run
  const s = JSON.parse(r.stdout) as { modules: { module: string; records: number }[] };
  const rec = (m: string) => s.modules.find((x) => x.module === m)?.records ?? 0;
  rows.push({ "bugreport MB": mb, packages: rec("aqf_packages"), "files.json": rec("aqf_files"), "dumpsys packages": rec("dumpsys_packages"), "seconds": (r.ms / 1000).toFixed(2), "peak RSS MiB": Math.round(r.maxRssMiB) });
}
console.table(rows);
