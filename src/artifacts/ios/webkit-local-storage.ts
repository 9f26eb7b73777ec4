/** Origins that stored Local Storage data in an app's WebKit views (…/WebsiteData/LocalStorage). */
import { defineArtifact } from "../../core/artifact.ts";
import { ev } from "../../core/events.ts";
import { webkitFolders, type WebkitFolderRecord } from "../_shared/webkit-folders.ts";

export default defineArtifact<WebkitFolderRecord>({
  id: "ios.webkit-local-storage",
  platform: "ios",
  mvt: "WebkitLocalStorage",
  slug: "webkit_local_storage",
  description: "Websites that stored Local Storage data in apps' WebKit views",
  ...webkitFolders("private/var/mobile/Containers/Data/Application/*/Library/WebKit/WebsiteData/LocalStorage"),
  timeline: (r) => [ev(r.isodate, "webkit_local_storage", `WebKit Local Storage folder ${r.folder} containing file for URL ${r.url}`)],
});
