// Pattern key -> indicator bucket (spec §8.1 table), with the hash spellings real bundles use.
// Runs in browsers too: no Node imports.
import type { IndicatorBucket } from "./types.ts";

const KEY_BUCKETS: Readonly<Record<string, IndicatorBucket>> = {
  "domain-name:value": "domains",
  "ipv4-addr:value": "domains",
  "ipv6-addr:value": "domains",
  "url:value": "urls",
  "process:name": "processes",
  "email-addr:value": "emails",
  "file:name": "file_names",
  "file:path": "file_paths",
  "app:id": "app_ids",
  "configuration-profile:id": "ios_profile_ids",
  "android-property:name": "android_property_names",
  // Insikt's Predator bundle names destinations this way; the value is a domain or an address either way.
  "network-traffic:dst_ref": "domains",
  "network-traffic:dst_ref.value": "domains",
};
const FILE_HASHES: Readonly<Record<string, IndicatorBucket>> = {
  md5: "files_md5",
  sha1: "files_sha1",
  sha256: "files_sha256",
};

/** Maps a pattern key to its bucket, normalising hash spellings (`hashes.'SHA-256'`, `hashes.sha256`, `hashes.SHA256`). */
export function bucketOfKey(rawKey: string): IndicatorBucket | undefined {
  const key = rawKey.replace(/["'\s]/g, "").toLowerCase();
  const direct = KEY_BUCKETS[key];
  if (direct) return direct;
  const m = /^(file:hashes|app:cert)\.(.+)$/.exec(key);
  if (!m) return undefined;
  const alg = (m[2] ?? "").replace(/[-_]/g, "");
  if (!Object.prototype.hasOwnProperty.call(FILE_HASHES, alg)) return undefined;
  return m[1] === "app:cert" ? "app_cert_hashes" : FILE_HASHES[alg];
}
