// The bare walks of bench/fs.ts, in plain JavaScript (no TypeScript loader to start): `--folder DIR` readdir + lstat
// of every entry; `--tar FILE` every header read, member data skipped by seeking. Prints the number of entries.
import { closeSync, lstatSync, openSync, readdirSync, readSync } from "node:fs";
import { join } from "node:path";

const [mode, input] = process.argv.slice(2);
let n = 0;
if (mode === "--folder") {
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      lstatSync(p);
      n++;
      if (e.isDirectory()) walk(p);
    }
  };
  walk(input);
} else {
  const fd = openSync(input, "r");
  const h = Buffer.alloc(512);
  let at = 0;
  while (readSync(fd, h, 0, 512, at) === 512 && h[0] !== 0) {
    const size = parseInt(h.toString("latin1", 124, 136), 8) || 0;
    at += 512 + Math.ceil(size / 512) * 512;
    n++;
  }
  closeSync(fd);
}
console.log(n);
