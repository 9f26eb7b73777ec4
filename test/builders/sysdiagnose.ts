/**
 * A sysdiagnose written in code, as iOS 17 lays it out: the top folder
 * `sysdiagnose_2024.01.15_10-20-30-0800_iPhone-OS_iPhone_<build>/` holding system_logs.logarchive/Extra/shutdown.log,
 * ps.txt, taskinfo.txt, crashes_and_spins/*.ips, logs/MobileInstallation/mobile_installation.log.0,
 * logs/SystemVersion/SystemVersion.plist and remotectl_dumpstate.txt; written as a folder or as the .tar.gz the phone
 * shares.
 */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { finished } from "node:stream/promises";
import { createGzip, gzipSync } from "node:zlib";
import { buildTar, type TarMemberSpec } from "./android.ts";

/** One reboot in shutdown.log: the clients still there after each wait, then the SIGTERM time (Unix seconds). */
export interface Reboot {
  readonly at: number;
  /** Per "After Ns" block: the wait and the clients (pid, path). */
  readonly blocks: readonly { after: number; clients: readonly [pid: number, path: string][] }[];
  /** Write the time as " @secs" (older iOS) instead of "[secs]". */
  readonly atSign?: boolean;
}

/** shutdown.log text as iOS writes it (Kaspersky iShutdown's published samples). */
export function shutdownLogText(reboots: readonly Reboot[]): string {
  const lines: string[] = [];
  for (const r of reboots) {
    lines.push("Entering exit handler.");
    for (const b of r.blocks) {
      lines.push(`After ${b.after.toFixed(2)}s, these clients are still here:`);
      for (const [pid, path] of b.clients) lines.push(`\t\tremaining client pid: ${pid} (${path})`);
    }
    lines.push(r.atSign ? `SIGTERM: sent to processes @${r.at}` : `SIGTERM: [${r.at}]`, "Exiting exit handler.");
  }
  return lines.join("\n") + "\n";
}

export interface PsRow {
  readonly user?: string;
  readonly pid: number;
  readonly ppid?: number;
  readonly command: string;
}

const PS_HEADER = "USER               UID PRSNA   PID  PPID        F  %CPU %MEM PRI NI      VSZ    RSS WCHAN    TT  STAT STARTED      TIME COMMAND";

/** ps.txt: `ps axwwo user,uid,prsna,pid,ppid,flags,%cpu,%mem,pri,ni,vsz,rss,wchan,tt,stat,start,time,command`. */
export function psText(rows: readonly PsRow[]): string {
  const line = (r: PsRow) =>
    `${(r.user ?? "root").padEnd(16)} ${r.user === "mobile" ? "501" : "  0"}     -  ${String(r.pid).padStart(4)}  ${String(r.ppid ?? 1).padStart(4)}     4004   0.0  0.1  31  0 408789856   7312 -        ??  Ss    9:41AM   0:00.52 ${r.command}`;
  return [PS_HEADER, ...rows.map(line)].join("\n") + "\n";
}

/** An iOS 15+ .ips crash report: a JSON header line, then the JSON body. */
export function ipsCrash(o: { name: string; path: string; time: string; bugType?: string; os?: string }): string {
  const header = { app_name: o.name, timestamp: o.time, bug_type: o.bugType ?? "309", os_version: o.os ?? "iPhone OS 17.2 (21C62)", name: o.name, incident_id: "6A2F3C1E-0000-4000-8000-000000000001" };
  const body = { procName: o.name, procPath: o.path, captureTime: o.time, pid: 4242, cpuType: "ARM-64", exception: { type: "EXC_CRASH", signal: "SIGKILL" } };
  return JSON.stringify(header) + "\n" + JSON.stringify(body, null, 2) + "\n";
}

/** A JetsamEvent .ips: the header, then a body listing every process with its name. */
export function ipsJetsam(time: string, names: readonly string[]): string {
  const header = { bug_type: "298", timestamp: time, os_version: "iPhone OS 17.2 (21C62)", incident_id: "6A2F3C1E-0000-4000-8000-000000000002" };
  const body = { bug_type: "298", crashReporterKey: "0", captureTime: time, largestProcess: names[0], processes: names.map((name, i) => ({ name, pid: 100 + i, rpages: 1000, states: ["daemon"] })) };
  return JSON.stringify(header) + "\n" + JSON.stringify(body, null, 2) + "\n";
}

/** mobile_installation.log lines ("Mon Jan 15 10:20:30 2024 [pid] <notice> (thread) -[…]: …"). */
export function installLogText(events: readonly { time: string; text: string }[]): string {
  return events.map((e) => `${e.time} [142] <notice> (0x16f4a7000) -[MIClientConnection _doInstallationForURL:withOptions:completion:]: ${e.text}`).join("\n") + "\n";
}

export function systemVersionPlist(version: string, build: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>BuildID</key>\n\t<string>6F1D2C3E-0000-11EE-8000-000000000000</string>
\t<key>ProductBuildVersion</key>\n\t<string>${build}</string>
\t<key>ProductCopyright</key>\n\t<string>1983-2024 Apple Inc.</string>
\t<key>ProductName</key>\n\t<string>iPhone OS</string>
\t<key>ProductVersion</key>\n\t<string>${version}</string>
</dict>
</plist>
`;
}

export class SysdiagnoseBuilder {
  readonly files = new Map<string, string | Uint8Array>();
  constructor(readonly top = "sysdiagnose_2024.01.15_10-20-30-0800_iPhone-OS_iPhone_21C62") {}

  file(path: string, data: string | Uint8Array): this {
    this.files.set(path, data);
    return this;
  }

  /** The files every sysdiagnose has, with this iOS version and model. */
  basics(version = "17.2", build = "21C62", model = "iPhone14,2"): this {
    return this.file("logs/SystemVersion/SystemVersion.plist", systemVersionPlist(version, build))
      .file("remotectl_dumpstate.txt", `Local device\n\tUUID: 00000000-0000-0000-0000-000000000000\n\tProperties: {\n\t\tProductType => ${model}\n\t\tOSVersion => ${version}\n\t\tBuildVersion => ${build}\n\t}\n`)
      .file("sysdiagnose.log", "sysdiagnose started\n");
  }

  shutdownLog(reboots: readonly Reboot[]): this {
    return this.file("system_logs.logarchive/Extra/shutdown.log", shutdownLogText(reboots));
  }

  ps(rows: readonly PsRow[]): this {
    return this.file("ps.txt", psText(rows));
  }

  /** The folder (the top folder inside `dir`); returns its path. */
  writeFolder(dir: string): string {
    const root = join(dir, this.top);
    for (const [path, data] of this.files) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), data);
    }
    return root;
  }

  /** The tar members, top folder first (as the phone writes them); `extra` members are appended. */
  tarMembers(extra: readonly TarMemberSpec[] = []): TarMemberSpec[] {
    return [{ name: `${this.top}/`, type: "dir" }, ...[...this.files].map(([path, data]) => ({ name: `${this.top}/${path}`, data })), ...extra];
  }

  /** The .tar.gz (named as the phone names it, in `dir`); returns its path. */
  writeTarGz(dir: string, extra: readonly TarMemberSpec[] = []): string {
    const path = join(dir, `${this.top}.tar.gz`);
    writeFileSync(path, gzipSync(buildTar(this.tarMembers(extra))));
    return path;
  }
}

/** A USTAR header for a member of `size` bytes (octal sizes hold up to 8 GiB), for streaming huge members. */
function hugeHeader(name: string, size: number): Buffer {
  const h = Buffer.from(buildTar([{ name, data: "" }], { endBlocks: false }));
  h.write(size.toString(8).padStart(11, "0") + "\0", 124);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return h;
}

/**
 * The builder's .tar.gz with huge members of zeros (paths under the top folder) streamed in after its files, and
 * its first file again at the end (to show reading goes on past them); fast, as zeros compress ~1000:1.
 */
export async function writeHugeTarGz(b: SysdiagnoseBuilder, dir: string, huge: readonly { path: string; size: number }[]): Promise<string> {
  const path = join(dir, `${b.top}.tar.gz`);
  const gz = createGzip({ level: 1 });
  const out = gz.pipe(createWriteStream(path));
  const write = (buf: Uint8Array) => new Promise<void>((done) => (gz.write(buf) ? done() : gz.once("drain", done)));
  const members = b.tarMembers();
  await write(buildTar(members, { endBlocks: false }));
  const zeros = Buffer.alloc(8 << 20);
  for (const m of huge) {
    await write(hugeHeader(`${b.top}/${m.path}`, m.size));
    for (let n = 0; n < m.size; n += zeros.length) await write(zeros.subarray(0, Math.min(zeros.length, m.size - n)));
    await write(Buffer.alloc((512 - (m.size % 512)) % 512));
  }
  await write(buildTar([{ name: `${b.top}/crashes_and_spins/after-huge.ips`, data: '{"name":"late","bug_type":"309","timestamp":"2024-01-14 21:15:00.00 +0100"}\n' }]));
  gz.end();
  await finished(out);
  return path;
}
