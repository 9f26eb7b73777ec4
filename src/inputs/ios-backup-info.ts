/** Device facts from a backup's Info.plist and Manifest.plist (names as users know them). */

const str = (v: unknown): string | null => (typeof v === "string" ? v : typeof v === "number" ? String(v) : null);

export function readBackupInfo(info: Record<string, unknown> | undefined, manifest: Record<string, unknown> | undefined): Record<string, unknown> {
  const lockdown = (manifest?.["Lockdown"] ?? {}) as Record<string, unknown>;
  const apps = info?.["Installed Applications"];
  const date = info?.["Last Backup Date"] ?? manifest?.["Date"];
  return {
    device_name: str(info?.["Device Name"]) ?? str(lockdown["DeviceName"]),
    product_type: str(info?.["Product Type"]) ?? str(lockdown["ProductType"]),
    product_name: str(info?.["Product Name"]),
    ios_version: str(info?.["Product Version"]) ?? str(lockdown["ProductVersion"]),
    build_version: str(info?.["Build Version"]) ?? str(lockdown["BuildVersion"]),
    serial_number: str(info?.["Serial Number"]) ?? str(lockdown["SerialNumber"]),
    udid: str(info?.["Unique Identifier"]) ?? str(info?.["Target Identifier"]) ?? str(lockdown["UniqueDeviceID"]),
    backup_date: date instanceof Date ? date.toISOString() : str(date),
    encrypted: manifest?.["IsEncrypted"] === true,
    installed_applications: Array.isArray(apps) ? apps.filter((a) => typeof a === "string") : [],
  };
}
