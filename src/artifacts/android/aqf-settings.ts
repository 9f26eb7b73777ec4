/** Android settings from AndroidQF's settings_<namespace>.txt files (`settings list` output, `key=value` lines; Android 4–15). */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { readText } from "../../core/source.ts";

/** One namespace (global, secure, system…) and its settings: MVT writes `{namespace: {key: value}}`. */
export type SettingsRecord = readonly [namespace: string, settings: Readonly<Record<string, string>>];

/** Settings whose value other than the safe one weakens protection (MVT `ANDROID_DANGEROUS_SETTINGS`, spec §10.3). */
export const DANGEROUS_SETTINGS: ReadonlyMap<string, { safe: string; description: string }> = new Map([
  ["verifier_verify_adb_installs", { safe: "1", description: "disabled Google Play Services apps verification" }],
  ["package_verifier_enable", { safe: "1", description: "disabled Google Play Protect" }],
  ["package_verifier_state", { safe: "1", description: "disabled APK package verification" }],
  ["package_verifier_user_consent", { safe: "1", description: "disabled Google Play Protect" }],
  ["upload_apk_enable", { safe: "1", description: "disabled Google Play Protect" }],
  ["adb_install_need_confirm", { safe: "1", description: "disabled confirmation of adb apps installation" }],
  ["send_security_reports", { safe: "1", description: "disabled sharing of security reports" }],
  ["samsung_errorlog_agree", { safe: "1", description: "disabled sharing of crash logs with manufacturer" }],
  ["send_action_app_error", { safe: "1", description: "disabled applications errors reports" }],
  ["accessibility_enabled", { safe: "0", description: "enabled accessibility services" }],
]);

const MAX_BYTES = 32 * 1024 * 1024;

/** The namespace is the file name between its last "_" and ".txt" (settings_secure.txt → "secure"). */
export function namespaceOf(path: string): string {
  return path.slice(path.lastIndexOf("_") + 1, path.toLowerCase().endsWith(".txt") ? -4 : undefined);
}

/** MEDIUM for each dangerous setting with an unsafe value; the event is {namespace, key, value, description}. */
export const dangerousSettings: Heuristic<SettingsRecord> = ([namespace, settings]) =>
  Object.entries(settings).flatMap(([key, value]) => {
    const danger = DANGEROUS_SETTINGS.get(key);
    if (!danger || danger.safe === value) return [];
    const event = { namespace, key, value, description: danger.description };
    return [finding("MEDIUM", `Found suspicious "${namespace}" setting "${key} = ${value}" (${danger.description})`, event)];
  });

export default defineArtifact<SettingsRecord>({
  id: "android.aqf-settings",
  platform: "android",
  mvt: "AQFSettings",
  slug: "aqf_settings",
  description: "Device settings per namespace (settings_*.txt): Play Protect, adb install checks, accessibility",
  output: "dict",
  sources: [{ from: "androidqf", glob: "settings_*.txt" }],
  async *parse({ file }, ctx) {
    const entries: [string, string][] = [];
    let bad = 0;
    for (const raw of (await readText(file, MAX_BYTES)).split(/\r?\n/)) {
      const line = raw.trim();
      const eq = line.indexOf("=");
      if (eq >= 0) entries.push([line.slice(0, eq), line.slice(eq + 1)]);
      else if (line !== "") bad++;
    }
    if (bad) ctx.warn(`${bad} line(s) without "key=value" were skipped`);
    // fromEntries defines own properties, so a "__proto__" key stays data; a repeated key keeps its last value (as MVT).
    yield [namespaceOf(file.path), Object.fromEntries(entries)];
  },
  heuristics: [dangerousSettings],
});
