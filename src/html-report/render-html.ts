/**
 * Assembles the self-contained `report.html`: styles, the page's script (bundled from
 * `browser/` by esbuild: `bundle-page-script.ts`), vega's browser build (the charts), the
 * elkjs API and its worker source (the DAG layout, run in a Web Worker from a Blob URL),
 * and the data as inline JSON. Nothing is fetched: the file opens from the file system
 * with no network access.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pageScript } from './bundle-page-script.js';
import type { ReportData } from './report-data.js';
import { REPORT_CSS } from './report-css.js';

const require = createRequire(import.meta.url);

function vendorFile(specifier: string, relative: string): string {
  const entry = require.resolve(specifier);
  let dir = dirname(entry);
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return readFileSync(join(dir, relative), 'utf8');
}

/** Text safe inside `<script>`: `</script` cannot occur in a JSON string with `<` escaped. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function inlineScript(code: string): string {
  return code.replace(/<\/script/gi, '<\\/script');
}

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function renderHtml(data: ReportData): string {
  const vega = vendorFile('vega', 'build/vega.min.js');
  const elkApi = vendorFile('elkjs', 'lib/elk-api.js');
  const elkWorker = vendorFile('elkjs', 'lib/elk-worker.min.js');
  const title = `Slackline sweep report: ${data.instances.length} instance(s), ${data.planners.length} planner setting(s)`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<header>
  <h1>Slackline sweep report</h1>
  <nav><a href="#overview">Overview</a><a href="#instance">Instance</a><a href="#planning">Planning time</a><a href="#replay">Replay</a></nav>
  <p id="generated" class="note"></p>
</header>
<main>
<section id="overview">
  <h2>Sweep overview</h2>
  <div id="provenance"></div>
  <h3>By planner</h3>
  <p class="caption">One line per planner setting over every instance of the sweep: makespan / fastest is the geometric mean of its makespan over the fastest makespan of each instance (every worker of the default assignment at its fastest size, the base a deadline factor multiplies; 1 = as fast as that plan); the saving is against <code>uniform largest</code>.</p>
  <div id="planner-index"></div>
  <h3>By instance</h3>
  <p class="caption">One card per instance (dataset x workflow x SLA x deadline); a click opens its cost vs makespan chart, DAG and Gantt chart below.</p>
  <div id="instance-index"></div>
  <h3>Every run</h3>
  <p class="caption">Means over seeds. Click a column to sort (again to reverse; missing values stay last), type to filter, click a line to open its instance. Column titles say what each metric is and which direction is better.</p>
  <p><input id="summary-filter" type="search" placeholder="filter: dataset, planner, state..." size="40"> <span id="summary-count" class="note"></span></p>
  <div class="table-scroll"><table id="summary-table" class="data sortable"></table></div>
</section>
<section id="instance">
  <h2>Instance: <span id="instance-title"></span></h2>
  <p class="controls"><label>instance <select id="instance-select"></select></label> <label>plan drawn <select id="plan-select"></select></label></p>
  <div id="without-plan"></div>
  <div class="row">
    <figure class="chart-box fixed">
      <div id="pareto" class="chart"></div>
      <figcaption>Cost vs makespan of every plan of this instance (each seed a point). Lower left is better; the dashed grey step line is the Pareto frontier (plans no other plan beats on both), the red line the deadline. Plans on the same spot are drawn as concentric hollow symbols, largest first, so none hides another; the tooltip names the planners sharing a spot.</figcaption>
    </figure>
    <figure class="chart-box grow">
      <div class="dag-tools"><span id="plan-facts" class="note"></span> <button id="dag-fit" type="button">fit</button></div>
      <div id="dag" class="dag-box"></div>
      <div id="dag-legend" class="legend"></div>
      <figcaption>The DAG under the chosen plan, laid out in layers by elkjs (data flows left to right, or top to bottom when that fits the box better). Fill: the memory of the task's worker (light = small, dark = large); red: one critical path (its tasks and edges); grey outline: tasks that share a worker (the band follows the edges that stay on it, where data passes locally). Hover a task for its predicted times, slack and its execution time and cost at every memory level (the chosen level shaded); hovering also outlines its worker's tasks. <span id="dag-caption-size"></span> Wheel to zoom, drag to pan, double-click or "fit" to see all.</figcaption>
    </figure>
  </div>
  <figure class="chart-box">
    <div id="gantt" class="gantt-box"></div>
    <div id="gantt-legend" class="legend"></div>
    <figcaption>Gantt chart of the chosen plan's simulated run: one row per worker (label: worker and memory), ordered by first start; tasks of a worker that run at the same time get lanes of its row. Each task is drawn as its worker start, input downloads, execution and output upload; tasks of the critical path are outlined in red. Times are the timing model's earliest starts (no queueing: every ready task starts at once).</figcaption>
  </figure>
</section>
<section id="planning">
  <h2>Planning time vs DAG size</h2>
  <figure class="chart-box">
    <div id="planning-time" class="chart"></div>
    <figcaption>Time inside each planner's <code>plan()</code> (mean over the runs of one size) against the workflow's task count, both axes logarithmic; each line is a power-law fit t = a n<sup>b</sup> per planner, so its slope is the exponent b. Times below 1 µs are drawn at 1 µs.</figcaption>
  </figure>
</section>
<section id="replay">
  <h2>Replay: model vs recorded makespan</h2>
  <div class="row">
    <figure class="chart-box fixed">
      <div id="replay-chart" class="chart"></div>
      <figcaption>Every recorded run of the sweep's datasets: x its recorded makespan, y what the model gives for the run's own plan, both logarithmic; on the dashed diagonal the model equals the record. Circles: leave-one-run-out prediction (predictor fitted on the other runs); squares: critical path of the run's recorded durations with unlimited workers (its gap to the diagonal is platform overhead and queueing the model does not contain). Vertical bars, when present: the 5-95 % interval of the predicted makespan distribution.</figcaption>
    </figure>
    <div id="replay-notes" class="grow"></div>
  </div>
</section>
</main>
<div id="tooltip" hidden></div>
<script id="report-data" type="application/json">${inlineJson(data)}</script>
<script id="elk-worker-source" type="application/json">${inlineJson(elkWorker)}</script>
<script>${inlineScript(vega)}</script>
<script>${inlineScript(elkApi)}</script>
<script>${inlineScript(pageScript())}</script>
</body>
</html>
`;
}
