/**
 * Government and army names where no government puts them (issue 13, round 6): a government's or army's domain
 * lives under its country's restricted ending (gov.pk, mil.np, gouv.fr), never on free hosting, under someone else's
 * domain, or in a name anyone can buy. So "gov.pk" in front of another address (paknavy.gov.pk.ap1-port.net),
 * "gov"/"mil" beside a country code (mail-nepalpolice-gov-np-loginn, mofagov-pk), "gov" glued to one
 * (mail-mofagovnp, atogovau), "gov"/"gouv"/"gob" as a word of a name (paf-gov.com, canada-gouv1.com), and a
 * ministry's or army's words with a place on free hosting or dynamic DNS (minofdefenceindia.ddns.net) are signs.
 * Names under a restricted ending never reach this check (RESTRICTED in lookalike-endings.ts). Held-out cost: 2 of
 * 50,000 (minhacienda-gob.com, gov-by.com).
 */
import type { NormalizedUrl } from "./url-normalize.ts";
import type { Reason } from "./lookalike.ts";
import { PLACES } from "./lookalike-words.ts";
import { isIcannSuffix, nationalEnding } from "./lookalike-endings.ts";

/** Words that name a government or an army in an address (govt of India, gouv of France, gob of Spanish America). */
const GOV = new Set(["gov", "govt", "gouv", "gob", "mil"]);
/**
 * Round 9: the word "government" in the languages of documented campaigns (Vietnamese chinhphu, Indonesian
 * pemerintah, Malay kerajaan, Turkish hukumet, Urdu and Persian hukumat, Russian pravitelstvo, Ukrainian uryad, and
 * the European ones): as a word of a name (treasury-government), alone under a generic ending (chinh-phu.com), or
 * glued to a country code whose government has its own ending (vnchinhphu). Held-out cost: 0 of 50,000 (glued to
 * other words it names institutes and magazines: instituteforgovernment, openaccessgovernment; alone under a country's
 * ending it may be that country's own: gouvernement.lu).
 */
const GOVERNMENT = new Set(
  "government gouvernement gobierno governo regierung regering pravitelstvo uryad hukumat hukumet pemerintah kerajaan chinhphu kormany".split(" "),
);
/**
 * Round 9: a ministry's short name, "min" and its field, with a country code glued before, after or between (uaminagro,
 * minagroua, minuaregion: Ukraine's ministries are minagro, minregion, minfin at gov.ua), as governments' own
 * addresses never are. Held-out cost: 0 of 50,000 (minsktrans.by is Minsk's transport, a city, not min+sk+trans).
 */
const MINISTRY = /^(?:([a-z]{2})min(?:FIELDS)|min(?:FIELDS)([a-z]{2})|min([a-z]{2})(?:FIELDS))$/;
const FIELDS = "agro|agri|fin|just|region|health|zdrav|trans|obr|edu|econ|ekonom|oborony|defence|defense|cult|kult|energo|energy|prom|soc|sport|trud|digital|tsifra|ecology|vnutr|interior|foreign|inostr|svyaz|vet|veteran";
const MINISTRY_RE = new RegExp(MINISTRY.source.replace(/FIELDS/g, FIELDS));
/**
 * Round 10: "ministry", "presidency" and "directorate" in the languages of documented campaigns (Italian ministero,
 * Spanish and Portuguese ministerio, French ministere, German ministerium, Dutch ministerie, Slavic ministerstvo,
 * ministerstwo, ministarstvo, Romanian ministerul, Turkish bakanligi, baskanligi and mudurlugu, Malay and Indonesian
 * kementerian, Persian vezarat, Arabic and Urdu wizarat), anywhere in a name: a ministry's site is under its
 * government's ending, and these words glue to the ministry's field (saglikbakanligi, ministerodellasalute). Not the
 * English "ministry", which names churches, clubs and shops (ministryofsound), nor under a country's own ending, where a
 * ministry may run a site of its own (sozialministerium.at, the 1 it cost with them). Held-out cost: 0 of 50,000.
 */
const MINISTRY_WORDS = /ministero|ministerio|ministere|ministerium|ministerie|ministerstv|ministerstw|ministarstv|ministerul|bakanligi|baskanligi|mudurlugu|kementerian|kementrian|vezarat|wizarat|wazarat/;
/** "gov" as written before a country code, also with look-alike letters (qov, g0v). */
const GOV_ALIKE = /^(?:gov|qov|g0v|q0v)$/;
/** Words for a name anyone could hold beside them: "mil" is also a number and a unit (mil-spec, 1mil). */
const GOV_HINT = /gov|qov|g0v|gouv|gob|mil|min|bakanl|baskanl|mudurl|kement|vezarat|wizarat|wazarat|chinhphu|pemerintah|kerajaan|hukum|regier|regering|pravitel|uryad|kormany/;
const GOV_WORD = new Set(["gov", "govt", "gouv", "gob", ...GOVERNMENT]);
/** "gov" glued to a country code ending a word (mofagovnp, atogovau); "gob" and "gouv" glue into words (lodgobmh). */
const GLUED = /^[a-z]{2,}gov([a-z]{2})$/;
/**
 * Country codes never read as a government's here: "us-gov" names Amazon's GovCloud regions (awsdns-us-gov-38.com,
 * amazonaws-us-gov.com, 9 of the held-out ranks), and "gov" + "er" ends English words (hangover, ringover).
 */
const NOT_GOV_CC = new Set(["us", "er"]);
/** A ministry's, army's, police force's or national CERT's words (minofdefence, mofa, nepalarmy, certindia): read inside a tenant's name. */
const OFFICIAL = /ministry|minof|mofa|defence|defense|army|navy|airforce|police|embassy|parliament|^cert(?!ific)/;

/**
 * A country whose government has its own "gov" ending (gov.pk, gov.np, gov.au): gov.xx in ICANN's part of the
 * public suffix list (np by its wildcard). Not Indonesia's go.id: "mygovid" is "my gov ID".
 */
const isCountryCode = (cc: string): boolean => /^[a-z]{2}$/.test(cc) && !NOT_GOV_CC.has(cc) && isIcannSuffix(`gov.${cc}`);
/** "gov" or "mil", or a word ending in "gov" (mofagov-pk): a government's ending when a country code stands beside it. */
const govLike = (p: string) => GOV.has(p) || (p.length >= 5 && /(?:gov|govt|gouv|gob)$/.test(p));

const reason = (level: Reason["level"], detail: string, kind: Reason["kind"] = "name"): Reason => ({ kind, level, text: `looks like a government or army site but is not: ${detail}` });

/** A government or army name out of place in the host, or undefined. `tenant`: the free host the name sits on, if any. */
export function governmentReason(n: NormalizedUrl, tenant: { label: string; host: string } | undefined): Reason | undefined {
  // One scan turns most hosts away (a second, without hyphens, the names split by one: chinh-phu).
  if (!tenant && !GOV_HINT.test(n.host) && !(n.host.includes("-") && GOV_HINT.test(n.host.replace(/-/g, "")))) return undefined;
  const labels = n.host.slice(0, n.host.length - n.suffix.length - 1).split(".");
  const subCount = labels.length - 1;
  // A government's ending in front of another address (email.gov.in.maildrive.email): as a brand's domain in front.
  for (let i = 0; i + 1 < subCount; i++) {
    if (GOV.has(labels[i]!) && isCountryCode(labels[i + 1]!)) {
      return reason("HIGH", `"${labels[i]}.${labels[i + 1]}", a government's own ending, is put in front of the unrelated address ${n.registrable}`, "subdomain");
    }
  }
  // Round 10: a government's ending written across the registrable name's dot (mail.economy.gov.az-link.email reads
  // as economy.gov.az), "gov" maybe with a q or a 0 for its g or o (qov, g0v). Held-out cost: 0 by construction.
  const cc = /^([a-z]{2})-/.exec(labels[subCount] ?? "")?.[1];
  if (subCount > 0 && cc && GOV_ALIKE.test(labels[subCount - 1]!) && isCountryCode(cc)) {
    return reason("HIGH", `"${labels[subCount - 1]}.${cc}" reads as a government's own ending written across the dot of the unrelated address ${n.registrable}`, "subdomain");
  }
  for (const [at, l] of labels.entries()) {
    // Punycode is judged by its letters elsewhere; "us-gov" is Amazon's GovCloud (awsdns-us-gov-38.com).
    if (l.startsWith("xn--") || /(?:^|-)us-gov(?:-|\d|$)/.test(l)) continue;
    // Said of a subdomain label as of a brand's name in front of another address (the host is then what is shown).
    const where = at < subCount ? `is put in front of the unrelated address ${n.registrable}` : tenant ? `on the free hosting service ${tenant.host}` : "in a name anyone can buy";
    const parts = l.split("-").map((p) => p.replace(/\d+$/, ""));
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      // "gov" or "mil" beside a country code (gov-np, mil-np, gov-pk): a government's ending with a hyphen for its dot.
      if (govLike(p) && parts.length > 1 && [parts[i - 1], parts[i + 1]].some((q) => q !== undefined && isCountryCode(q))) {
        return reason("MEDIUM", `"${l}" holds a government's ending written with a hyphen for its dot, and ${where}`);
      }
      const g = GLUED.exec(p);
      if (g && p.length >= 6 && isCountryCode(g[1]!)) return reason("MEDIUM", `"${l}" holds a government's ending glued to another word, and ${where}`);
    }
    // "gov", "gouv" or "gob" as a word of a name beside others (paf-gov.com, canada-gouv1.com): no government's.
    if (parts.length > 1 && parts.some((p) => GOV_WORD.has(p))) return reason("MEDIUM", `"${l}" names a government, and ${where}`);
    const bare = parts.join("");
    const g = GOVERNMENT.has(bare) ? "" : [...GOVERNMENT].find((w) => bare.length === w.length + 2 && (bare.startsWith(w) || bare.endsWith(w)));
    const cc = g && (bare.startsWith(g) ? bare.slice(g.length) : bare.slice(0, 2));
    if ((g === "" && !nationalEnding(n.suffix)) || (cc && isCountryCode(cc))) return reason("MEDIUM", `"${l}" names a government, and ${where}`);
    const mw = MINISTRY_WORDS.exec(bare);
    if (mw && !nationalEnding(n.suffix)) return reason("MEDIUM", `"${l}" names a ministry ("${mw[0]}"), and ${where}`);
    const m = MINISTRY_RE.exec(bare);
    const mcc = m && (m[1] ?? m[2] ?? m[3])!;
    if (mcc && isCountryCode(mcc) && !bare.startsWith("minsk")) return reason("MEDIUM", `"${l}" names a ministry with a country code ("${mcc}") glued on, and ${where}`);
  }
  if (tenant && OFFICIAL.test(tenant.label) && [...PLACES].some((p) => p.length >= 4 && tenant.label.includes(p))) {
    return reason("MEDIUM", `"${tenant.label}" names a ministry, an army, a police force or a national CERT of a country, on the free hosting service ${tenant.host}`);
  }
  return undefined;
}
