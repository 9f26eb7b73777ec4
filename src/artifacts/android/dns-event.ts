/** DNS lookups from Android 16 Advanced Protection intrusion logs (`dns_event` lines of the NDJSON export; event_time in ms). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { deviceTimeZone, eventTimestamp, INTRUSION_LOG_SOURCES, pyStr, readEvents } from "../_shared/intrusion-logs.ts";

/** One lookup: the event's own keys as exported, plus `timestamp` (device wall clock, null without event_time). */
export interface DnsEventRecord {
  readonly [key: string]: unknown;
  readonly event_time?: unknown;
  readonly hostname?: unknown;
  readonly package_name?: unknown;
  /** Resolved addresses as Java prints an InetAddress: "/192.0.2.1" (or "host/192.0.2.1"). */
  readonly ip_addresses?: unknown;
  readonly timestamp: string | null;
}

/** The resolved IPs without Java's leading "/"; 0.0.0.0 (a blocked lookup) is no address. */
export function dnsIps(r: DnsEventRecord): string[] {
  if (!Array.isArray(r.ip_addresses)) return [];
  const out: string[] = [];
  for (const a of r.ip_addresses) {
    const ip = typeof a === "string" ? a.replace(/^\/+/, "") : pyStr(a);
    if (ip !== "" && ip !== "0.0.0.0") out.push(ip);
  }
  return out;
}

const str = (v: unknown) => (typeof v === "string" ? v : "");

export default defineArtifact<DnsEventRecord>({
  id: "android.dns-event",
  platform: "android",
  mvt: "DnsEvent",
  slug: "dns_event",
  description: "DNS lookups by app from intrusion logs (Android 16 Advanced Protection), checked against domain and IP indicators",
  sources: INTRUSION_LOG_SOURCES,
  async *parse(input, ctx) {
    const tz = deviceTimeZone(ctx);
    // The owner: first of the three in MVT's order, it also reports lines and event types no module claims.
    for await (const { event, once } of readEvents(input, ctx, "dns_event", { owner: true })) {
      event.timestamp = eventTimestamp(event.event_time, "ms", ctx, tz, once);
      yield event as DnsEventRecord;
    }
  },
  timeline: (r) => {
    const ips = dnsIps(r);
    const base = `DNS query for ${pyStr(r.hostname)} by ${pyStr(r.package_name)}`;
    return [ev(r.timestamp, "dns_query", ips.length ? `${base} [IPs: ${ips.join(", ")}]` : base)];
  },
  indicators: [
    { kind: "domain", values: (r) => str(r.hostname) },
    { kind: "domain", values: dnsIps },
    { kind: "app_id", values: (r) => str(r.package_name) },
  ],
  matchTime: (r) => r.timestamp ?? "",
});
