/**
 * The page's analysis worker profiled through the DevTools protocol (bench/web.ts --profile): the page's session
 * auto-attaches to the worker when it starts (not flattened: its messages go through Target.sendMessageToTarget),
 * starts V8's sampling profiler there, and at the end sums self time by function, top first.
 */
import type { Page } from "playwright-core";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Call before the page loads: the page terminates its worker when the run ends, which would take the profile with it. */
export async function keepWorkersForProfile(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const kept: Worker[] = [];
    const terminate = Worker.prototype.terminate;
    Worker.prototype.terminate = function (this: Worker) {
      this.onmessage = null; // the page is done with it: only the profile is wanted from it
      kept.push(this);
    };
    (window as unknown as { endKeptWorkers(): void }).endKeptWorkers = () => kept.forEach((w) => terminate.call(w));
  });
}

export async function workerProfiler(page: Page, top = 30): Promise<{ stop(): Promise<string> }> {
  const cdp = await page.context().newCDPSession(page);
  let target: string | undefined;
  let next = 1;
  const waiting = new Map<number, (r: unknown) => void>();
  const send = (method: string, params: object = {}) =>
    new Promise<any>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      void cdp.send("Target.sendMessageToTarget", { targetId: target!, message: JSON.stringify({ id, method, params }) } as never);
    });
  cdp.on("Target.receivedMessageFromTarget", (e: { message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
  });
  const started = new Promise<void>((resolve) =>
    cdp.on("Target.attachedToTarget", (e: { targetInfo: { targetId: string; type: string }; waitingForDebugger: boolean }) => {
      if (e.targetInfo.type !== "worker" || target) return;
      target = e.targetInfo.targetId;
      void (async () => {
        await send("Profiler.enable");
        await send("Profiler.setSamplingInterval", { interval: 1000 });
        await send("Profiler.start");
        await send("Runtime.runIfWaitingForDebugger");
        resolve();
      })();
    }),
  );
  await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  return {
    async stop() {
      await started;
      const { profile } = (await send("Profiler.stop")) as { profile: Profile };
      await page.evaluate(() => (window as unknown as { endKeptWorkers(): void }).endKeptWorkers());
      const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
      const self = new Map<string, number>();
      let total = 0;
      profile.samples.forEach((id, i) => {
        const n = byNode.get(id)!;
        const f = n.callFrame;
        const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
        const dt = profile.timeDeltas[i] ?? 0;
        self.set(key, (self.get(key) ?? 0) + dt);
        total += dt;
      });
      const lines = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
      return `worker profile, ${(total / 1e6).toFixed(1)} s sampled, top ${top} by self time:\n` + lines.map(([k, us]) => `  ${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join("\n");
    },
  };
}
