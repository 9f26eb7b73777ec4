/** Installed packages from AndroidQF's packages.json (APK paths, hashes, signing certificates, installer; AndroidQF ≥ 1.0). */
import { defineArtifact } from "../../core/artifact.ts";
import type { Heuristic } from "../../core/artifact.ts";
import { finding } from "../../core/check-record.ts";
import { SpyglassError } from "../../core/errors.ts";
import { EXACT_INT_MARK, exactInteger } from "../../core/exact-int.ts";
import type { ExactInteger } from "../../core/exact-int.ts";
import { readText } from "../../core/source.ts";
import {
  BROWSER_INSTALLERS, ROOT_PACKAGES, SECURITY_PACKAGES, SYSTEM_UPDATE_PACKAGES, THIRD_PARTY_STORE_INSTALLERS,
} from "../_shared/android-lists.ts";

/** The signing certificate as AndroidQF writes it (Go field names, hence the capitals). */
export interface PackageCertificate {
  Md5?: string;
  Sha1?: string;
  Sha256?: string;
  ValidFrom?: string;
  ValidTo?: string;
  Issuer?: string;
  Subject?: string;
  SignatureAlgorithm?: string;
  SerialNumber?: number | ExactInteger;
  [key: string]: unknown;
}

export interface PackageFile {
  path?: string;
  local_name?: string;
  md5?: string;
  sha1?: string;
  sha256?: string;
  sha512?: string;
  error?: string;
  verified_certificate?: boolean;
  certificate?: PackageCertificate | null;
  certificate_error?: string;
  trusted_certificate?: boolean;
  [key: string]: unknown;
}

/** One packages.json entry, kept as AndroidQF wrote it; `installer` is the string "null" when there is none. */
export interface PackageRecord {
  name: string;
  files?: PackageFile[];
  installer?: string;
  uid?: number;
  disabled?: boolean;
  system?: boolean;
  third_party?: boolean;
  [key: string]: unknown;
}

const MAX_BYTES = 64 * 1024 * 1024;
const EXACT_DIGITS = new RegExp(`^${EXACT_INT_MARK}-?\\d+$`);

/**
 * Parses packages.json. Certificate serial numbers are often 64-bit or larger; JSON.parse would round them,
 * so a long one is quoted with a marker first and comes back as an exact integer (MVT/Python keeps it exact).
 * A `"SerialNumber"` key cannot occur inside a JSON string unescaped, so the rewrite only touches real keys.
 */
export function parsePackages(text: string, file: string): unknown[] {
  const marked = text.replace(/("SerialNumber"\s*:\s*)(-?\d{16,})/g, (_, key: string, digits: string) => `${key}"\\u0000int:${digits}"`);
  let list: unknown;
  try {
    list = JSON.parse(marked, (_key, value: unknown) =>
      typeof value === "string" && value.startsWith(EXACT_INT_MARK) && EXACT_DIGITS.test(value) ? exactInteger(value.slice(EXACT_INT_MARK.length)) : value);
  } catch (cause) {
    throw new SpyglassError("E_CORRUPT", "packages.json is not valid JSON", { file, cause });
  }
  if (!Array.isArray(list)) throw new SpyglassError("E_SCHEMA", "packages.json is not a list of packages", { file });
  return list;
}

const filesOf = (r: PackageRecord): PackageFile[] => (Array.isArray(r.files) ? r.files.filter((f) => f !== null && typeof f === "object") : []);

/** A rooting/patching app: MEDIUM, and (as MVT) its installer is then not looked at. */
const rootPackage: Heuristic<PackageRecord> = (r) =>
  ROOT_PACKAGES.has(r.name) && finding("MEDIUM", `Found an installed package related to rooting/jailbreaking: "${r.name}"`, r);

/** How the app arrived: a third-party store (INFORMATIONAL), a browser/file manager (MEDIUM), or adb/sideloading (MEDIUM). */
const unusualInstaller: Heuristic<PackageRecord> = (r) => {
  if (ROOT_PACKAGES.has(r.name)) return undefined;
  const installer = r.installer ?? "";
  if (THIRD_PARTY_STORE_INSTALLERS.has(installer)) {
    return finding("INFORMATIONAL", `Found a package installed via a third party store (installer="${installer}"): "${r.name}"`, r);
  }
  // Even system apps: an update installed from an APK file replaces the system copy.
  if (BROWSER_INSTALLERS.has(installer)) return finding("MEDIUM", `Found a package installed via a browser (installer="${installer}"): "${r.name}"`, r);
  if (installer === "null" && r.system === false) return finding("MEDIUM", `Found a non-system package installed via adb or another method: "${r.name}"`, r);
  return undefined;
};

/** A disabled vendor security agent or OTA updater keeps the phone unpatched or unmonitored. */
const disabledProtection: Heuristic<PackageRecord> = (r) => {
  if (ROOT_PACKAGES.has(r.name) || !r.disabled) return undefined;
  if (SECURITY_PACKAGES.has(r.name)) return finding("MEDIUM", `Security package "${r.name}" disabled on the phone`, r);
  if (SYSTEM_UPDATE_PACKAGES.has(r.name)) return finding("MEDIUM", `System OTA update package "${r.name}" disabled on the phone`, r);
  return undefined;
};

export default defineArtifact<PackageRecord>({
  id: "android.aqf-packages",
  platform: "android",
  mvt: "AQFPackages",
  slug: "aqf_packages",
  description: "Installed apps (packages.json): installer, APK hashes, signing certificates",
  sources: [{ from: "androidqf", glob: "packages.json" }],
  async *parse({ file }, ctx) {
    let bad = 0;
    for (const p of parsePackages(await readText(file, MAX_BYTES), file.path)) {
      if (p !== null && typeof p === "object" && typeof (p as PackageRecord).name === "string") yield p as PackageRecord;
      else bad++;
    }
    if (bad) ctx.warn(`${bad} entr(ies) without a package name were skipped`);
  },
  heuristics: [rootPackage, unusualInstaller, disabledProtection],
  // MVT's order: name, APK sha256, certificate hashes. Beyond MVT: the APK's sha1/md5 and its path (file_path).
  // Certificate Subject/Issuer are kept as text only: indicators have no field for them.
  indicators: [
    { kind: "app_id", values: (r) => r.name },
    { kind: "hash", values: (r) => filesOf(r).map((f) => f.sha256) },
    { kind: "cert_hash", values: (r) => filesOf(r).flatMap((f) => (f.certificate ? [f.certificate.Md5, f.certificate.Sha1, f.certificate.Sha256] : [])) },
    { kind: "hash", values: (r) => filesOf(r).flatMap((f) => [f.sha1, f.md5]) },
    { kind: "file_path", values: (r) => filesOf(r).map((f) => f.path) },
  ],
});
