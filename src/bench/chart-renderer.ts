/**
 * Charts off the main thread, each spec drawn once: a `ChartRenderer` starts its thread
 * (`chart-worker.ts`) at once, so importing vega overlaps the sweep, and keeps every SVG in
 * a cache folder under the name of its spec's SHA-256: a rerun whose results did not
 * change draws nothing. It also compiles the HTML report's vega-lite specs to vega there,
 * so the main thread never loads vega-lite. Falls back to this thread if the thread fails.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import { workerModule } from '../util/worker-module.js';
import type { ChartAnswer } from './chart-worker.js';
import { compileVegaLite, renderSvg, type RenderChart } from './charts.js';

export interface ChartRenderer {
  readonly render: RenderChart;
  /** The vega spec of a vega-lite spec (for the HTML report), compiled on the chart thread. */
  readonly compile: (spec: TopLevelSpec) => Promise<unknown>;
  close(): Promise<void>;
}

const WORKER = workerModule(import.meta.url, './chart-worker.js');

export function startChartRenderer(cacheDir: string): ChartRenderer {
  const worker = new Worker(new URL(WORKER.filename), { execArgv: WORKER.execArgv });
  worker.unref();
  const waiting = new Map<number, { resolve: (answer: string | unknown) => void; reject: (error: Error) => void }>();
  let broken: Error | undefined;
  let next = 0;
  worker.on('message', (answer: ChartAnswer) => {
    const entry = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ('svg' in answer) entry?.resolve(answer.svg);
    else if ('vega' in answer) entry?.resolve(answer.vega);
    else entry?.reject(new Error(`slackline/bench: chart: ${answer.error}`));
  });
  const fail = (error: Error) => {
    broken = error;
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  };
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('slackline/bench: the chart thread exited')));

  const inThread = <T>(spec: TopLevelSpec, want: 'svg' | 'vega') =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (answer: unknown) => void, reject });
      worker.ref();
      worker.postMessage({ id, spec, want });
    }).finally(() => {
      if (waiting.size === 0) worker.unref();
    });

  return {
    async render(spec) {
      const file = join(cacheDir, `${createHash('sha256').update(JSON.stringify(spec)).digest('hex')}.svg`);
      try {
        return readFileSync(file, 'utf8');
      } catch {
        // not drawn yet
      }
      const svg = broken === undefined ? await inThread<string>(spec, 'svg').catch(() => renderSvg(spec)) : await renderSvg(spec);
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(file, svg);
      return svg;
    },
    compile(spec) {
      return broken === undefined ? inThread<unknown>(spec, 'vega').catch(() => compileVegaLite(spec)) : compileVegaLite(spec);
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
