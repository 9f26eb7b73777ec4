/** Origins with website data in SafariViewService (in-app Safari views: …/com.apple.SafariViewService/…/WebsiteData). */
import { defineArtifact } from "../../core/artifact.ts";
import { webkitFolders, type WebkitFolderRecord } from "../_shared/webkit-folders.ts";

// No timeline: MVT gives this module none.
export default defineArtifact<WebkitFolderRecord>({
  id: "ios.webkit-safari-view-service",
  platform: "ios",
  mvt: "WebkitSafariViewService",
  slug: "webkit_safari_view_service",
  description: "Websites with data in in-app Safari views (SafariViewService)",
  ...webkitFolders("private/var/mobile/Containers/Data/Application/*/SystemData/com.apple.SafariViewService/Library/WebKit/WebsiteData"),
});
