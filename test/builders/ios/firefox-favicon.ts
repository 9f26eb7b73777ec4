/** Firefox favicons live in the same browser.db as its history: this re-exports that builder for the favicon tests. */
export { buildFirefoxBrowserDb, firefoxBackup, FIREFOX_DB, FIREFOX_DOMAIN, type FirefoxSite, type BrowserDbSchema } from "./firefox-history.ts";
