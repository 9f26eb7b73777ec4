/**
 * Indicators in the worker: the texts the page fetched (the bundled set: its manifest.json and the files it names)
 * and the bundles the user added, compiled as the CLI compiles them. The manifest orders and labels the set's files.
 */
import { Sha256, hex } from "../core/sha256.ts";
import { parseManifest } from "../indicators/manifest.ts";
import { indicatorsFromTexts, type HashedIndicatorText, type LoadedIndicators } from "../run/indicators.ts";
import type { IndicatorInput } from "./protocol.ts";

export const MANIFEST = "manifest.json";

const hashed = (name: string, text: string, label?: string): HashedIndicatorText => ({
  name: name.split("/").pop()!,
  path: name,
  text,
  ...(label ? { label } : {}),
  sha256: hex(new Sha256().update(new TextEncoder().encode(text)).digest()),
});

/**
 * Texts named as the page got them ("manifest.json", "amnesty/pegasus.stix2", "my-bundle.stix2"); a text named
 * manifest.json makes the files it lists the bundled set, in its order; the others follow. None: no indicators.
 */
export function browserIndicators(inputs: readonly IndicatorInput[], now = new Date()): LoadedIndicators | undefined {
  const manifestText = inputs.find((i) => i.name === MANIFEST || i.name.endsWith(`/${MANIFEST}`));
  const rest = inputs.filter((i) => i !== manifestText);
  if (!rest.length) return undefined;
  const manifest = manifestText && parseManifest(manifestText.text, manifestText.name);
  const inSet = new Map<IndicatorInput, string>();
  const texts: HashedIndicatorText[] = [];
  for (const b of manifest?.bundles ?? []) {
    const given = rest.find((i) => i.name === b.file || i.name.endsWith(`/${b.file}`));
    if (given && !inSet.has(given)) {
      inSet.set(given, b.name);
      texts.push(hashed(given.name, given.text, b.name));
    }
  }
  for (const i of rest) if (!inSet.has(i)) texts.push(hashed(i.name, i.text));
  return indicatorsFromTexts(texts, manifest && inSet.size ? { origin: manifest.origin, dir: "bundled", manifest, now } : undefined);
}
