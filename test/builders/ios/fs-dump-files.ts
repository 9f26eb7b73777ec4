/**
 * A few files of an iOS filesystem dump written in code (paths relative to the dump root, as a forensic
 * extraction lays them out), for the tests of the filesystem-only modules: databases, plists, raw files, folder times.
 */
import Database from "better-sqlite3";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tempDir } from "../../helpers/tmp.ts";
import { binaryPlist } from "../plist-writer.ts";
import type { Db } from "../ios-backup.ts";
import { unix } from "../ios-backup.ts";

export class DumpFiles {
  constructor(readonly root: string = tempDir("spyglass-dump-")) {}

  /** Writes a file (parent folders made); returns its absolute path. */
  file(rel: string, data: string | Uint8Array = ""): string {
    const path = join(this.root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    return path;
  }

  plist(rel: string, value: unknown): string {
    return this.file(rel, binaryPlist(value as never));
  }

  /** A SQLite database built by `fill`. */
  sqlite(rel: string, fill: (db: Db) => void): string {
    const path = this.file(rel);
    const db = new Database(path);
    fill(db);
    db.close();
    return path;
  }

  /** Sets a folder's (or file's) modification time; call after writing what is inside it. */
  touch(rel: string, utc: string): this {
    const t = unix(utc);
    utimesSync(join(this.root, rel), t, t);
    return this;
  }
}
