/** The report's one inline stylesheet: system fonts only (no font files), 18px text, phone-first, printable. */
export const CSS = `
:root{--fg:#1a1a1a;--muted:#555;--line:#d0d0d0;--bg:#fff;--soft:#f5f5f5;--red:#b3261e;--red-bg:#fdecea;--amber:#8a4b00;--amber-bg:#fff3e0;--green:#1b5e20;--green-bg:#e8f5e9;--blue:#0b57d0}
*{box-sizing:border-box}
html{font-size:112.5%;-webkit-text-size-adjust:100%}
body{margin:0;color:var(--fg);background:var(--bg);font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;line-height:1.5}
main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0 .6rem}
h2{font-size:1.35rem;margin:2rem 0 .6rem}
h3{font-size:1.1rem;margin:1.4rem 0 .4rem}
a{color:var(--blue)}
code{font-family:ui-monospace,"SF Mono",Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere}
.muted{color:var(--muted)}
.pre{white-space:pre-line}
nav.toc{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:1rem;padding:.5rem 0;border-bottom:1px solid var(--line)}
nav.toc b{margin-right:auto}
.verdict{border:2px solid;border-left-width:.6rem;border-radius:.5rem;padding:1rem 1.2rem;margin:1rem 0}
.verdict h2{font-size:1.15rem;margin:1rem 0 .3rem}
.verdict ul,.verdict ol{margin:.2rem 0;padding-left:1.3rem}
.verdict li{margin:.25rem 0}
.eyebrow{margin:0;font-weight:700;text-transform:uppercase;letter-spacing:.06em;font-size:1rem}
.summary{font-size:1.1rem;font-weight:600}
.v-known{border-color:var(--red);background:var(--red-bg)}.v-known .eyebrow,.v-known h1{color:var(--red)}
.v-review{border-color:var(--amber);background:var(--amber-bg)}.v-review .eyebrow,.v-review h1{color:var(--amber)}
.v-clean{border-color:var(--green);background:var(--green-bg)}.v-clean .eyebrow,.v-clean h1{color:var(--green)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:0 1.5rem}
.warn{border-left:.3rem solid var(--red);padding:.3rem .8rem;background:var(--red-bg)}
.advice li{margin-bottom:.8rem}.advice p{margin:.2rem 0}
.card{border:1px solid var(--line);border-left:.4rem solid var(--line);border-radius:.4rem;padding:.8rem 1rem;margin:1rem 0;background:var(--bg)}
.card header{display:flex;flex-wrap:wrap;gap:.3rem .8rem;align-items:baseline}
.card .kind{font-weight:700}
.card time{color:var(--muted);font-size:1rem}
.card .msg{font-size:1.05rem;margin:.5rem 0;overflow-wrap:anywhere}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
.card dt{font-weight:700;color:var(--muted)}.card dd{margin:0;overflow-wrap:anywhere}
.card.flash{outline:.25rem solid var(--blue)}
.id{font-size:1rem}
.badge{display:inline-block;border-radius:.3rem;padding:0 .45rem;font-size:1rem;font-weight:700;color:#fff;background:#607d8b}
.lvl-critical.badge,.lvl-high.badge{background:var(--red)}.lvl-medium.badge{background:#c25e00}.lvl-low.badge{background:#8d6e00}
.card.lvl-critical,.card.lvl-high{border-left-color:var(--red)}.card.lvl-medium{border-left-color:#c25e00}.card.lvl-low{border-left-color:#8d6e00}
mark{background:#ffe066;color:inherit;padding:0 .1em}
table{border-collapse:collapse;width:100%;font-size:1rem}
th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid var(--line)}
.kv th{width:12rem;font-weight:600;color:var(--muted);overflow-wrap:anywhere}
.kv td{overflow-wrap:anywhere}
table.kv caption{text-align:left;font-weight:700;color:var(--muted);padding:.3rem 0}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.counts tr.has-alerts th{color:var(--red)}
.counts tfoot th,.counts tfoot td{font-weight:700;border-top:2px solid var(--fg)}
.scroll{overflow-x:auto}
.hash,.path{word-break:break-all}
ul.plain{list-style:none;padding:0;margin:.3rem 0}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600}
.warnings li{margin:.3rem 0;overflow-wrap:anywhere}
figure{margin:1rem 0}
#chart{width:100%;min-height:260px;touch-action:pan-y;user-select:none}
#chart svg{display:block;width:100%;height:auto}
#chart .bar{fill:#5c7cfa}
#chart .axis{stroke:#888}#chart .grid{stroke:#e4e4e4}
#chart text{fill:#444;font-size:16px;font-family:inherit}
#chart .marker{cursor:pointer}#chart .marker:focus{outline:none}#chart .marker:focus circle{stroke:#000;stroke-width:3}
#chart .brush{fill:rgba(11,87,208,.15);stroke:var(--blue)}
.controls{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:.6rem 0}
.controls button,.controls select,.controls input,fieldset.modules button{font:inherit;font-size:1rem;min-height:2.5rem;padding:.2rem .7rem;border:1px solid #999;border-radius:.3rem;background:#fff;color:inherit}
.controls button[aria-pressed=true]{background:var(--blue);color:#fff;border-color:var(--blue)}
.controls label{white-space:nowrap}
fieldset.modules{border:1px solid var(--line);border-radius:.4rem;margin:.6rem 0;padding:.4rem .8rem;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem}
fieldset.modules legend{font-weight:700}fieldset.modules legend button{min-height:2rem;margin-left:.3rem}
fieldset.modules label{display:inline-flex;gap:.35rem;align-items:center;min-height:2.2rem;font-size:1rem}
fieldset.modules input{width:1.2rem;height:1.2rem}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:1rem;color:var(--muted)}
.legend i{display:inline-block;width:.9rem;height:.9rem;border-radius:50%;vertical-align:-.1rem;margin-right:.3rem}
.legend .l-bar{border-radius:0;background:#5c7cfa}.legend .l-crit{background:#c62828}.legend .l-med{background:#ef6c00}.legend .l-low{background:#f9a825}.legend .l-info{background:#607d8b}
footer{margin:3rem 0 1rem;color:var(--muted);font-size:1rem;border-top:1px solid var(--line);padding-top:.6rem}
@media (max-width:40rem){
 main{padding:.6rem}
 h1{font-size:1.5rem}
 .cols{grid-template-columns:1fr}
 .verdict{padding:.8rem}
 .card dl{grid-template-columns:1fr}.card dd{margin-bottom:.3rem}
 .kv tr{display:block;border-bottom:1px solid var(--line);padding:.3rem 0}
 .kv th,.kv td{display:block;width:auto;border:0;padding:.05rem .3rem}
 .counts .where,.counts .slug{display:none}
 .counts th,.counts td{padding:.35rem .25rem}
 .counts{font-size:16px}
 .counts tbody th{overflow-wrap:anywhere;min-width:6.5rem}
 nav.toc b{width:100%}
}
@media print{
 html{font-size:11pt}
 main{max-width:none;padding:0}
 nav.toc,.controls,fieldset.modules,noscript{display:none}
 .verdict,.card,tr,figure{break-inside:avoid}
 h2,h3{break-after:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
 .scroll{overflow:visible}
}
`;
