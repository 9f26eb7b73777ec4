/**
 * The acquisitions a run opens, as data: per input kind, the command that reads it, the kinds it mounts (whose
 * modules run too), its timestamps' zone and how to open it. The CLI's check-* commands and the browser worker
 * both open through this table, so an input added here is read by both.
 */
import type { Acquisition } from "../core/acquisition.ts";
import type { AnyArtifact, InputKind } from "../core/artifact.ts";
import type { Coverage } from "../core/coverage.ts";
import type { Host } from "../core/host.ts";
import type { SourceDir, SourceFile } from "../core/source.ts";
import { artifactsFor, declaredGlobs } from "../artifacts/select.ts";
import { openIosBackup } from "../inputs/ios-backup.ts";
import type { BackupSecret } from "../inputs/ios-backup-keys.ts";
import { openAndroidqf } from "../inputs/androidqf.ts";
import { openBugreport } from "../inputs/bugreport.ts";
import { openAndroidBackup } from "../inputs/android-backup.ts";
import { openIntrusionLogs } from "../inputs/intrusion-logs.ts";
import { androidqfCoverage, bugreportCoverage, intrusionLogsCoverage } from "../inputs/identify-coverage.ts";
import { openIosFs } from "../inputs/ios-fs.ts";
import { iosFsCoverage } from "../inputs/ios-fs-coverage.ts";
import { openSysdiagnose } from "../inputs/sysdiagnose.ts";
import { sysdiagnoseCoverage } from "../inputs/sysdiagnose-identify.ts";
import { globMatch } from "../inputs/glob.ts";

/** An opened acquisition with what its input noticed and what of it was there to examine. */
export type Opened = Acquisition & { readonly warnings?: readonly string[]; readonly coverage?: Coverage; readonly foundIn?: string };

/** Secrets asked only when the evidence needs them: an iOS backup's password or key, an Android backup's password. */
export interface Secrets {
  readonly backup?: () => Promise<BackupSecret>;
  readonly androidBackup?: () => Promise<string>;
}

export interface RunInput {
  readonly kind: InputKind;
  /** The CLI command that reads it (info.json's `command` starts with it; report.ts reads the kind back). */
  readonly command: string;
  /** Kinds it mounts, whose modules run in the same scan. */
  readonly mounts: readonly InputKind[];
  readonly timezone: "utc" | "local";
  /** Whether it is a folder only (an iOS backup), a file or a folder. */
  readonly folderOnly?: boolean;
  open(input: SourceFile | SourceDir, host: Host, secrets: Secrets): Promise<Opened>;
}

const asDir = (input: SourceFile | SourceDir) => input as SourceDir;

export const RUN_INPUTS = {
  "ios-backup": {
    kind: "ios-backup",
    command: "check-backup",
    mounts: [],
    timezone: "utc",
    folderOnly: true,
    open: (input, host, s) => openIosBackup(asDir(input), host, s.backup ? { secret: s.backup } : {}),
  },
  "ios-fs": {
    kind: "ios-fs",
    command: "check-fs",
    mounts: [],
    timezone: "utc",
    open: async (input, host) => {
      const dump = await openIosFs(input, host, { globs: declaredGlobs("ios-fs") });
      return { ...dump, coverage: iosFsCoverage(dump.kept), ...(dump.rootedAt ? { foundIn: dump.rootedAt } : {}) };
    },
  },
  sysdiagnose: {
    kind: "sysdiagnose",
    command: "check-sysdiagnose",
    mounts: [],
    timezone: "utc",
    open: async (input, host) => {
      // An archive is read once: only what a module reads is kept from it.
      const globs = declaredGlobs("sysdiagnose");
      const acq = await openSysdiagnose(input, host, { keep: (p) => globs.some((g) => globMatch(g, p)) });
      return { ...acq, coverage: sysdiagnoseCoverage(acq.files) };
    },
  },
  androidqf: {
    kind: "androidqf",
    command: "check-androidqf",
    mounts: ["bugreport", "android-backup", "intrusion-logs"],
    timezone: "local",
    open: async (input, host, s) => {
      const acq = await openAndroidqf(input, host, s.androidBackup ? { backupPassword: s.androidBackup } : {});
      return { ...acq, coverage: androidqfCoverage(acq.files) };
    },
  },
  bugreport: {
    kind: "bugreport",
    command: "check-bugreport",
    mounts: [],
    timezone: "local",
    open: async (input) => {
      const br = await openBugreport(input);
      return { ...br, coverage: bugreportCoverage(br.dumpstate, br.files) };
    },
  },
  "android-backup": {
    kind: "android-backup",
    command: "check-android-backup",
    mounts: [],
    timezone: "local",
    open: (input, host, s) => openAndroidBackup(input, host, { ...(s.androidBackup ? { password: s.androidBackup } : {}), strict: true }),
  },
  "intrusion-logs": {
    kind: "intrusion-logs",
    command: "check-intrusion-logs",
    mounts: [],
    timezone: "local",
    open: async (input) => {
      const logs = await openIntrusionLogs(input);
      return { ...logs, coverage: intrusionLogsCoverage(logs.files) };
    },
  },
} satisfies Record<string, RunInput>;

export type RunInputKind = keyof typeof RUN_INPUTS;

/** The modules of a run on this input: its own, then those of the acquisitions it mounts, each once. */
export function artifactsOfRun(input: RunInput): AnyArtifact[] {
  return [input.kind, ...input.mounts].flatMap((k) => artifactsFor(k)).filter((a, i, all) => all.indexOf(a) === i);
}
