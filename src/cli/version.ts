/** The package version. */
export { VERSION } from "../node/package-root.ts";
