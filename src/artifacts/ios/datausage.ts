/** Per-process network use from DataUsage.sqlite (ZPROCESS + ZLIVEUSAGE; iOS ≤ 14 with ZWIFIIN/ZWIFIOUT, later without). */
import { defineArtifact } from "../../core/artifact.ts";
import { usageDeclaration, type UsageRecord } from "../_shared/net-usage.ts";

export type DatausageRecord = UsageRecord;

export default defineArtifact<DatausageRecord>({
  id: "ios.datausage",
  platform: "ios",
  mvt: "Datausage",
  slug: "datausage",
  description: "Network data used per process (DataUsage.sqlite), with checks for deleted process records",
  sources: [
    { from: "ios-backup", domain: "WirelessDomain", path: "Library/Databases/DataUsage.sqlite" },
    { from: "ios-fs", glob: "private/var/wireless/Library/Databases/DataUsage.sqlite" },
  ],
  ...usageDeclaration,
});
