/**
 * Popular names in a tenant's name on free hosting or dynamic DNS (getpokemoncards.appspot.com, avglogin.sytes.net,
 * airbus-nda.azurewebsites.net): one technique of the popular universe's (lookalike-popular.ts), moved here in round 11
 * when its free-hosting readings grew.
 */
import { DYNAMIC_DNS } from "./_phishing-lists.ts";
import { reason, type Judged } from "./lookalike-judged.ts";
import { ownCountry } from "./lookalike-same-name.ts";
import { isTechnical, type PopularName, type Universe } from "./lookalike-universe.ts";
import { FILLERS, LURES, lureSeq, WEAK } from "./lookalike-words.ts";
import type { Reason } from "./lookalike.ts";

/**
 * A popular name inside a tenant's name on free hosting or dynamic DNS (getpokemoncards.appspot.com,
 * avglogin.sytes.net): the service is the supporting signal, since a brand runs its sites on names of its own.
 * On free hosting, a distinctive top-1,000 name of 6+ letters anywhere (an ordinary word such as weather or
 * portfolio names a tenant's own page). On dynamic DNS, where people name home servers after the software or device
 * they run (nextcloud, synology, unifi-controller), only a top-10,000 or national name at the edge beside scam words
 * (rtelogin; not freeavg: "free" is a weak word).
 */
export function hosted(u: Universe, j: Judged): Reason | undefined {
  if (!j.freeHost) return undefined;
  const dyn = DYNAMIC_DNS.has(j.freeHost);
  return hostedIn(u, j, j.label, dyn) ?? (dyn ? undefined : hostedBrandPart(u, j) ?? hostedDoubled(u, j));
}

function hostedIn(u: Universe, j: Judged, label: string, dyn: boolean): Reason | undefined {
  const parts = label.split("-");
  // Within one hyphen part: a name across a hyphen is two other words (011st-online holds no "tonline").
  for (const [at, part] of parts.entries()) {
    for (let i = 0; i + 3 <= part.length; i++) {
      for (let k = part.length; k >= i + 3; k--) {
        const p = u.names.get(part.slice(i, k));
        if (!p || p.tier > 2 || LURES.has(p.name) || isTechnical(p.name)) continue;
        const rest = [...parts.slice(0, at), part.slice(0, i), part.slice(k), ...parts.slice(at + 1)].join("");
        const atEdge = (at === 0 && i === 0) || (at === parts.length - 1 && k === part.length);
        // Weak words are how home servers are named too (next+cloud: nextcloud.duckdns.org), so a scam word is needed.
        const ok = dyn ? atEdge && rest !== "" && lureSeq(rest, 2, FILLERS) && !lureSeq(rest, 2, WEAK) : p.tier === 1 && !p.common && k - i >= 6;
        if (ok) return reason("name", "MEDIUM", p, `its name holds "${p.name}"`, j);
      }
    }
  }
  return undefined;
}

/**
 * Round 11: on free hosting (not dynamic DNS), a distinctive top-10,000 or national name of 5+ letters as a whole
 * hyphen part of the tenant's name (airbus-portal, bank-suncorp), or glued to its own country's code (trademenz for
 * trademe.co.nz): a company puts its sites on names of its own, so its name among words on a shared host is someone
 * else's page. Ordinary words are left out (react-weather-app.netlify.app). Held-out cost: 0 by construction (the
 * ranking holds no tenants): unmeasured there.
 */
function hostedBrandPart(u: Universe, j: Judged): Reason | undefined {
  const parts = j.label.split("-");
  if (parts.length < 2 && !/[a-z]{2}$/.test(j.label)) return undefined;
  for (const part of parts) {
    const whole = parts.length > 1 ? u.names.get(part) : undefined;
    const p = whole ?? glueCountry(u, part);
    if (!p || p.common || p.name.length < 5 || (p.tier > 2 && !p.national) || LURES.has(p.name) || isTechnical(p.name)) continue;
    return reason("name", "MEDIUM", p, whole ? `its name holds "${p.name}" among other words` : `its name is "${p.name}" with its country's code glued on ("${part}")`, j);
  }
  return undefined;
}
/** A popular name followed by its own country's two-letter code (trademenz: trademe of trademe.co.nz). */
function glueCountry(u: Universe, part: string): PopularName | undefined {
  if (part.length < 7) return undefined;
  const p = u.names.get(part.slice(0, -2));
  return p && ownCountry(p) === part.slice(-2) ? p : undefined;
}
/**
 * Round 11: a letter doubled inside a tenant's name on free hosting (faccebookaccunt.blogspot.com): each doubled letter
 * read once, the name judged again as on free hosting. Held-out cost: 0 by construction.
 */
function hostedDoubled(u: Universe, j: Judged): Reason | undefined {
  for (let i = 1; i < j.label.length; i++) {
    if (j.label[i] !== j.label[i - 1] || !/[a-z]/.test(j.label[i]!)) continue;
    const read = j.label.slice(0, i) + j.label.slice(i + 1);
    const r = hostedIn(u, j, read, false);
    if (r) return { ...r, kind: "typo", text: r.text.replace(/ but is not: .*?(?=, on the free|$)/, ` but is not: a letter is doubled in its name ("${j.label}" reads as "${read}")`) };
  }
  return undefined;
}
