/**
 * The lookalike rules of issue 13's round 14 (false positives of the blind legitimate sets 8 and 9), one test each, on
 * the small universe of test/helpers/lookalike-rules-universe.ts. No case is taken from the measured sets (test/data).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, indexWith } from "../../test/helpers/lookalike-rules-universe.ts";

test("round 14: a public body's role under a region is every town's, not the popular one's", () => {
  const { yes, no, text } = check(indexWith([[22_000, "comune.roma.it"], [9_000, "prefeitura.sp.gov.br"]]));
  // Another town's own body: Italy's towns under their provinces' endings, Brazil's cities under their states'.
  no("comune.gubbio.pg.it", "comune.cervia.ra.it", "www.comune.lecco.it", "prefeitura.santos.sp.gov.br");
  // The role in front of an address of another country, or of a throwaway one, is still read.
  yes("comune.pagamenti-online.xyz", "prefeitura.login-seguro.top");
  assert.match(text("comune.pagamenti-online.xyz"), /looks like comune\.roma\.it but is not: "comune" is put in front of the unrelated address pagamenti-online\.xyz/);
  // A name whose own ending is a country's plain or kind-of-registrant ending keeps the rule, under any ending.
  yes("openai.gubbio.pg.it", "rakuten.cervia.ra.it");
});

test("round 14: the lure verbs inflected as notices write them", () => {
  const { yes, no, text } = check(indexWith([]));
  // A plural, a past and a doer of strong lure verbs, beside a curated or top-1,000 name.
  yes("supports-openai.com", "openaiupdated.com", "paypal-confirmed.net", "verifying-pokemon.com");
  assert.match(text("supports-openai.com"), /looks like openai\.com/);
  // The same words beside no popular name, and a downloader (third parties' video tools are named so) stay unread.
  no("supports-gardening.com", "updated-recipes.net", "pokemondownloader.com");
});

test("round 14: notices in the languages of documented campaigns, completed by concept", () => {
  const { yes, no } = check(indexWith([[2_200, "telekomtr.com.tr"]]));
  // An invoice, an update, a payment: French, Italian, Turkish, Indonesian, beside a curated or popular name.
  yes("facturation-openai.com", "openai-aggiornamento.com", "telekomtr-bilgilendirme.com", "pembayaran-openai.com");
  // The same words alone, or beside an ordinary word.
  no("facturation-express.com", "aggiornamento-software.it", "bilgilendirme-merkezi.com");
});
