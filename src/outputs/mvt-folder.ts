/**
 * Writes a results folder in MVT v3's layout: <slug>.json, <slug>_detected.json, timeline.csv, alerts.json,
 * alerts_timeline.csv, urls.json (info.json is written by the command, after hashing). Module JSON and URLs
 * are streamed; the timeline is sorted in bounded memory.
 */
import type { Alert } from "../core/events.ts";
import type { OutputDir, OutputWriter, Scratch } from "../core/host.ts";
import type { ModuleInfo, ScanSink } from "../core/sink.ts";
import { csvRow } from "./csv.ts";
import { JsonListWriter, toJson } from "./json.ts";
import { pyRepr } from "./pyrepr.ts";
import { TimelineSorter, type TailMerger } from "./timeline.ts";
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
  const allAlerts: Alert[] = [];
  let current: { info: ModuleInfo; writer?: OutputWriter; list?: JsonListWriter; alerts: Alert[] } | undefined;
  let urls: { writer: OutputWriter; list: JsonListWriter } | undefined;

  const create = (name: string) => {
    files.add(name);
    return out.create(name);
  };

  const urlList = () => {
    if (!urls) {
      const writer = create("urls.json");
      urls = { writer, list: new JsonListWriter((t) => writer.write(t)) };
    }
    return urls.list;
  };

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
      current = { info, alerts: [] };
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
      current?.alerts.push(a);
      allAlerts.push(a);
    },
    timelineRun(info, run) {
      return sorter.addRun(run);
    },
    url(entry) {
      urlList().add(entry);
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
      if (current.alerts.length) {
        const w = create(`${info.slug}_detected.json`);
        w.write(toJson(current.alerts));
        await w.close();
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
    if (allAlerts.length) {
      const w = create("alerts.json");
      w.write(toJson(allAlerts));
      await w.close();
    }
    const at = create("alerts_timeline.csv");
    at.write(csvRow(["Event Time", "Module", "Message", "Event"]));
    const timed = allAlerts.map((a, i) => [a, i] as const).filter(([a]) => a.event_time);
    timed.sort(([a, i], [b, j]) => (a.event_time < b.event_time ? -1 : a.event_time > b.event_time ? 1 : i - j));
    for (const [a] of timed) at.write(csvRow([a.event_time, a.module, a.message, pyRepr(a.event)]));
    await at.close();
    if (urls) {
      urls.list.end();
      await urls.writer.close();
    }
    return { files: [...files].sort(), timelineRows, histogram: histogram.result() };
  }

  return { sink, finish };
}
