/**
 * Speed at scale (issue 14), each figure as a ratio to a baseline measured beside it on
 * the same machine, so a loaded machine shifts both:
 * - start-up: `node bin/slackline.js --help` against `node -e 0` (target: within 4x);
 * - dataset JSON -> validated compact form of a 100,000-task DAG (`validateDataset`, which
 *   builds the compact form, + `compactDagOf`) against `JSON.parse` of the same text
 *   (target: within 2x);
 * - best-then-downgrade and deadline-downgrade (1.2x) on a 100,000-task random layered DAG
 *   with ground-truth durations, against one full critical-path pass of that DAG (targets
 *   2 s and 5 s, "about 250 full passes" for the first), by default (with the split/merge
 *   search of the worker assignment) and with `splits=false` (the fixed assignment);
 * - the what-if queries of that best-then-downgrade run: mean against median (target:
 *   within 10x).
 * Printed as a table; written to `results/bench/speed-at-scale.json` with the machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPlanner } from '../algorithms/index.js';
import { boxTable } from '../src/cli/box-table.js';
import { compactDagOf } from '../src/dag/compact-workflow.js';
import type { Dataset } from '../src/dataset/types.js';
import { validateDataset } from '../src/dataset/validate-dataset.js';
import { syntheticDataset, writeDatasetFile } from '../src/generate/synthetic-dataset.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import type { IncrementalTimingEngine, PlanningContext } from '../src/planning/types.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription, machineLine } from '../src/util/machine.js';
import { PACKAGE_ROOT } from '../src/util/package-root.js';
import { SCALE_TASKS as TASKS, scaleInstance, timed } from './scale-instance.js';

interface Figure {
  readonly name: string;
  readonly ms: number;
  readonly baseline: string;
  readonly baselineMs: number;
  readonly ratio: number;
  readonly target: string;
}

function spawnMs(args: readonly string[]): () => void {
  return () => {
    const run = spawnSync(process.execPath, [...args], { cwd: PACKAGE_ROOT, stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`speed-at-scale: node ${args.join(' ')} exited ${run.status}`);
  };
}

/** The engine the context hands out, with every whatIf timed. */
function timingWhatIfs(context: PlanningContext, latencies: number[]): PlanningContext {
  return {
    ...context,
    incrementalTiming: (plan) => {
      const engine = context.incrementalTiming(plan);
      const timed: IncrementalTimingEngine = Object.create(engine) as IncrementalTimingEngine;
      timed.whatIf = (worker, level, boundMs, stopOnNewCritical) => {
        const started = performance.now();
        const answer = engine.whatIf(worker, level, boundMs, stopOnNewCritical);
        latencies.push(performance.now() - started);
        return answer;
      };
      return timed;
    },
  };
}

export async function run(): Promise<void> {
  console.log(`machine: ${machineLine()} (shared: compare the ratios, not the absolute times)`);
  const figures: Figure[] = [];

  // Start-up.
  const node = await timed('node -e 0', spawnMs(['-e', '0']), 10);
  const help = await timed('slackline --help', spawnMs(['bin/slackline.js', '--help']), 10);
  figures.push({ name: '`slackline --help`', ms: help.p50, baseline: '`node -e 0`', baselineMs: node.p50, ratio: help.p50 / node.p50, target: '<= 4x' });

  // Dataset JSON -> validated compact form.
  const dir = mkdtempSync(join(tmpdir(), 'slackline-scale-'));
  try {
    const file = join(dir, `random-layered-${TASKS}.json`);
    writeDatasetFile(file, syntheticDataset({ shape: 'random-layered', size: TASKS, runs: 1, seed: 1, unequal: false }));
    const text = readFileSync(file, 'utf8');
    const parse = await timed('JSON.parse', () => void JSON.parse(text), 5);
    const load = await timed('JSON.parse + validate + compact form', () => {
      const { dataset, errors } = validateDataset(JSON.parse(text), file);
      if (errors.length > 0 || dataset === undefined) throw new Error(`speed-at-scale: ${errors[0]}`);
      compactDagOf((dataset as Dataset).workflows[0]!);
    }, 5);
    figures.push({ name: `dataset JSON -> compact form, ${TASKS.toLocaleString('en')} tasks (${(text.length / 2 ** 20).toFixed(0)} MB, 1 run)`, ms: load.p50, baseline: 'JSON.parse of the file', baselineMs: parse.p50, ratio: load.p50 / parse.p50, target: '<= 2x' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // Planning at 100k tasks.
  const { context: base, passMs } = await scaleInstance(TASKS);
  const pass = { p50: passMs };
  const latencies: number[] = [];
  const flagship = getPlanner('best-then-downgrade');
  const btd = await timed('best-then-downgrade', () => {
    latencies.length = 0;
    flagship.plan(timingWhatIfs(base, latencies), resolveParams(flagship, {}));
  }, 3);
  figures.push({ name: `best-then-downgrade, ${TASKS.toLocaleString('en')} tasks, ${base.workers.workerCount} workers`, ms: btd.p50, baseline: 'one full critical-path pass', baselineMs: pass.p50, ratio: btd.p50 / pass.p50, target: '<= 2 s (about 250 passes)' });
  const sorted = Float64Array.from(latencies).sort();
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(latencies.length, 1);
  figures.push({ name: `what-if mean (${latencies.length} queries of that run)`, ms: mean, baseline: 'their median', baselineMs: median, ratio: mean / median, target: '<= 10x' });
  // The fixed worker assignment (no split/merge search, issue 11), the search the targets were set for.
  const fixed = await timed('best-then-downgrade splits=false', () => void flagship.plan(base, resolveParams(flagship, { splits: false })), 3);
  figures.push({ name: `best-then-downgrade, splits=false (fixed assignment)`, ms: fixed.p50, baseline: 'one full critical-path pass', baselineMs: pass.p50, ratio: fixed.p50 / pass.p50, target: '<= 2 s (about 250 passes)' });
  const deadlineContext = { ...base, deadlineMs: base.bestMakespanMs * 1.2 };
  const deadline = getPlanner('deadline-downgrade');
  const dd = await timed('deadline-downgrade', () => void deadline.plan(deadlineContext, resolveParams(deadline, {})), 1);
  figures.push({ name: `deadline-downgrade (1.2x), ${TASKS.toLocaleString('en')} tasks`, ms: dd.p50, baseline: 'one full critical-path pass', baselineMs: pass.p50, ratio: dd.p50 / pass.p50, target: '<= 5 s' });
  const ddFixed = await timed('deadline-downgrade splits=false', () => void deadline.plan(deadlineContext, resolveParams(deadline, { splits: false })), 1);
  figures.push({ name: `deadline-downgrade (1.2x), splits=false`, ms: ddFixed.p50, baseline: 'one full critical-path pass', baselineMs: pass.p50, ratio: ddFixed.p50 / pass.p50, target: '<= 5 s' });

  console.log(boxTable(['figure', 'ms', 'baseline', 'baseline ms', 'ratio', 'target'], figures.map((f) => [f.name, f.ms.toFixed(f.ms < 1 ? 4 : 1), f.baseline, f.baselineMs.toFixed(f.baselineMs < 1 ? 4 : 1), `${f.ratio.toFixed(1)}x`, f.target])));
  writeJsonAtomic('results/bench/speed-at-scale.json', { suite: 'speed-at-scale', machine: machineDescription(), figures });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
