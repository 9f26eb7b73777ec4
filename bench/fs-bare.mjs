// The bare walks of bench/fs.ts, in plain JavaScript (no TypeScript loader to start): `--folder DIR` readdir + lstat
// of every entry; `--tar FILE` every header read, member data skipped by seeking. Prints the number of entries.
//
// With `--render OUT`, the same walk also writes what MVT's Filesystem module writes of each entry, and nothing else:
// OUT/filesystem.json (path and time) and OUT/timeline.csv (one row per entry, sorted by time), on one thread, with
// every row held in memory, no indicator checks and no other module. No tool writing MVT's output can be faster than
// this by much: it is the output's floor, measured beside the bare walk.
import { closeSync, lstatSync, openSync, readdirSync, readSync, writeSync } from "node:fs";
import { join, relative } from "node:path";

const [mode, input, flag, out] = process.argv.slice(2);
const render = flag === "--render" ? renderer(out) : undefined;
let n = 0;
if (mode === "--folder") {
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const st = lstatSync(p);
      n++;
      render?.entry(relative(input, p), Math.floor(st.mtimeMs / 1000));
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
    if (render) render.entry(tarName(h), parseInt(h.toString("latin1", 136, 148), 8));
  }
  closeSync(fd);
}
render?.end();
console.log(n);

/** A ustar header's name (prefix and name), without a folder's trailing slash. */
function tarName(h) {
  const end = (from, max) => {
    const z = h.indexOf(0, from);
    return z < 0 || z > from + max ? from + max : z;
  };
  let name = h.toString("utf8", 0, end(0, 100));
  if (h[345]) name = `${h.toString("utf8", 345, end(345, 155))}/${name}`;
  return name.endsWith("/") ? name.slice(0, -1) : name;
}

/** filesystem.json written as entries come, timeline.csv rows kept and sorted at the end. */
function renderer(dir) {
  const json = openSync(join(dir, "filesystem.json"), "w");
  const rows = [];
  let parts = ["["];
  let size = 0;
  const p2 = (v) => (v < 10 ? `0${v}` : `${v}`);
  let day = -1;
  let dayText = "";
  const time = (t) => {
    const d = Math.floor(t / 86400);
    if (d !== day) {
      const date = new Date(d * 86_400_000);
      [day, dayText] = [d, `${date.getUTCFullYear()}-${p2(date.getUTCMonth() + 1)}-${p2(date.getUTCDate())} `];
    }
    const s = t - d * 86400;
    return `${dayText}${p2(Math.floor(s / 3600))}:${p2(Math.floor(s / 60) % 60)}:${p2(s % 60)}.000000`;
  };
  return {
    entry(path, mtime) {
      const ts = time(mtime);
      const quoted = JSON.stringify(path);
      const item = `${rows.length ? "," : ""}\n    {\n        "path": ${quoted},\n        "modified": "${ts}"\n    }`;
      parts.push(item);
      size += item.length;
      if (size > 1 << 20) {
        writeSync(json, parts.join(""));
        [parts, size] = [[], 0];
      }
      rows.push(`"${ts}","Filesystem","entry_modified",${quoted}\r\n`);
    },
    end() {
      writeSync(json, `${parts.join("")}\n]`);
      closeSync(json);
      rows.sort();
      const csv = openSync(join(dir, "timeline.csv"), "w");
      writeSync(csv, '"UTC Timestamp","Plugin","Event","Description"\r\n');
      for (let i = 0; i < rows.length; i += 10_000) writeSync(csv, rows.slice(i, i + 10_000).join(""));
      closeSync(csv);
    },
  };
}
