/**
 * Writes WebKit's ResourceLoadStatistics observations.db: ObservedDomains as iOS 14–15 writes it (with
 * mostRecentUserInteractionTime, as in MVT's test backup), the iOS 16+ one (adds mostRecentWebPushInteractionTime),
 * MVT's two-optional-column test table, or an early table without either time column.
 */
import type { Db } from "../ios-backup.ts";

export interface ObservedDomain {
  domain: string;
  /** Unix seconds. */
  lastSeen: number;
  hadUserInteraction?: boolean;
  /** Unix seconds, -1 = never. */
  mostRecentUserInteraction?: number;
  mostRecentWebPushInteraction?: number;
}

export type ObservationsSchema = "ios15" | "ios17" | "mvt-full" | "early";

const FLAGS = `grandfathered INTEGER NOT NULL, isPrevalent INTEGER NOT NULL, isVeryPrevalent INTEGER NOT NULL, dataRecordsRemoved INTEGER NOT NULL,
  timesAccessedAsFirstPartyDueToUserInteraction INTEGER NOT NULL, timesAccessedAsFirstPartyDueToStorageAccessAPI INTEGER NOT NULL,
  isScheduledForAllButCookieDataRemoval INTEGER NOT NULL`;
const BASE = "domainID INTEGER PRIMARY KEY, registrableDomain TEXT NOT NULL UNIQUE ON CONFLICT FAIL, lastSeen REAL NOT NULL, hadUserInteraction INTEGER NOT NULL";

const TABLES: Record<ObservationsSchema, string> = {
  ios15: `${BASE}, mostRecentUserInteractionTime REAL NOT NULL, ${FLAGS}`,
  ios17: `${BASE}, mostRecentUserInteractionTime REAL NOT NULL, ${FLAGS}, mostRecentWebPushInteractionTime REAL NOT NULL`,
  "mvt-full": `${BASE}, mostRecentUserInteractionTime REAL NOT NULL, mostRecentWebPushInteractionTime REAL NOT NULL`,
  early: `${BASE}, ${FLAGS}`,
};

export function buildObservationsDb(db: Db, domains: readonly ObservedDomain[], schema: ObservationsSchema = "ios15"): void {
  db.exec(`CREATE TABLE ObservedDomains (${TABLES[schema]});
    CREATE TABLE TopLevelDomains (topLevelDomainID INTEGER PRIMARY KEY, CONSTRAINT fkDomainID FOREIGN KEY(topLevelDomainID) REFERENCES ObservedDomains(domainID) ON DELETE CASCADE);
    CREATE TABLE OperatingDates (year INTEGER NOT NULL, month INTEGER NOT NULL, monthDay INTEGER NOT NULL);`);
  const cols = new Set((db.prepare("PRAGMA table_info(ObservedDomains)").all() as { name: string }[]).map((c) => c.name));
  domains.forEach((d, i) => {
    const row: Record<string, unknown> = { domainID: i + 1, registrableDomain: d.domain, lastSeen: d.lastSeen, hadUserInteraction: d.hadUserInteraction ? 1 : 0 };
    if (cols.has("mostRecentUserInteractionTime")) row.mostRecentUserInteractionTime = d.mostRecentUserInteraction ?? -1;
    if (cols.has("mostRecentWebPushInteractionTime")) row.mostRecentWebPushInteractionTime = d.mostRecentWebPushInteraction ?? -1;
    if (cols.has("grandfathered")) {
      for (const f of ["grandfathered", "isPrevalent", "isVeryPrevalent", "dataRecordsRemoved", "timesAccessedAsFirstPartyDueToUserInteraction",
        "timesAccessedAsFirstPartyDueToStorageAccessAPI", "isScheduledForAllButCookieDataRemoval"]) row[f] = 0;
    }
    const keys = Object.keys(row);
    db.prepare(`INSERT INTO ObservedDomains (${keys.join(", ")}) VALUES (${keys.map(() => "?").join(", ")})`).run(...keys.map((k) => row[k]));
  });
}
