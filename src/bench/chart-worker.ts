/**
 * The chart thread: imports vega and vega-lite once (half a second, overlapping the sweep
 * when started with it) and turns each posted vega-lite spec into SVG
 * (`chart-renderer.ts` drives it).
 */
import { parentPort } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './charts.js';

export interface ChartRequest {
  readonly id: number;
  readonly spec: TopLevelSpec;
}

export type ChartAnswer = { readonly id: number; readonly svg: string } | { readonly id: number; readonly error: string };

// Load the libraries before the first request arrives.
await Promise.all([import('vega'), import('vega-lite')]);
parentPort!.on('message', (request: ChartRequest) => {
  renderSvg(request.spec).then(
    (svg) => parentPort!.postMessage({ id: request.id, svg } satisfies ChartAnswer),
    (error: unknown) => parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ChartAnswer),
  );
});
