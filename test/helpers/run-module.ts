/** Test harness: runs artifact modules through the real engine on a backup folder and collects what they emit. */
import type { AnyArtifact } from "../../src/core/artifact.ts";
import type { Alert, TimelineEvent, UrlEntry, Warning } from "../../src/core/events.ts";
import { scan } from "../../src/core/scan.ts";
import { fullRecord } from "../../src/core/raw-json.ts";
import { openIosBackup } from "../../src/inputs/ios-backup.ts";
import { localDir } from "../../src/node/fs-source.ts";
import { nodeHost } from "../../src/node/host.ts";
import type { IndicatorSet } from "../../src/indicators/types.ts";
import { ARTIFACTS } from "../../src/artifacts/index.ts";
import type { Acquisition } from "../../src/core/acquisition.ts";

export interface ModuleRun<R = any> {
  records: R[];
  /** De-duplicated per module, as MVT counts them. */
  timeline: TimelineEvent[];
  alerts: Alert[];
  warnings: Warning[];
  urls: UrlEntry[];
  /** Records of every module that ran (dependencies included), by slug. */
  bySlug: Record<string, unknown[]>;
}

export async function runOn(acquisition: Acquisition, def: AnyArtifact, indicators?: IndicatorSet): Promise<ModuleRun> {
  const bySlug: Record<string, unknown[]> = {};
  const timeline = new Map<string, TimelineEvent>();
  const urls: UrlEntry[] = [];
  const table = ARTIFACTS.some((a) => a.id === def.id) ? ARTIFACTS : [...ARTIFACTS, def];
  const result = await scan({
    acquisition,
    artifacts: table,
    host: nodeHost,
    indicators,
    only: [def.id],
    sink: {
      // As written out: a record rendered by SQLite is parsed back whole.
      record: (m, r) => (bySlug[m.slug] ??= []).push(fullRecord(r)),
      timeline: (m, e) => {
        if (m.id === def.id) timeline.set(JSON.stringify([e.timestamp, e.module, e.event, e.data]), e);
      },
      url: (u) => urls.push(u),
    },
  });
  return {
    records: (bySlug[def.slug] ?? []) as any[],
    timeline: [...timeline.values()],
    alerts: result.alerts.filter((a) => a.module === def.slug),
    warnings: result.warnings,
    urls,
    bySlug,
  };
}

/** Runs one module (and its dependencies) on an iOS backup folder. */
export async function runBackupModule(def: AnyArtifact, backupDir: string, indicators?: IndicatorSet): Promise<ModuleRun> {
  const backup = await openIosBackup(localDir(backupDir), nodeHost);
  try {
    return await runOn(backup, def, indicators);
  } finally {
    backup.close();
  }
}

export const MVT_BACKUP = new URL("../../../shared/peer-artifacts/mvt/ios_backup/", import.meta.url).pathname;
export const SHARED = new URL("../../../shared/", import.meta.url).pathname;

/** Runs one module (and its dependencies) on a folder acquisition (androidqf or bugreport folder, a dump). */
export async function runFolderModule(def: AnyArtifact, dir: string, kind: import("../../src/core/artifact.ts").InputKind, indicators?: IndicatorSet): Promise<ModuleRun> {
  const { folderAcquisition } = await import("../../src/inputs/folder.ts");
  const acq = await folderAcquisition(localDir(dir), { kind });
  try {
    return await runOn(acq, def, indicators);
  } finally {
    acq.close();
  }
}

/** Runs one module on a single file, as if an acquisition of `kind` had selected it (parser tests on loose captures). */
export async function runFileModule(def: AnyArtifact, path: string, kind: import("../../src/core/artifact.ts").InputKind, indicators?: IndicatorSet): Promise<ModuleRun> {
  const { localFile } = await import("../../src/node/fs-source.ts");
  const { basename, dirname } = await import("node:path");
  const file = localFile(path, basename(path));
  const acq: Acquisition = {
    kind,
    root: localDir(dirname(path)),
    device: {},
    opened: [],
    async *select(sel) {
      if (sel.from === kind && sel === def.sources.find((s) => s.from === kind)) yield file;
    },
    sidecar: async () => undefined,
    close() {},
  };
  return runOn(acq, def, indicators);
}
