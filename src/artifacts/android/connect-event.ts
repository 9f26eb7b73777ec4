/** Network connections from Android 16 Advanced Protection intrusion logs (`connect_event` lines of the NDJSON export; event_time in ms). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { deviceTimeZone, eventTimestamp, INTRUSION_LOG_SOURCES, pyStr, readEvents } from "../_shared/intrusion-logs.ts";

/** One connection: the event's own keys as exported, plus `timestamp` (device wall clock, null without event_time). */
export interface ConnectEventRecord {
  readonly [key: string]: unknown;
  readonly event_time?: unknown;
  /** As Java prints an InetAddress: "/192.0.2.1", or "ip6-localhost/::1" when the name is known. */
  readonly ip_address?: unknown;
  readonly port?: unknown;
  readonly package_name?: unknown;
  readonly timestamp: string | null;
}

// Loopback and the unspecified address: never a remote server (MVT skips these three).
const LOCAL = new Set(["::1", "127.0.0.1", "0.0.0.0"]);

/** The address part of "host/ip" (MVT: the text after the last "/"). */
export function connectIp(r: ConnectEventRecord): string {
  const a = typeof r.ip_address === "string" ? r.ip_address : "";
  return a.includes("/") ? a.slice(a.lastIndexOf("/") + 1) : a;
}

export default defineArtifact<ConnectEventRecord>({
  id: "android.connect-event",
  platform: "android",
  mvt: "ConnectEvent",
  slug: "connect_event",
  description: "Network connections by app from intrusion logs (Android 16 Advanced Protection), checked against IP indicators",
  sources: INTRUSION_LOG_SOURCES,
  async *parse(input, ctx) {
    const tz = deviceTimeZone(ctx);
    for await (const { event, once } of readEvents(input, ctx, "connect_event")) {
      event.timestamp = eventTimestamp(event.event_time, "ms", ctx, tz, once);
      yield event as ConnectEventRecord;
    }
  },
  timeline: (r) => [ev(r.timestamp, "network_connection", `Connection to ${connectIp(r)}:${pyStr(r.port, "0")} by ${pyStr(r.package_name)}`)],
  indicators: [
    {
      kind: "domain",
      values: (r) => {
        const ip = connectIp(r);
        return LOCAL.has(ip) ? [] : [ip];
      },
    },
    { kind: "app_id", values: (r) => (typeof r.package_name === "string" ? r.package_name : "") },
  ],
  matchTime: (r) => r.timestamp ?? "",
});
