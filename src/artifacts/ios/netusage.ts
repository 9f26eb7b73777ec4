/** Per-process network use from netusage.sqlite (networkd; filesystem dumps only): DataUsage.sqlite's schema and checks. */
import { defineArtifact } from "../../core/artifact.ts";
import { usageDeclaration, type UsageRecord } from "../_shared/net-usage.ts";

// Each database is read and checked on its own: MVT pools both paths' rows when both exist, mixing their process ids
// in the deleted-row checks (the two paths are alternatives: where networkd keeps it depends on the iOS version).
export default defineArtifact<UsageRecord>({
  id: "ios.netusage",
  platform: "ios",
  mvt: "Netusage",
  slug: "netusage",
  description: "Network data used per process (networkd's netusage.sqlite), with checks for deleted process records and missing binaries",
  sources: [
    { from: "ios-fs", glob: "private/var/networkd/netusage.sqlite" },
    { from: "ios-fs", glob: "private/var/networkd/db/netusage.sqlite" },
  ],
  ...usageDeclaration,
});
