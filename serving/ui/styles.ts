/**
 * Zicht's own stylesheet on top of the Utrecht design system: layout, the map and its bands,
 * focus rings, the phone layout (nothing wider than the screen) and the print layout (date,
 * version, verdict and caveat on paper). Served fingerprinted and compressed (`static.ts`).
 */
import { paletteCss } from './palette.ts';

const SCREEN = `
body{margin:0}
.zicht-main{box-sizing:border-box;width:100%;padding:1.5rem;max-width:80rem;margin:0 auto;overflow-wrap:break-word}
.utrecht-table__cell--numeric-data,.utrecht-table__header-cell--numeric-column,.utrecht-status-badge,.zicht-band{white-space:nowrap}
.utrecht-table__header-cell{overflow-wrap:normal;hyphens:manual}
.zicht-main ul.utrecht-unordered-list{--utrecht-unordered-list-marker-color:currentColor}
.zicht-main ul.utrecht-unordered-list li::marker{color:currentColor}
.zicht-main .utrecht-form-field{margin-block-end:1rem}
.zicht-main h2{margin-top:1.75rem}
.zicht-main .utrecht-paragraph{margin-block:0.5rem 0.75rem}
.zicht-main form,.zicht-main .utrecht-alert{margin-block:1rem}
.zicht-header{background:var(--zicht-header-background);color:#fff;padding:0.75rem 1.5rem;display:flex;flex-wrap:wrap;gap:0.5rem 1rem;align-items:center;justify-content:space-between}
.zicht-header a{color:#fff}
.zicht-header .zicht-brand{font-weight:700;font-size:1.25rem;text-decoration:none}
.zicht-nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:0.5rem 1.25rem;margin:0;padding:0}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--zicht-focus);outline-offset:2px;box-shadow:0 0 0 5px var(--zicht-focus-on-dark)}
.zicht-header a:focus-visible{outline-color:var(--zicht-focus-on-dark);box-shadow:0 0 0 5px var(--zicht-focus)}
.zicht-footer{padding:1rem 1.5rem;border-top:1px solid #ccc;background:#f3f3f3;color:#222;font-size:0.9rem}
.zicht-summary{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:0.5rem 2rem;align-items:center}
.zicht-summary>div{display:contents}.zicht-summary dt{font-weight:700}.zicht-summary dd{margin:0}
.utrecht-status-badge--success{background:#2e6b30;color:#fff}.utrecht-status-badge--active{background:#00527a;color:#fff}
.utrecht-status-badge--danger{background:#a4001f;color:#fff}.utrecht-status-badge--neutral{background:#e0e0e0;color:#000}
.utrecht-status-badge--inactive{background:#595959;color:#fff}.utrecht-status-badge--warning{background:#ffd24d;color:#000}
.zicht-columns{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:2rem;align-items:start}
@media (max-width:60rem){.zicht-columns{grid-template-columns:minmax(0,1fr)}}
.zicht-scroll{overflow-x:auto;max-width:100%}
.zicht-map{display:block;width:100%;height:auto;max-width:44rem;border:1px solid #767676;background:var(--zicht-map-background)}
.zicht-area path{stroke:var(--zicht-boundary);stroke-width:2px;stroke-linejoin:round}
.zicht-area:hover path,.zicht-area:focus path,.zicht-area.is-linked path{stroke:var(--zicht-focus);stroke-width:3px}
.zicht-area:focus-visible{outline:none}
.zicht-marker circle{fill:#fff;stroke:#000;stroke-width:1.5px}
.zicht-marker text{fill:#000;font-size:11px;font-weight:700;font-family:system-ui,sans-serif}
.zicht-area:hover .zicht-marker circle,.zicht-area:focus .zicht-marker circle,.zicht-area.is-linked .zicht-marker circle{fill:#000;stroke:#fff;stroke-width:2.5px}
.zicht-area:hover .zicht-marker text,.zicht-area:focus .zicht-marker text,.zicht-area.is-linked .zicht-marker text{fill:#fff}
.zicht-fill-hoog{fill:var(--zicht-band-hoog)}.zicht-fill-verhoogd{fill:var(--zicht-band-verhoogd)}
.zicht-fill-gemiddeld{fill:var(--zicht-band-gemiddeld)}.zicht-fill-laag{fill:var(--zicht-band-laag)}
.zicht-fill-suppressed{fill:var(--zicht-suppressed)}
.zicht-ink{stroke:var(--zicht-pattern-ink);fill:none}.zicht-ink-dot{fill:var(--zicht-pattern-ink)}
.zicht-ink-suppressed{stroke:var(--zicht-suppressed-ink);fill:none}
#ranking tr.is-linked,#ranking tr:hover,#ranking tr:focus-within{background:var(--zicht-linked)}
.zicht-legend ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:0.5rem 1rem}
.zicht-legend li{display:flex;gap:0.4rem;align-items:center}
.zicht-legend figcaption{margin:0.5rem 0}
.zicht-legend svg{border:1px solid #000}
.zicht-band{display:inline-block;padding:0 0.4rem;border-radius:3px;white-space:nowrap}
.zicht-band--hoog{background:var(--zicht-band-hoog);color:var(--zicht-band-hoog-text)}
.zicht-band--verhoogd{background:var(--zicht-band-verhoogd);color:var(--zicht-band-verhoogd-text)}
.zicht-band--gemiddeld{background:var(--zicht-band-gemiddeld);color:var(--zicht-band-gemiddeld-text)}
.zicht-band--laag{background:var(--zicht-band-laag);color:var(--zicht-band-laag-text)}
.zicht-caveat{font-weight:600}
.zicht-meaning{font-size:1.1rem;max-width:48rem}
.zicht-verdict{border-left:6px solid #595959;padding:0.4rem 0.8rem;background:#f3f3f3;max-width:48rem}
.zicht-verdict--beats-baselines{border-color:#2e6b30}.zicht-verdict--no-better-than-baseline{border-color:#a4001f;background:#fde7e9}
.zicht-verdict--insufficient-evidence{border-color:#8a5a00;background:#fff4ce}
.zicht-reasons ul{list-style:disc}
.zicht-chart{display:block;width:100%;height:auto;max-width:40rem}
.zicht-waterfall{display:block;width:100%;height:auto;max-width:52rem}
.zicht-compare td,.zicht-compare th{vertical-align:top}
.zicht-compare .zicht-differs{background:#fff4ce}
.zicht-inline-form{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-end}
.zicht-user{font-size:0.9rem;margin:0}
.zicht-guide pre{white-space:pre-wrap}
.zicht-main textarea,.zicht-main select,.zicht-main input{max-width:100%;box-sizing:border-box}
.zicht-main textarea{width:100%}
progress{width:10rem;max-width:100%;height:1rem}
.zicht-message{border:2px solid #595959;border-left-width:8px;padding:1rem 1.5rem;max-width:44rem;background:#f7f7f7}
.zicht-message .zicht-status{font-size:2.5rem;font-weight:700;margin:0;color:#595959}
.zicht-message--error{border-color:#a4001f}
.zicht-print-meta{display:none}
.zicht-card h1{font-size:1.7rem}.zicht-card h2{border-bottom:2px solid #00527a;padding-bottom:0.2rem;margin-top:2rem}
.zicht-card .card-table{overflow-x:auto;max-width:100%}
.zicht-card table{border-collapse:collapse;width:100%;font-size:0.9rem}
.zicht-card th,.zicht-card td{border-bottom:1px solid #ddd;padding:0.25rem 0.5rem;text-align:left;vertical-align:top}
.zicht-card tbody th{width:40%;font-weight:600}
.zicht-card figure{display:inline-block;margin:0.5rem 1rem 0.5rem 0;max-width:100%}
.zicht-card figcaption{font-size:0.85rem;color:#444}.zicht-card svg{max-width:100%;height:auto}
.zicht-card .banner{background:#fff4ce;border:2px solid #a4001f;padding:0.6rem 1rem;font-weight:700}
.zicht-card .missing{background:#fde7e9;border-left:4px solid #a4001f;padding:0.5rem 1rem}
.zicht-card .complete{background:#e6f4ea;border-left:4px solid #2e6b30;padding:0.5rem 1rem}
.zicht-card .verdict{font-size:1.15rem;padding:0.6rem 1rem;border-left:6px solid}
.zicht-card .verdict--beats-baselines{border-color:#2e6b30;background:#e6f4ea}
.zicht-card .verdict--no-better-than-baseline{border-color:#a4001f;background:#fde7e9}
.zicht-card .verdict--insufficient-evidence{border-color:#8a5a00;background:#fff4ce}
@media (max-width:40rem){
.zicht-main{padding:1rem}
.zicht-header{padding:0.75rem 1rem}
.zicht-summary{grid-template-columns:minmax(0,1fr);gap:0.25rem}
.zicht-summary dd{margin-bottom:0.5rem}
.zicht-card tbody th{width:auto}
}
`;

const PRINT = `
@media print{
@page{margin:1.5cm}
body{font-size:10.5pt;color:#000;background:#fff}
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
.zicht-header nav,.zicht-user,.utrecht-skip-link,.zicht-skip,form,.zicht-no-print,.zicht-footer{display:none!important}
.zicht-header{background:#fff;color:#000;padding:0;border-bottom:2px solid #000}
.zicht-header a{color:#000;text-decoration:none}
.zicht-main{padding:0;max-width:none}
.zicht-print-meta{display:block;border:2px solid #000;padding:0.4rem 0.8rem;margin-bottom:0.8rem}
.zicht-print-meta p{margin:0.1rem 0}
.zicht-columns{display:block}
.zicht-map{max-width:16cm;border-color:#000}
#ranking tr,.zicht-card section{break-inside:avoid}
a{color:#000}
details{display:none}
}
`;

/** The whole stylesheet. */
export function zichtCss(): string {
  return `${paletteCss()}${SCREEN}${PRINT}`;
}
