/**
 * Modded clients (issue 13, round 9): unofficial builds of messaging and video apps sold as richer versions of the
 * real one (WhatsApp Plus, GBWhatsApp, YoWhatsApp, OBWhatsApp "by Omar", YouTube Plus, Signal Plus, Telegram Plus)
 * are a spyware family of their own: the download sites are named after the app with the mod's word glued on
 * (signalplus.org, youtubeplusandroid.ru, plusozon.ru, omarwhatsapp.org). No brand names its own site so: the app's
 * official "plus" is a popular domain of its own (disneyplus.com), and popular domains are never judged.
 * Held-out cost: 1 of 50,000 (instamod.app, itself an Instagram mod's site; whatsapp-plus.net and .info were flagged
 * already). Given up: "plus" after any top-1,000 name (focusplus.de: publishers' subscriptions), a mod's word glued to
 * top-1,000 names in general (aerotelegraph, sharemods, ogone, yobit, unog: 11 more).
 * Round 11: "premium" too (signalpremium, premiumtelegram: the paid tier as mod sites sell it; the apps' real paid
 * tiers are pages of their own domains): 0 more of 50,000.
 */
import type { Brand, Reason } from "./lookalike.ts";
import type { Universe } from "./lookalike-universe.ts";
import { shown } from "./lookalike-judged.ts";
import { lureSeq } from "./lookalike-words.ts";
import { brandNameMap } from "./lookalike-brands.ts";

/** The words mods are sold under: "plus", "premium", the initials of the best-known builds (GB, FM, Yo, OG, OB), "aero", "omar". */
const MOD_WORDS = ["plus", "premium", "gb", "fm", "yo", "og", "ob", "aero", "omar", "mod", "mods"] as const;
const MOD_HINT = new RegExp(MOD_WORDS.join("|"));
/** What the download pages add around the mod's name: the platform, the package, "new", "latest". */
const PLATFORM = new Set("android apk ios app apps download downloads new latest official free web pc pro".split(" "));

/** The curated apps people install on a phone (data/brands.json: messaging, tech, app stores), by name. */
const APP_CATEGORIES = new Set(["messaging", "tech", "app-store"]);
type App = { readonly brand: string; readonly domain: string };
/** Curated apps' names of 5+ letters → the brand and its domain shown in messages. */
const curatedApps = brandNameMap<App>(
  (b) => (APP_CATEGORIES.has(b.category) ? { brand: b.brand, domain: b.domains[0]! } : undefined),
  (n) => (n.length >= 5 ? n.toLowerCase() : undefined),
);

/**
 * The app's name in `s`, alone or with platform words after it (youtube, youtubeandroid): a curated app's, or after
 * "plus" a top-1,000 name of 4+ letters too (plusozon: the marketplace's app).
 */
function appIn(u: Universe, apps: ReadonlyMap<string, App>, s: string, plus: boolean): string | undefined {
  for (let end = s.length; end >= 4; end--) {
    const name = s.slice(0, end);
    if ((apps.has(name) || (plus && u.names.get(name)?.tier === 1)) && lureSeq(s.slice(end), 2, PLATFORM)) return name;
  }
  return undefined;
}

/** A popular app's name with a mod's word glued on, or undefined. `label`: the registrable name or a free host's tenant. */
export function moddedClient(u: Universe, brands: readonly Brand[], label: string): Reason | undefined {
  if (!MOD_HINT.test(label)) return undefined; // one scan turns most names away
  const bare = label.replace(/[-\d]/g, "");
  const apps = curatedApps(brands);
  for (const w of MOD_WORDS) {
    const at = bare.indexOf(w);
    if (at < 0) continue;
    const before = bare.slice(0, at);
    const after = bare.slice(at + w.length);
    const plus = w === "plus";
    // The mod's word in front (plusozon, gbwhatsapp), or after with platform words behind (youtubeplusandroid). After
    // a name that is no curated app, "plus" is how publishers name subscriptions (focusplus.de, bildplus): not judged.
    const name = (before === "" || PLATFORM.has(before) ? appIn(u, apps, after, plus) : undefined)
      ?? (lureSeq(after, 2, PLATFORM) ? appIn(u, apps, before, false) : undefined);
    if (!name) continue;
    const app = apps.get(name);
    const p = u.names.get(name);
    const d = app?.domain ?? shown(p!);
    return { kind: "name", level: "MEDIUM", brand: app?.brand ?? d, brand_domain: d, text: `looks like ${app ? `${app.brand} (${d})` : d} but is not: its name is "${name}" with "${w}", a modded client's word, added (unofficial builds of apps carry spyware)` };
  }
  return undefined;
}
