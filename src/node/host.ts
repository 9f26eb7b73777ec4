/** The Node host: native SQLite, streaming SHA-256, temp-file scratch space. */
import { createDecipheriv, createHash } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Host, Scratch } from "../core/host.ts";
import type { SourceFile } from "../core/source.ts";
import { isLocalFile } from "./fs-source.ts";
import { openSqlite } from "./sqlite.ts";

async function sha256(file: SourceFile): Promise<string> {
  const h = createHash("sha256");
  if (isLocalFile(file)) {
    for await (const chunk of createReadStream(file.localPath)) h.update(chunk as Buffer);
  } else {
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      h.update(value);
    }
  }
  return h.digest("hex");
}

async function scratch(): Promise<Scratch> {
  const dir = mkdtempSync(join(tmpdir(), "spyglass-scratch-"));
  let n = 0;
  return {
    async spill(lines) {
      const path = join(dir, `run-${n++}.txt`);
      writeFileSync(path, lines.join("\n") + "\n");
      return async function* read() {
        // Lines hold no line breaks (JSON): a plain split, a batch per chunk read.
        let rest = "";
        for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
          const lines = (rest + (chunk as string)).split("\n");
          rest = lines.pop()!;
          yield lines;
        }
        if (rest) yield [rest];
      };
    },
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** OpenSSL's CBC without padding handling (the core checks PKCS#7 itself), IV zero as iOS backups use. */
function aesCbcDecryptor(key: Uint8Array) {
  const d = createDecipheriv("aes-256-cbc", key, Buffer.alloc(16)).setAutoPadding(false);
  return { update: (piece: Uint8Array): Uint8Array => d.update(piece) }; // a Buffer is a Uint8Array: no copy
}

export const nodeHost: Host = { sqlite: openSqlite, sha256, scratch, aesCbcDecryptor };
