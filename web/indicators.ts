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
  /** The manifest and the files it lists, as the worker takes them. */
  readonly bundles: IndicatorInput[];
  readonly files: number;
  readonly updated: string;
}

let bundled: Promise<BundledIndicators> | undefined;

async function fetchText(path: string): Promise<string> {
  const r = await fetch(new URL(path, document.baseURI));
  if (!r.ok) throw new Error(`${path}: ${r.status}`);
  return r.text();
}

/**
 * The built-in set, fetched once: manifest.json first, then each file it lists, named by its path in the set
 * ("amnesty/pegasus.stix2"); the worker reads the manifest for the set's order, names and date, as the CLI does.
 */
export function bundledIndicators(): Promise<BundledIndicators> {
  bundled ??= (async () => {
    const text = await fetchText("indicators/manifest.json");
    const manifest = JSON.parse(text) as Manifest;
    const files = await Promise.all(manifest.bundles.map(async (b) => ({ name: b.file, text: await fetchText(`indicators/${b.file}`) })));
    return { bundles: [{ name: "manifest.json", text }, ...files], files: files.length, updated: manifest.updated ?? "" };
  })();
  return bundled;
}

/** The files picked in the "indicators" input, as texts. */
export function readIndicatorFiles(files: FileList | null): Promise<IndicatorInput[]> {
  return Promise.all([...(files ?? [])].map(async (f) => ({ name: f.name, text: await f.text() })));
}
