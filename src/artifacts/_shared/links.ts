/** Links in message text, found as MVT's check_for_links finds them: "http(s)://" then non-whitespace, case-insensitive. */
const LINK = /https?:\/\/\S+/gi;

export function findLinks(text: string | null | undefined): string[] {
  return text ? (text.match(LINK) ?? []) : [];
}
