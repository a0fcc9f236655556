/** The report's styles (inlined into the page). */
export const REPORT_CSS = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 14px; color: var(--fg); }
body { margin: 0; }
header { padding: 12px 24px 4px; border-bottom: 1px solid var(--line); background: #fff; }
header h1 { font-size: 20px; margin: 0 16px 0 0; display: inline-block; }
nav { display: inline-block; }
nav a { margin-right: 14px; color: #0969da; text-decoration: none; }
main { padding: 0 24px 40px; max-width: 1500px; }
section { padding-top: 8px; border-bottom: 1px solid var(--line); padding-bottom: 16px; }
h2 { font-size: 18px; margin: 18px 0 8px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
.note { color: var(--muted); }
.caption, figcaption { color: var(--muted); font-size: 12.5px; line-height: 1.45; max-width: 75em; margin: 4px 0 8px; }
figure { margin: 0; }
.row { display: flex; gap: 20px; align-items: flex-start; flex-wrap: wrap; }
.grow { flex: 1 1 560px; min-width: 0; }
.chart-box.fixed { flex: 0 0 auto; width: 560px; }
.chart-box { padding: 8px; border: 1px solid var(--line); border-radius: 6px; margin-top: 8px; background: #fff; }
.chart { min-height: 200px; }
table.data { border-collapse: collapse; font-size: 12.5px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; white-space: nowrap; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data thead th { background: var(--bg-alt); position: sticky; top: 0; }
table.sortable th { cursor: pointer; user-select: none; }
table.sortable th[aria-sort="ascending"]::after { content: " \\25B2"; }
table.sortable th[aria-sort="descending"]::after { content: " \\25BC"; }
table.sortable tbody tr { cursor: pointer; }
table.data tbody tr:hover { background: #fff8c5; }
.table-scroll { max-height: 480px; overflow: auto; border: 1px solid var(--line); border-radius: 6px; }
i.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 6px; vertical-align: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { display: flex; flex-direction: column; gap: 2px; width: 270px; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px; text-decoration: none; color: var(--fg); font-size: 12px; }
.card:hover { border-color: #0969da; background: #f0f6ff; }
.card b { font-size: 12.5px; }
dl.provenance { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; font-size: 12.5px; margin: 6px 0; }
dl.provenance dt { color: var(--muted); }
dl.provenance dd { margin: 0; word-break: break-all; }
dl.provenance pre { max-height: 240px; overflow: auto; background: var(--bg-alt); padding: 6px; }
.controls label { margin-right: 18px; }
select { font-size: 13px; padding: 2px 4px; max-width: 560px; }
.dag-tools { display: flex; justify-content: space-between; align-items: center; gap: 8px; font-size: 12.5px; }
.dag-box { height: 480px; border: 1px solid var(--line); border-radius: 4px; margin-top: 4px; background: #fcfcfc; overflow: hidden; }
svg.dag { width: 100%; height: 100%; cursor: grab; display: block; }
svg.dag text { font-size: 11px; fill: #1f2328; pointer-events: none; }
svg.dag text.on-dark { fill: #fff; }
svg.dag .task { cursor: pointer; }
svg.dag .task.same-worker rect { stroke: #0969da; stroke-width: 3; }
.gantt-box { max-height: 560px; overflow: auto; }
svg.gantt text { font-size: 11px; fill: #333; }
svg.gantt .axis-title { fill: var(--muted); }
svg.gantt .line-label { font-weight: 600; }
svg.gantt .task:hover rect.seg { opacity: 0.7; }
.placeholder { padding: 40px; color: var(--muted); text-align: center; }
.placeholder.error { color: #d62728; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 6px 0 0; align-items: center; }
.legend-title { color: var(--muted); }
.swatch { color: var(--muted); }
.swatch.used { color: var(--fg); font-weight: 600; }
.swatch i { display: inline-block; width: 14px; height: 11px; border: 1px solid #555; margin-right: 4px; vertical-align: -1px; }
.swatch i.crit { background: #fff; border: 2.5px solid #d62728; }
.swatch i.band { background: #ececec; border: 1.5px solid #6b6b6b; border-radius: 5px; }
.swatch i.crit-outline { background: #6b6ecf; border: 2px solid #d62728; }
.swatch i.line-black { width: 2px; background: #222; border: 0; height: 13px; }
.swatch i.line-red { width: 0; border: 0; border-left: 2px dashed #d62728; height: 13px; }
#tooltip { position: fixed; z-index: 20; background: #fff; border: 1px solid #999; border-radius: 6px; box-shadow: 0 4px 14px rgba(0,0,0,.15); padding: 8px 10px; font-size: 12px; pointer-events: none; max-width: 320px; }
.tip-title { font-weight: 600; margin-bottom: 4px; word-break: break-all; }
table.kv th { text-align: left; color: var(--muted); font-weight: normal; padding: 0 10px 0 0; vertical-align: top; white-space: nowrap; }
table.kv td { padding: 0; font-variant-numeric: tabular-nums; }
.pt { margin-top: 6px; border-top: 1px solid var(--line); padding-top: 4px; }
.pt-title { color: var(--muted); font-size: 11px; }
svg.power-tuning text { font-size: 10px; fill: #555; }
svg.power-tuning text.chosen { font-weight: 700; fill: #1f2328; }
code { background: var(--bg-alt); padding: 0 3px; border-radius: 3px; }
`;
