/**
 * Indicator bundles for a run: the built-in set, fetched from the page's own origin (the build copies
 * data/indicators and its manifest to indicators/), plus the files the person added.
 */
import type { IndicatorInput } from "../src/browser/protocol.ts";

interface Manifest {
  readonly updated?: string;
  readonly bundles: readonly { readonly file: string; readonly name?: string }[];
}

export interface BundledIndicators {
  readonly bundles: IndicatorInput[];
  readonly updated: string;
}

let bundled: Promise<BundledIndicators> | undefined;

async function fetchText(path: string): Promise<string> {
  const r = await fetch(new URL(path, document.baseURI));
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.text();
}

/** The built-in set, fetched once. The name is the file's own name, as the command line names it. */
export function bundledIndicators(): Promise<BundledIndicators> {
  bundled ??= (async () => {
    const manifest = JSON.parse(await fetchText("indicators/manifest.json")) as Manifest;
    const bundles = await Promise.all(
      manifest.bundles.map(async (b) => ({ name: b.file.split("/").pop()!, text: await fetchText(`indicators/${b.file}`) })),
    );
    return { bundles, updated: manifest.updated ?? "" };
  })();
  return bundled;
}

/** The files picked in the "indicators" input, as texts. */
export function readIndicatorFiles(files: FileList | null): Promise<IndicatorInput[]> {
  return Promise.all([...(files ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
}
