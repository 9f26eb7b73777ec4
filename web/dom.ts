/** Building DOM from data: every string goes in as text (evidence is hostile input), never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

export const byId = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** A heading and a list, or nothing when the list is empty. */
export function listSection(title: string, items: readonly (Node | string)[], ordered = false): Node[] {
  if (!items.length) return [];
  const list = el(ordered ? "ol" : "ul", {}, ...items.map((i) => el("li", {}, i)));
  return [el("h4", {}, title), list];
}
