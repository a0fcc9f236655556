/**
 * The chart thread: imports vega and vega-lite once (half a second, overlapping the sweep
 * when started with it) and answers two requests (`chart-renderer.ts` drives it): a
 * vega-lite spec to SVG (`results/charts/`), and a vega-lite spec compiled to the vega spec
 * the HTML report draws in the browser. Compiles are answered before waiting SVGs: the
 * report, built in the main thread at the same time, waits on them; the SVGs are only
 * awaited at the very end.
 */
import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './charts.js';

export interface ChartRequest {
  readonly id: number;
  readonly spec: TopLevelSpec;
  /** `svg` (the default): draw it; `vega`: compile it only. */
  readonly want?: 'svg' | 'vega';
}

export type ChartAnswer = { readonly id: number; readonly svg: string } | { readonly id: number; readonly vega: unknown } | { readonly id: number; readonly error: string };

// Load the libraries before the first request arrives.
const [, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);

const compiles: ChartRequest[] = [];
const drawings: ChartRequest[] = [];
let busy = false;

async function answer(request: ChartRequest): Promise<ChartAnswer> {
  try {
    if (request.want === 'vega') return { id: request.id, vega: compile(request.spec).spec };
    return { id: request.id, svg: await renderSvg(request.spec) };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

async function drain(): Promise<void> {
  busy = true;
  for (let next = compiles.shift() ?? drawings.shift(); next !== undefined; next = compiles.shift() ?? drawings.shift()) {
    parentPort!.postMessage(await answer(next));
    // A turn of the event loop, so that requests posted meanwhile (compiles) are queued before the next pick.
    await new Promise((resolve) => setImmediate(resolve));
  }
  busy = false;
}

parentPort!.on('message', (request: ChartRequest) => {
  (request.want === 'vega' ? compiles : drawings).push(request);
  if (!busy) void drain();
});
