/**
 * The page's workers profiled through the DevTools protocol (bench/web.ts --profile): the page's session
 * auto-attaches to the analysis worker when it starts, and that worker's session to its nested workers (sessions
 * not flattened: a child's messages go through its parent's Target.sendMessageToTarget); V8's sampling profiler runs
 * in each, and at the end self time is summed by function per worker kind, top first. Also the CPU time of each of
 * the renderer's threads from /proc (workerThreadsCpu), which needs no profiler.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { CDPSession, Page } from "playwright-core";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Call before the page loads: the page terminates its worker when the run ends, which would take the profile with it. */
export async function keepWorkersForProfile(page: Page): Promise<void> {
  await page.addInitScript(KEEP_WORKERS);
}

/** Worker.terminate deferred until endKeptWorkers() (the page's and, evaluated there, the analysis worker's). */
const KEEP_WORKERS = `(() => {
  const kept = [];
  const terminate = Worker.prototype.terminate;
  Worker.prototype.terminate = function () { this.onmessage = null; kept.push(this); };
  globalThis.endKeptWorkers = () => kept.forEach((w) => terminate.call(w));
})()`;

/** One DevTools session: the page's, or a worker's reached through its parent's. */
interface Session {
  send(method: string, params?: object): Promise<any>;
  on(event: string, handler: (params: any) => void): void;
}

function pageSession(cdp: CDPSession): Session {
  return { send: (method, params = {}) => cdp.send(method as never, params as never), on: (event, handler) => cdp.on(event as never, handler) };
}

/** The session of the target `targetId` attached (not flattened) in `parent`. */
function childSession(parent: Session, targetId: string): Session {
  let next = 1;
  const waiting = new Map<number, (r: unknown) => void>();
  const handlers = new Map<string, ((p: unknown) => void)[]>();
  parent.on("Target.receivedMessageFromTarget", (e: { targetId: string; message: string }) => {
    if (e.targetId !== targetId) return;
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; method?: string; params?: unknown };
    if (m.id !== undefined) waiting.get(m.id)?.(m.result);
    else for (const h of handlers.get(m.method!) ?? []) h(m.params);
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        void parent.send("Target.sendMessageToTarget", { targetId, message: JSON.stringify({ id, method, params }) });
      }),
    on: (event, handler) => handlers.set(event, [...(handlers.get(event) ?? []), handler]),
  };
}

interface Profiled {
  readonly name: string;
  readonly session: Session;
}

/**
 * Profiles every worker the page starts, and their nested workers: call after the page loaded, before the run.
 * stop() returns the top functions by self time of the analysis worker, and of the nested workers summed.
 */
export async function workerProfiler(page: Page, top = 25): Promise<{ stop(): Promise<string> }> {
  const root = pageSession(await page.context().newCDPSession(page));
  const profiled: Profiled[] = [];
  const started: Promise<void>[] = [];
  const attach = async (parent: Session, nested: boolean) => {
    parent.on("Target.attachedToTarget", (e: { targetInfo: { targetId: string; type: string; title: string } }) => {
      if (e.targetInfo.type !== "worker") return;
      const session = childSession(parent, e.targetInfo.targetId);
      profiled.push({ name: nested ? "nested workers" : "analysis worker", session });
      started.push(
        (async () => {
          await session.send("Profiler.enable");
          await session.send("Profiler.setSamplingInterval", { interval: 1000 });
          await session.send("Profiler.start");
          if (!nested) {
            await session.send("Runtime.evaluate", { expression: KEEP_WORKERS });
            await attach(session, true);
          }
          await session.send("Runtime.runIfWaitingForDebugger");
        })(),
      );
    });
    await parent.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: true, flatten: false });
  };
  await attach(root, false);
  return {
    async stop() {
      await Promise.all(started);
      const byKind = new Map<string, Profile[]>();
      const timelines: string[] = [];
      for (const p of profiled) {
        const { profile } = (await p.session.send("Profiler.stop")) as { profile: Profile };
        timelines.push(`${p.name.padEnd(16)} ${busyTimeline(profile)}`);
        byKind.set(p.name, [...(byKind.get(p.name) ?? []), profile]);
      }
      await page.evaluate("endKeptWorkers()");
      return [...byKind].map(([name, profiles]) => summary(`${name} (${profiles.length})`, profiles, top)).join("\n") + `\nbusy per second (0–9, tenths), from the first worker's start:\n${timelines.join("\n")}`;
    },
  };
}

let origin = 0;
/** A worker's busy share (not idle) per second of the run, one digit a second (9: 90% or more). */
function busyTimeline(profile: Profile): string {
  origin ||= profile.startTime;
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const busy: number[] = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const sec = Math.floor((t - origin) / 1e6);
    busy[sec] ??= 0;
    if (byNode.get(id)!.callFrame.functionName !== "(idle)") busy[sec] += profile.timeDeltas[i] ?? 0;
  });
  return Array.from(busy, (us) => (us === undefined ? " " : String(Math.min(9, Math.floor(us / 1e5))))).join("");
}

/** Self time by function over `profiles`, top first. */
function summary(name: string, profiles: readonly Profile[], top: number): string {
  const self = new Map<string, number>();
  let total = 0;
  for (const profile of profiles) {
    const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const f = byNode.get(id)!.callFrame;
      const key = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}:${f.lineNumber + 1}`;
      const dt = profile.timeDeltas[i] ?? 0;
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    });
  }
  const idle = self.get("(idle) :0") ?? 0;
  const lines = [...self].sort((a, b) => b[1] - a[1]).slice(0, top);
  return (
    `${name}: ${(total / 1e6).toFixed(1)} s sampled, ${((total - idle) / 1e6).toFixed(1)} s busy; top ${top} by self time:\n` +
    lines.map(([k, us]) => `  ${(us / 1e6).toFixed(2).padStart(7)} s ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join("\n")
  );
}

/** CPU seconds (user + system) of each thread of a process, by thread id, with the thread's name ("DedicatedWorker thread"…). */
export function threadsCpu(pid: number): Map<number, { name: string; cpu: number }> {
  const tick = 100; // USER_HZ on Linux
  const out = new Map<number, { name: string; cpu: number }>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out; // gone
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(tid), { name, cpu: (Number(f[11]) + Number(f[12])) / tick });
    } catch {
      /* thread gone */
    }
  }
  return out;
}
