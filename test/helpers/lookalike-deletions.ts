/**
 * The straightforward form of the typing-slip variants, as strings: the reference the hashed enumeration
 * (src/checks/lookalike-variants.ts) and the typo tables (lookalike-typo-table.ts) are tested against, in its order:
 * `s` and every string made from it by deleting up to `k` characters (k ≤ 2; two only up to 16 letters).
 */
export function deletions(s: string, k: number): string[] {
  const out = [s];
  const two = k >= 2 && s.length <= 16;
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s[i] === s[i - 1]) continue; // deleting either of a doubled letter gives the same string
    const one = s.slice(0, i) + s.slice(i + 1);
    out.push(one);
    if (two) for (let j = i; j < one.length; j++) if (j === i || one[j] !== one[j - 1]) out.push(one.slice(0, j) + one.slice(j + 1));
  }
  return out;
}
