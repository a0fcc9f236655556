/**
 * Planning speed of the flagship: `best-then-downgrade`'s `plan()` (and nothing else: the
 * DAG, the duration table and the planning context are prepared untimed) on random
 * layered DAGs of 100, 1k, 10k and 100k tasks with ground-truth durations on the default
 * 9-size ladder, against the same planner driven by `FullRecomputeTiming`, which
 * recomputes the whole timing for every trial move (the engine's original approach). Both
 * make the same decisions (checked here: identical plans), so the ratio is the engine's.
 *
 * The full-recompute variant is run only where its estimated time (its what-if queries
 * and accepted moves, each one full timing, measured) is under `VARIANT_CAP_MS`;
 * elsewhere the row says it did not run and gives the estimate. Printed as a table;
 * written to `results/bench/planning.json` with the machine description.
 */
import Table from 'cli-table3';
import { Bench } from 'tinybench';
import { bestThenDowngrade } from '../algorithms/best-then-downgrade.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { FullRecomputeTiming } from '../src/planning/full-recompute-timing.js';
import { groundTruthDurations } from '../src/planning/ground-truth-durations.js';
import { createPlanningContext } from '../src/planning/planning-context.js';
import { resolveParams } from '../src/planning/resolve-params.js';
import type { PlanOutcome } from '../src/planning/types.js';
import { AWS_LAMBDA_X86_COST } from '../src/timing/cost-model.js';
import { planTiming } from '../src/timing/timing-model.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';
import { compactWorkflow } from '../src/dag/compact-workflow.js';

const SIZES = [100, 1_000, 10_000, 100_000];
/** The full-recompute variant runs only when it is expected to finish within this. */
export const VARIANT_CAP_MS = 180_000;

interface Row {
  readonly tasks: number;
  readonly edges: number;
  readonly workers: number;
  readonly trials: number;
  readonly screened: number;
  readonly accepted: number;
  readonly incrementalMeanMs: number;
  readonly incrementalSamples: number;
  readonly fullPassMs: number;
  readonly variantEstimatedMs: number;
  readonly variantFinished: boolean;
  readonly variantMeanMs: number | null;
  readonly variantSamples: number;
  readonly ratio: number | null;
}

async function timeIt(fn: () => void, samples: number): Promise<{ meanMs: number; samples: number }> {
  const bench = new Bench({ time: 0, iterations: samples, warmupIterations: 1, warmupTime: 0, throws: true });
  bench.add('plan', fn);
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (r.state !== 'completed') throw new Error(`planning bench: ${r.state}`);
  return { meanMs: r.latency.mean, samples: r.latency.samplesCount };
}

function sameLevels(a: PlanOutcome, b: PlanOutcome): boolean {
  return a.plan.levelOf.length === b.plan.levelOf.length && a.plan.levelOf.every((l, w) => l === b.plan.levelOf[w]);
}

export async function run(): Promise<void> {
  const rows: Row[] = [];
  // The fixed assignment: this suite measures the engine (both variants must plan alike); `planning-splits` times the splits.
  const params = resolveParams(bestThenDowngrade, { splits: false });
  for (const n of SIZES) {
    const dag = compactWorkflow(randomLayered({ tasks: n, seed: n }));
    const durations = groundTruthDurations(dag);
    const base = { dag, durations, cost: AWS_LAMBDA_X86_COST, seed: 1 };
    const context = createPlanningContext(base);
    const variantContext = createPlanningContext({ ...base, engine: (d, t, p) => new FullRecomputeTiming(d, t, p) });

    let outcome: PlanOutcome | undefined;
    const samples = n <= 10_000 ? 10 : 3;
    const incremental = await timeIt(() => void (outcome = bestThenDowngrade.plan(context, params)), samples);
    const stats = outcome!.stats ?? {};
    const started = performance.now();
    const passes = n <= 10_000 ? 10 : 3;
    for (let k = 0; k < passes; k++) planTiming(dag, durations, outcome!.plan);
    const fullPassMs = (performance.now() - started) / passes;
    // One full timing per query, one per accepted move, one to start: what the variant must do.
    const variantEstimatedMs = ((stats.trials ?? 0) + (stats.accepted ?? 0) + 1) * fullPassMs;
    let variantMeanMs: number | null = null;
    let variantSamples = 0;
    if (variantEstimatedMs <= VARIANT_CAP_MS) {
      let variantOutcome: PlanOutcome | undefined;
      const variant = await timeIt(() => void (variantOutcome = bestThenDowngrade.plan(variantContext, params)), variantEstimatedMs < 2_000 ? samples : 1);
      if (!sameLevels(outcome!, variantOutcome!)) throw new Error(`planning bench: the full-recompute variant planned ${n} tasks differently`);
      variantMeanMs = variant.meanMs;
      variantSamples = variant.samples;
    }
    rows.push({
      tasks: n,
      edges: dag.edgeCount,
      workers: context.workers.workerCount,
      trials: stats.trials ?? 0,
      screened: stats.screened ?? 0,
      accepted: stats.accepted ?? 0,
      incrementalMeanMs: incremental.meanMs,
      incrementalSamples: incremental.samples,
      fullPassMs,
      variantEstimatedMs,
      variantFinished: variantMeanMs !== null,
      variantMeanMs,
      variantSamples,
      ratio: variantMeanMs === null ? null : variantMeanMs / incremental.meanMs,
    });
  }

  const table = new Table({ head: ['tasks', 'edges', 'workers', 'what-ifs', 'screened', 'accepted', 'incremental ms', 'full-recompute ms', 'ratio'] });
  for (const r of rows) {
    const variant = r.variantMeanMs === null ? `not run (est. ${(r.variantEstimatedMs / 1000).toFixed(0)} s > cap ${VARIANT_CAP_MS / 1000} s)` : r.variantMeanMs.toFixed(1);
    table.push([r.tasks, r.edges, r.workers, r.trials, r.screened, r.accepted, r.incrementalMeanMs.toFixed(1), variant, r.ratio === null ? '-' : `${r.ratio.toFixed(1)}x`]);
  }
  console.log(table.toString());
  writeJsonAtomic('results/bench/planning.json', { suite: 'planning', machine: machineDescription(), planner: 'best-then-downgrade', params, ladderMb: 'default 9 sizes', variantCapMs: VARIANT_CAP_MS, rows });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
