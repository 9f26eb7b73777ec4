/** Builds Shortcuts.sqlite: ZSHORTCUT with ZSHORTCUTACTIONS holding each shortcut's actions as a binary plist. */
import type { Db } from "../ios-backup.ts";
import { binaryPlist } from "../plist-writer.ts";

export interface ShortcutAction { WFWorkflowActionIdentifier: string; WFWorkflowActionParameters: Record<string, unknown> }
export interface ShortcutSpec { pk: number; name: string; created: number; modified: number; description?: string; actions?: ShortcutAction[] | Uint8Array }

/** `old` leaves out ZACTIONSDESCRIPTION (iOS 12-era store). */
export function shortcutsDb(db: Db, shortcuts: ShortcutSpec[], opts: { old?: boolean } = {}): void {
  db.exec(`CREATE TABLE ZSHORTCUT (Z_PK INTEGER PRIMARY KEY, Z_ENT INTEGER, ZNAME VARCHAR, ZCREATIONDATE TIMESTAMP, ZMODIFICATIONDATE TIMESTAMP${opts.old ? "" : ", ZACTIONSDESCRIPTION VARCHAR"});
    CREATE TABLE ZSHORTCUTACTIONS (Z_PK INTEGER PRIMARY KEY, ZSHORTCUT INTEGER, ZDATA BLOB);`);
  const s = db.prepare(`INSERT INTO ZSHORTCUT VALUES (?, 1, ?, ?, ?${opts.old ? "" : ", ?"})`);
  const a = db.prepare("INSERT INTO ZSHORTCUTACTIONS (ZSHORTCUT, ZDATA) VALUES (?, ?)");
  for (const x of shortcuts) {
    s.run(x.pk, x.name, x.created, x.modified, ...(opts.old ? [] : [x.description ?? null]));
    if (x.actions) a.run(x.pk, x.actions instanceof Uint8Array ? x.actions : binaryPlist(x.actions as never));
  }
}
