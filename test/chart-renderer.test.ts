/**
 * The chart thread (`chart-renderer.ts` + `chart-worker.ts`): an SVG drawn there is the SVG
 * drawn in this thread, and cached by spec; a vega-lite spec compiled there is what
 * vega-lite compiles here; compiles are answered before SVGs that were waiting (the HTML
 * report waits on them, the SVGs are awaited last).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { startChartRenderer } from '../src/bench/chart-renderer.js';
import { renderSvg } from '../src/bench/charts.js';
import { tempDir } from './support/temp-dir.js';

const cacheDir = join(tempDir('chart-renderer'), 'cache');
const renderer = startChartRenderer(cacheDir);
afterAll(() => renderer.close());

function scatter(n: number): TopLevelSpec {
  return {
    width: 200,
    height: 120,
    data: { values: Array.from({ length: n }, (_, i) => ({ x: i, y: (i * 7919) % 97 })) },
    mark: 'point',
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  };
}

describe('chart thread', () => {
  it('draws the SVG this thread draws, and keeps it under its spec hash', async () => {
    const spec = scatter(20);
    const svg = await renderer.render(spec);
    expect(svg).toBe(await renderSvg(spec));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.svg'))).toHaveLength(1);
    expect(await renderer.render(spec)).toBe(svg);
  });

  it('compiles a spec to the vega spec vega-lite gives here', async () => {
    const spec = scatter(5);
    expect(await renderer.compile(spec)).toEqual(compile(spec).spec);
  });

  it('answers a compile before the SVGs posted ahead of it that are still waiting', async () => {
    const finished: string[] = [];
    const svgs = Array.from({ length: 6 }, (_, i) => renderer.render(scatter(400 + i)).then(() => finished.push(`svg${i}`)));
    const compiled = renderer.compile(scatter(3)).then(() => finished.push('compile'));
    await Promise.all([...svgs, compiled]);
    // The first SVG may be drawing when the compile arrives; every later one waits behind it.
    expect(finished.indexOf('compile')).toBeLessThanOrEqual(1);
    expect(finished).toHaveLength(7);
    expect(existsSync(cacheDir)).toBe(true);
  });
});
