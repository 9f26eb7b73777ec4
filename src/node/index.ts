/** The Node host: file system, native SQLite, result folders. */
export { nodeHost } from "./host.ts";
export { localDir, localFile } from "./fs-source.ts";
export { localOutputDir } from "./output-dir.ts";
export { openSqlite } from "./sqlite.ts";
