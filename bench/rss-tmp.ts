import { step } from "./step.ts";
import { rmSync } from "node:fs";
for (const scale of ["1", "2"]) {
  rmSync("/tmp/orss", { recursive: true, force: true });
  const r = step(["spyglass", "check-backup", new URL(`./.data/backup-v2-${scale}`, import.meta.url).pathname, "-o", "/tmp/orss", "--iocs", new URL("../data/indicators/pegasus.stix2", import.meta.url).pathname, "--json"]);
  console.log(scale, (r.ms / 1000).toFixed(1), "s", Math.round(r.maxRssMiB), "MiB");
}
