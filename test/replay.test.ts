/**
 * Replay: on synthetic data (recorded by the same timing model) the critical path of the
 * recorded times must equal the recorded makespan; leave-one-out needs two runs and says so
 * otherwise; funcs missing from the other runs are named; a stretched recorded makespan
 * shows up as a gap and as a predicted critical path that is too short.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closeRedis } from '../src/metrics/redis/connect.js';
import { keyLayout } from '../src/metrics/redis/key-layout.js';
import { writeDataset } from '../src/metrics/redis/write-dataset.js';
import { withRedis } from './support/redis-server.js';
import { replayMarkdown, replaySnapshot, type LooReplay, type RunReplay } from '../src/bench/replay.js';
import { main } from '../src/cli/main.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { resolveDataset } from '../src/dataset/registry.js';
import type { RecordedRun } from '../src/dataset/types.js';

const tmp = mkdtempSync(join(tmpdir(), 'slackline-replay-'));
const redis = await withRedis('replay');
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await redis?.stop();
});

const loo = (r: RunReplay): LooReplay => {
  if ('unavailable' in r.loo) throw new Error(`no LOO for ${r.dagId}: ${r.loo.unavailable}`);
  return r.loo;
};

describe('replay', () => {
  it('on synthetic runs, the recorded-times critical path equals the recorded makespan, and LOO predictions are close', () => {
    const dataset = loadDataset(resolveDataset('fan-out-fan-in-32'));
    const report = replaySnapshot('fan-out-fan-in-32', dataset);
    expect(report.runs).toHaveLength(dataset.runs.length);
    for (const run of report.runs) {
      expect(Math.abs(run.recordedCriticalPathMs - run.recordedMakespanMs)).toBeLessThan(1e-6 * run.recordedMakespanMs);
      expect(run.tasksWithoutRecord).toBe(0);
      const l = loo(run);
      expect(l.tasksCompared).toBe(run.tasks);
      expect(l.funcsLackingData).toEqual([]);
      // Predicted from the other runs of the same ground truth: same order of magnitude.
      expect(Math.abs(l.makespanErrorPct!)).toBeLessThan(50);
      expect(l.criticalPathShorter).toBe(l.predictedMakespanMs < run.recordedMakespanMs - 1e-6);
    }
    expect(report.workflows).toHaveLength(1);
    expect(Math.abs(report.workflows[0]!.gapPct)).toBeLessThan(1e-6);
  });

  it('says leave-one-out is impossible for a single run, and reports the gap of a stretched makespan', () => {
    const dataset = loadDataset(resolveDataset('chain-10'));
    const stretched: RecordedRun = { ...dataset.runs[0]!, makespanMs: dataset.runs[0]!.makespanMs * 2 };
    const report = replaySnapshot('one run', { workflows: dataset.workflows, runs: [stretched] });
    const run = report.runs[0]!;
    expect(run.loo).toEqual({ unavailable: expect.stringContaining('at least 2 runs') });
    expect(run.gapPct).toBeCloseTo(50, 6);
    expect(report.workflows[0]!.looMakespanErrorPct).toBeNull();
    expect(replayMarkdown(report)).toContain('no leave-one-out');
  });

  it('names the funcs that lack data in the other runs, and flags a too-short predicted critical path', () => {
    const dataset = loadDataset(resolveDataset('chain-10'));
    const [target, ...others] = dataset.runs;
    const missing = target!.metrics.tasks[0]!.func;
    const stripped = others.map((r) => ({ ...r, metrics: { ...r.metrics, tasks: r.metrics.tasks.filter((t) => t.func !== missing) } }));
    const slow: RecordedRun = { ...target!, makespanMs: target!.makespanMs * 10 };
    const report = replaySnapshot('stripped', { workflows: dataset.workflows, runs: [slow, ...stripped] });
    const first = loo(report.runs.find((r) => r.dagId === slow.dagId)!);
    expect(first.funcsLackingData).toContain(missing);
    expect(first.criticalPathShorter).toBe(true);
    expect(first.shortByPct).toBeGreaterThan(80);
    expect(report.workflows[0]!.funcsLackingData).toContain(missing);
  });

  it('the CLI prints the table and writes markdown and JSON', async () => {
    const log = console.log;
    const lines: string[] = [];
    console.log = (text: string) => lines.push(text);
    try {
      expect(await main(['node', 'slackline', 'replay', 'chain-10', '--results', tmp])).toBe(0);
    } finally {
      console.log = log;
    }
    expect(lines.join('\n')).toContain('| chain-10 |');
    const json = JSON.parse(readFileSync(join(tmp, 'replay', 'chain-10.json'), 'utf8'));
    expect(json.runs.length).toBe(8);
    expect(json.machine.cores).toBeGreaterThan(0);
    expect(existsSync(join(tmp, 'replay', 'chain-10.md'))).toBe(true);
    expect(await main(['node', 'slackline', 'replay', 'no-such-dataset', '--results', tmp])).toBe(1);
  });
});

describe.skipIf(!redis)('replay from Redis (real redis-server)', () => {
  it('replays the runs of a Redis metrics store exactly as from the dataset file', async () => {
    const dataset = loadDataset(resolveDataset('chain-10'));
    const client = await redis!.connect();
    try {
      await writeDataset(client, keyLayout(redis!.namespace), dataset);
    } finally {
      await closeRedis(client);
    }
    const url = `${redis!.url}?namespace=${encodeURIComponent(redis!.namespace)}`;
    const log = console.log;
    const lines: string[] = [];
    console.log = (text: string) => lines.push(text);
    try {
      expect(await main(['node', 'slackline', 'replay', url, '--json', '--results', tmp])).toBe(0);
    } finally {
      console.log = log;
    }
    const fromRedis = JSON.parse(lines.join('\n')) as { runs: RunReplay[] };
    const fromFile = replaySnapshot('file', dataset);
    const byId = (runs: readonly RunReplay[]) => [...runs].sort((a, b) => (a.dagId < b.dagId ? -1 : 1));
    expect(byId(fromRedis.runs)).toEqual(byId(fromFile.runs));
  });
});
