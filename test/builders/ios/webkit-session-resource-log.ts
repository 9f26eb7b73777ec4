/**
 * Builds WebKit's full_browsing_session_resourceLog.plist value (iOS 13–18): `browsingStatistics`, one dict per
 * prevalent-resource origin with its top-frame redirects, sub-frame/sub-resource origins and interaction dates.
 */
import type { PlistValue } from "../../../src/formats/plist.ts";

export interface ResourceLogItem {
  origin: string;
  redirectsFrom?: string[];
  redirectsTo?: string[];
  subframeUnder?: string[];
  subresourceUnder?: string[];
  hadUserInteraction?: boolean;
  mostRecentUserInteraction?: Date;
  lastSeen?: Date;
}

export function resourceLogPlist(items: readonly ResourceLogItem[]): PlistValue {
  return {
    version: 17,
    browsingStatistics: items.map((i) => ({
      PrevalentResourceOrigin: i.origin,
      ...(i.redirectsFrom ? { topFrameUniqueRedirectsFrom: i.redirectsFrom } : {}),
      ...(i.redirectsTo ? { topFrameUniqueRedirectsTo: i.redirectsTo } : {}),
      subframeUnderTopFrameOrigins: i.subframeUnder ?? [],
      subresourceUnderTopFrameOrigins: i.subresourceUnder ?? [],
      hadUserInteraction: i.hadUserInteraction ?? false,
      ...(i.mostRecentUserInteraction ? { mostRecentUserInteraction: i.mostRecentUserInteraction } : {}),
      ...(i.lastSeen ? { lastSeen: i.lastSeen } : {}),
      isPrevalentResource: false,
      isVeryPrevalentResource: false,
      dataRecordsRemoved: 0,
    })),
  };
}
