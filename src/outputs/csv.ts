/** CSV as MVT writes it (Python csv, QUOTE_ALL, escapechar "\\", doublequote): every field quoted, CRLF rows. */

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '""';
  const text = String(value);
  if (!text.includes('"') && !text.includes("\\")) return '"' + text + '"';
  return '"' + text.replaceAll("\\", "\\\\").replaceAll('"', '""') + '"';
}

export function csvRow(fields: readonly unknown[]): string {
  let out = "";
  for (let i = 0; i < fields.length; i++) out += (i ? "," : "") + csvField(fields[i]);
  return out + "\r\n";
}
