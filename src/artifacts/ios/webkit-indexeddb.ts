/** Origins that stored IndexedDB data in an app's WebKit views (…/WebsiteData/IndexedDB). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { webkitFolders, type WebkitFolderRecord } from "../_shared/webkit-folders.ts";

export default defineArtifact<WebkitFolderRecord>({
  id: "ios.webkit-indexeddb",
  platform: "ios",
  mvt: "WebkitIndexedDB",
  slug: "webkit_indexeddb",
  description: "Websites that stored IndexedDB data in apps' WebKit views",
  ...webkitFolders("private/var/mobile/Containers/Data/Application/*/Library/WebKit/WebsiteData/IndexedDB"),
  timeline: (r) => [ev(r.isodate, "webkit_indexeddb", `IndexedDB folder ${r.folder} containing file for URL ${r.url}`)],
});
