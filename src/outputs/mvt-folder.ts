/**
 * Writes a results folder in MVT v3's layout: <slug>.json, <slug>_detected.json, timeline.csv, alerts.json,
 * alerts_timeline.csv, urls.json (info.json is written by the command, after hashing); and Spyglass's own
 * <slug>_deleted.json, the records recovered from deleted data (never mixed into <slug>.json). Module JSON and URLs
 * and alerts are streamed (a run can raise 10^6 alerts); the timeline and alerts_timeline.csv are sorted in bounded
 * memory.
 */
import type { OutputDir, OutputWriter, Scratch } from "../core/host.ts";
import type { ModuleInfo, ScanSink } from "../core/sink.ts";
import { JsonListWriter, toJson } from "./json.ts";
import { withRawJson } from "../core/raw-json.ts";
import { DELETED_SUFFIX } from "../core/carve-place.ts";
import { TimelineSorter, type TailMerger } from "./timeline.ts";
import { AlertsTimelineSorter } from "./alerts-timeline.ts";
import { HistogramBuilder } from "./report-data.ts";

export const TIMELINE_HEADER_UTC = ["UTC Timestamp", "Plugin", "Event", "Description"] as const;
export const TIMELINE_HEADER_LOCAL = ["Device Local Timestamp", "Plugin", "Event", "Description"] as const;

export interface FolderSummary {
  readonly files: string[];
  /** Timeline rows per plugin after duplicate removal. */
  readonly timelineRows: Record<string, number>;
  /** timeline.csv per day and plugin, counted as it was written (for the report). */
  readonly histogram: ReturnType<HistogramBuilder["result"]>;
}

export function mvtFolderSink(out: OutputDir, opts: { timezone: "utc" | "local"; scratch: () => Promise<Scratch>; timelineTail?: TailMerger; tailMinRows?: number }) {
  const sorter = new TimelineSorter(opts.scratch, { tail: opts.timelineTail, tailMinRows: opts.tailMinRows });
  const files = new Set<string>();
  const alertsTimeline = new AlertsTimelineSorter(opts.scratch);
  type ListFile = { writer: OutputWriter; list: JsonListWriter };
  let current: { info: ModuleInfo; writer?: OutputWriter; list?: JsonListWriter; alerts?: ListFile; deleted?: ListFile } | undefined;
  let urls: { writer: OutputWriter; list: JsonListWriter } | undefined;
  let alerts: { writer: OutputWriter; list: JsonListWriter } | undefined;

  const create = (name: string) => {
    files.add(name);
    return out.create(name);
  };

  /** A JSON list file, created with its first item. */
  const listFile = (name: string) => {
    const writer = create(name);
    return { writer, list: new JsonListWriter((t) => writer.write(t)) };
  };
  const urlList = () => (urls ??= listFile("urls.json")).list;

  /** The module's JSON file, created with its first record. */
  const moduleList = (info: ModuleInfo) => {
    if (!current) return undefined;
    if (!current.list) {
      const writer = create(`${info.slug}.json`);
      current.writer = writer;
      current.list = new JsonListWriter((t) => writer.write(t), info.output);
    }
    return current.list;
  };

  const sink: ScanSink = {
    moduleBegin(info) {
      current = { info };
    },
    record(info, record) {
      const list = moduleList(info);
      if (!list) return;
      if (info.output === "dict") {
        const [k, v] = record as [string, unknown];
        list.addEntry(k, v);
      } else list.add(record);
    },
    recordsRendered(info, rendered, count) {
      moduleList(info)?.addRendered(rendered, count);
    },
    timeline(info, e) {
      return sorter.add(e.timestamp, info.order, e.event, e.data, e.module);
    },
    alert(a) {
      // Rendered once for both files, as toJson would write it in a list.
      const item = withRawJson({}, toJson([a]).slice(2, -2));
      if (current) (current.alerts ??= listFile(`${current.info.slug}_detected.json`)).list.add(item);
      (alerts ??= listFile("alerts.json")).list.add(item);
      alertsTimeline.add(a);
    },
    timelineRun(info, run) {
      return sorter.addRun(run);
    },
    url(entry) {
      urlList().add(entry);
    },
    deleted(info, record) {
      if (current) (current.deleted ??= listFile(`${info.slug}${DELETED_SUFFIX}`)).list.add(record);
    },
    urlsRendered(rendered, count) {
      urlList().addRendered(rendered, count);
    },
    async moduleEnd(info) {
      if (!current) return;
      if (current.list) {
        current.list.end();
        await current.writer!.close();
      }
      for (const f of [current.alerts, current.deleted]) {
        if (!f) continue;
        f.list.end();
        await f.writer.close();
      }
      current = undefined;
    },
  };

  async function finish(): Promise<FolderSummary> {
    const timelineRows: Record<string, number> = {};
    const histogram = new HistogramBuilder();
    if (sorter.count > 0) {
      const w = create("timeline.csv");
      await sorter.writeTo(w, opts.timezone === "utc" ? TIMELINE_HEADER_UTC : TIMELINE_HEADER_LOCAL, histogram);
      for (const [plugin, n] of histogram.perPlugin) timelineRows[plugin] = n;
      await w.close();
    }
    if (alerts) {
      alerts.list.end();
      await alerts.writer.close();
    }
    const at = create("alerts_timeline.csv");
    await alertsTimeline.writeTo(at);
    await at.close();
    if (urls) {
      urls.list.end();
      await urls.writer.close();
    }
    return { files: [...files].sort(), timelineRows, histogram: histogram.result() };
  }

  return { sink, finish };
}
