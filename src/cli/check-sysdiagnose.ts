/** `spyglass check-sysdiagnose PATH`: an iPhone sysdiagnose (.tar.gz as the phone writes it, or its unpacked folder). */
import { nodeHost } from "../node/host.ts";
import { RUN_INPUTS } from "../run/inputs.ts";
import type { CommonOptions } from "./common.ts";
import { prepareRun, requireKind, target } from "./preflight.ts";
import { scanOpened } from "./scan-opened.ts";

export async function checkSysdiagnose(path: string, opts: CommonOptions): Promise<number> {
  const { abs, input } = target(path);
  await requireKind(input, abs, "sysdiagnose");
  const output = await prepareRun(abs, opts);
  const read = RUN_INPUTS.sysdiagnose;
  // runScan closes the acquisition (and frees its scratch files) when it ends.
  return scanOpened(read, abs, output, await read.open(input, nodeHost), opts);
}
