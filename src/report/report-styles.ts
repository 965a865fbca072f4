/**
 * The inline stylesheet of every phoneset HTML page: system fonts, a light palette with
 * AA-contrast text, and the chart classes the SVG renderers use. No external fetch.
 *
 * @example
 * `<style>${REPORT_STYLES}</style>`
 */
export const REPORT_STYLES = `
:root{--ink:#1d2433;--muted:#5a6476;--line:#dde2ea;--bg:#f5f7fa;--card:#fff;--accent:#2f5fb3;
--pass:#1c7c4a;--pass-bg:#e3f4ea;--fail:#b42318;--fail-bg:#fdecea;--warn:#9a5b00;--warn-bg:#fff4df;
--s0:#2f5fb3;--s1:#1c7c4a;--s2:#8a4fbf;--s3:#c2570c;--s4:#0f7c8c}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px 24px 48px}
a{color:var(--accent)}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 12px}h3{font-size:15px;margin:0 0 8px}
.muted{color:var(--muted)}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;margin:0 0 18px}
.header{display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.header__text{flex:1 1 320px}
.grade{width:96px;height:96px;border-radius:50%;display:flex;flex-direction:column;align-items:center;justify-content:center;color:#fff;font-weight:700;flex:none}
.grade__letter{font-size:44px;line-height:1}.grade__caption{font-size:11px;letter-spacing:.08em;text-transform:uppercase;opacity:.9}
.grade--A{background:#1c7c4a}.grade--B{background:#3f7d20}.grade--C{background:#9a5b00}.grade--D{background:#c2410c}.grade--F{background:#b42318}
.pill{display:inline-block;padding:2px 10px;border-radius:999px;font-size:13px;font-weight:600}
.pill--pass{background:var(--pass-bg);color:var(--pass)}.pill--fail{background:var(--fail-bg);color:var(--fail)}.pill--warn{background:var(--warn-bg);color:var(--warn)}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:0}
.stat{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.stat dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}.stat dd{margin:2px 0 0;font-size:20px;font-weight:650}
.gauges{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:8px}
.gauge{margin:0;text-align:center}
.gauge svg{display:block;margin:0 auto}
.gauge__track{fill:none;stroke:#e6e9ef;stroke-width:14;stroke-linecap:butt}
.gauge__value{fill:none;stroke-width:14;stroke-linecap:butt}
.gauge--pass .gauge__value{stroke:var(--pass)}.gauge--fail .gauge__value{stroke:var(--fail)}
.gauge__threshold{stroke:var(--ink);stroke-width:2.5}
.gauge__end{font-size:10px;fill:var(--muted);text-anchor:middle}
.gauge__number{font-size:19px;font-weight:700;text-anchor:middle;fill:var(--ink)}
.gauge figcaption{display:flex;flex-direction:column;font-size:13px}
.gauge__label{font-weight:650}.gauge--fail .gauge__status{color:var(--fail)}.gauge--pass .gauge__status{color:var(--pass)}.gauge__status{color:var(--muted)}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:18px}
.chart{margin:0}.chart figcaption{font-weight:650;margin-bottom:6px}
.chart svg{display:block;overflow:visible}
.bar__label{font-size:12.5px;text-anchor:end;fill:var(--ink)}.bar__value{font-size:12px;fill:var(--muted)}
.bar__rect{fill:var(--accent)}.chart--warn .bar__rect{fill:#c2570c}
.chart__empty{font-size:13px;fill:var(--muted);text-anchor:middle}
.line__grid{stroke:#e6e9ef}.line__axis{font-size:11.5px;fill:var(--muted)}.line__axis--y{text-anchor:end}.line__axis--x{text-anchor:middle}
.line__path{fill:none;stroke-width:2.2}
.series-0{--c:var(--s0)}.series-1{--c:var(--s1)}.series-2{--c:var(--s2)}.series-3{--c:var(--s3)}.series-4{--c:var(--s4)}
.series .line__path{stroke:var(--c)}.series circle{fill:var(--c)}
.legend{display:flex;flex-wrap:wrap;gap:14px;list-style:none;padding:0;margin:8px 0 0;font-size:13px}
.legend__swatch{display:inline-block;width:14px;height:4px;border-radius:2px;background:var(--c);margin-right:6px;vertical-align:middle}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{text-align:left;padding:8px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:650}
tbody th{text-transform:none;letter-spacing:0;font-size:14px;color:var(--ink)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.row--fail td:first-child{box-shadow:inset 3px 0 0 var(--fail)}tr.row--warn td:first-child{box-shadow:inset 3px 0 0 var(--warn)}
code{font:13px ui-monospace,SFMono-Regular,Menlo,"DejaVu Sans Mono",monospace;background:#f0f2f6;border-radius:4px;padding:1px 4px}
details{border:1px solid var(--line);border-radius:8px;padding:8px 12px;margin:8px 0}
summary{cursor:pointer;font-weight:600}
.ids{font:12.5px ui-monospace,SFMono-Regular,Menlo,"DejaVu Sans Mono",monospace;word-break:break-all;line-height:1.7;margin:8px 0 0;max-height:320px;overflow:auto}
.failing{scroll-margin-top:12px}
.findings{margin:8px 0 0;padding-left:20px}
footer{color:var(--muted);font-size:12.5px;margin-top:24px}
@media print{body{background:#fff}.card{break-inside:avoid}}
`;
