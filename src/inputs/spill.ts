/**
 * Archive members needed for random access (a deflated bugreport.zip inside an androidqf zip) go to the host's
 * scratch space, made on first use, never held whole in memory; the space is freed when the acquisition closes.
 */
import type { Host, Scratch } from "../core/host.ts";
import type { SpillMember } from "../formats/zip.ts";

export interface MemberSpill {
  readonly spill: SpillMember;
  /** Frees the scratch space, if any was made. */
  dispose(): void;
}

export function spillTo(host: Host): MemberSpill {
  let scratch: Promise<Scratch> | undefined;
  return {
    async spill(path, data) {
      const s = await (scratch ??= host.scratch());
      return s.file ? s.file(path, data) : undefined; // a host without scratch files: the zip keeps it in memory
    },
    dispose() {
      void scratch?.then((s) => s.dispose()).catch(() => undefined);
    },
  };
}
