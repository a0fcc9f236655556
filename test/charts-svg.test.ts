/**
 * The SVG charts (rendered without a browser): one colour and shape per planner in every
 * chart of a sweep, plans on one spot all visible (concentric symbols of distinct sizes),
 * the deadline drawn and the Pareto frontier named in the legend, and every point inside
 * the plot area (read back from the rendered SVG).
 */
import { describe, expect, it } from 'vitest';
import { overlapRanks, paddedDomain, paretoSpec, renderSvg, sweepCharts } from '../src/bench/charts.js';
import { computeMetrics } from '../src/bench/metrics-registry.js';
import { plannerStyles } from '../src/bench/planner-style.js';
import type { RunRow } from '../src/bench/run-row.js';

function row(dataset: string, planner: string, makespanMs: number, costUsd: number, deadlineMs: number | null = 1000): RunRow {
  return {
    version: 2,
    key: `${dataset}/${planner}`,
    hash: '0',
    inputs: { data: 'd', planner: 'p', project: 'x' },
    fingerprint: 'f',
    fastestMakespanMs: null,
    dataset,
    workflow: dataset,
    planner,
    params: {},
    sla: 'p90',
    deadline: deadlineMs === null ? null : '1.2x',
    seed: 1,
    tasks: 10,
    edges: 9,
    deadlineMs,
    state: 'done',
    result: { makespanMs, costUsd, gbSeconds: 1, workers: 1, coldStarts: 1, warmStarts: 0, bytesMoved: 0, planningMs: 1, claimsDeadline: false, deadlineMet: deadlineMs === null ? null : makespanMs <= deadlineMs, stats: {} },
    wallMs: 1,
    threads: 0,
    finishedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Each point mark of a rendered chart: planner, stroke colour, pixel position. */
function points(svg: string): { planner: string; stroke: string; x: number; y: number; d: string }[] {
  return [...svg.matchAll(/<path aria-label="([^"]*)"[^>]*aria-roledescription="point"[^>]*>/g)].map((m) => {
    const tag = m[0];
    const [, x, y] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(tag)!;
    return { planner: /planner: ([^;]+);/.exec(m[1]!)![1]!, stroke: /stroke="([^"]+)"/.exec(tag)![1]!, x: Number(x), y: Number(y), d: /\sd="([^"]+)"/.exec(tag)![1]! };
  });
}

describe('SVG charts', () => {
  it('draws a planner in the same colour in every chart, whichever planners share it', async () => {
    const rows = [row('a', 'uniform', 900, 3), row('a', 'wukong', 800, 2), row('b', 'wukong', 500, 1), row('b', 'best-then-downgrade', 600, 0.5)];
    const charts = await sweepCharts(computeMetrics(rows), ['uniform', 'wukong', 'best-then-downgrade']);
    const styles = plannerStyles(['uniform', 'wukong', 'best-then-downgrade'], ['uniform', 'wukong', 'best-then-downgrade']);
    const seen = new Map<string, Set<string>>();
    for (const chart of charts.filter((c) => c.name.startsWith('cost-vs-makespan'))) {
      for (const p of points(chart.svg)) seen.set(p.planner, (seen.get(p.planner) ?? new Set()).add(p.stroke));
    }
    expect([...seen.keys()].sort()).toEqual(['best-then-downgrade', 'uniform', 'wukong']);
    for (const s of styles) expect([...seen.get(s.label)!]).toEqual([s.colour]);
  });

  it('keeps plans on one spot visible as concentric symbols and names them in the tooltip', async () => {
    const rows = [row('a', 'uniform', 900, 3), row('a', 'wukong', 900, 3), row('a', 'best-then-downgrade', 900, 3), row('a', 'deadline-downgrade', 950, 1)];
    const ranks = overlapRanks(rows.map((r) => r.result!));
    expect(ranks.slice(0, 3).map((r) => r.cluster)).toEqual([0, 0, 0]);
    expect(ranks.slice(0, 3).map((r) => r.rank)).toEqual([0, 1, 2]);
    expect(ranks[3]!.cluster).not.toBe(0);
    const styles = plannerStyles(rows.map((r) => r.planner));
    const svg = await renderSvg(paretoSpec('t', rows.map((r) => ({ planner: r.planner, makespanMs: r.result!.makespanMs, costUsd: r.result!.costUsd })), { styles, deadlineMs: 1000 }));
    const drawn = points(svg).filter((p) => p.planner !== 'deadline-downgrade');
    expect(drawn).toHaveLength(3);
    expect(new Set(drawn.map((p) => `${p.x},${p.y}`)).size).toBe(1); // same spot...
    // ...but three symbols of three sizes: the extent of each path differs.
    const extent = (d: string) => Math.max(...(d.match(/-?[\d.]+/g) ?? []).map((v) => Math.abs(Number(v))));
    expect(new Set(drawn.map((p) => extent(p.d).toFixed(2))).size).toBe(3);
    expect(svg).toMatch(/planner: uniform;[^"]*same spot as: wukong, best-then-downgrade/);
  });

  it('draws the deadline, names the Pareto frontier and the deadline in the legend, and keeps every point inside the axes', async () => {
    // Points at the extremes (the WfCommons charts clipped the right-most ones).
    const rows = [row('a', 'uniform', 25_100, 0.07, 30_000), row('a', 'wukong', 21_050, 0.0101, 30_000), row('a', 'best-then-downgrade', 21_400, 0.012, 30_000)];
    const styles = plannerStyles(rows.map((r) => r.planner));
    const width = 420;
    const height = 300;
    const svg = await renderSvg(paretoSpec('wide', rows.map((r) => ({ planner: r.planner, makespanMs: r.result!.makespanMs, costUsd: r.result!.costUsd })), { styles, deadlineMs: 30_000, width, height }));
    const legend = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(legend).toContain('Pareto frontier');
    expect(legend).toContain('deadline');
    expect(svg).toContain('aria-roledescription="rule mark"');
    // The deadline rule: red, at x = 30,000 ms inside the plot.
    const rule = /<line[^>]*aria-roledescription="rule mark"[^>]*>/.exec(svg)?.[0] ?? '';
    expect(rule).toContain('stroke="#d62728"');
    const ruleX = Number(/translate\(([-\d.]+),/.exec(rule)![1]);
    expect(ruleX).toBeGreaterThan(0);
    expect(ruleX).toBeLessThan(width);
    for (const p of points(svg)) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(width);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(height);
    }
    const [lo, hi] = paddedDomain([21_050, 30_000]);
    expect(lo).toBeLessThan(21_050);
    expect(hi).toBeGreaterThan(30_000);
  });
});
