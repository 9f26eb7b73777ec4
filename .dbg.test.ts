import { test } from "node:test";
import { buildEvidence, launch, openApp } from "./test/helpers/web.ts";
import { serveStatic } from "./src/node/static-server.ts";
test("dbg", async () => {
  const ev = await buildEvidence();
  const { server, url } = await serveStatic("dist/web");
  const b = await launch();
  const { page } = await openApp(b, url);
  const t0 = Date.now();
  page.on("worker", (w) => w.on("console", (m) => console.log("W", Date.now() - t0, m.text())));
  page.on("console", (m) => console.log("P", Date.now() - t0, m.text()));
  const seen: string[] = [];
  await page.getByTestId("pick-folder").setInputFiles(ev.large);
  for (let i = 0; i < 100; i++) { const t = await page.locator("#progress-text").textContent(); if (seen.at(-1) !== t) { seen.push(t!); console.log("T", Date.now() - t0, t); } if (await page.getByTestId("verdict").count()) break; await page.waitForTimeout(100); }
  await b.close(); server.close();
});
