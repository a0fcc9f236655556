/**
 * Replay's real-data table before and after the fitted orchestration overhead (issue 11),
 * on every shipped WfCommons dataset (Pegasus/HTCondor and Makeflow runs on Chameleon).
 *
 * Each dataset's overhead is fitted on the OTHER datasets' runs (leave one dataset out, so
 * the "after" column is a prediction, not an in-sample fit: most datasets hold one run),
 * as gap = perRun + perTask x depth (`fitOverhead` in `src/bench/replay.ts`; one point per
 * dataset, its runs averaged, so srasearch's 5 runs do not outweigh the others), then applied
 * to the dataset's recorded-times critical path through the timing model's rules. The
 * pooled fit over all runs is printed too: the value a dataset of this platform would
 * state in `platform.overhead`.
 *
 *   node dist/benchmarks/overhead-fit.js        (after npm run build; or node --import tsx benchmarks/overhead-fit.ts)
 *
 * Prints a markdown table and writes `results/bench/overhead-fit.json` with the machine.
 */
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { dagDepth, fitOverhead, recordedCriticalPath, recordedPlan } from '../src/bench/replay.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';

interface Point {
  readonly dataset: string;
  readonly workflow: string;
  readonly tasks: number;
  readonly depth: number;
  readonly makespanMs: number;
  readonly criticalPathMs: number;
  readonly gapMs: number;
  readonly ladderMb: readonly number[];
  readonly afterMs: (perTaskMs: number, perRunMs: number) => number;
}

export function overheadStudy(): { rows: Record<string, number | string>[]; pooled: ReturnType<typeof fitOverhead> } {
  const points: Point[] = [];
  for (const shipped of shippedDatasets().filter((d) => d.name.startsWith('wfcommons-'))) {
    const dataset = loadDataset(shipped.file);
    for (const workflow of dataset.workflows) {
      const dag = toCompactDag(buildDag(workflow));
      const depth = dagDepth(dag);
      for (const run of dataset.runs.filter((r) => r.dagId.endsWith(`_${workflow.signature}`))) {
        const { plan, workerIds } = recordedPlan(dag, run, dataset.memoryLadderMb);
        const cp = recordedCriticalPath(dag, run, plan, workerIds).makespanMs;
        points.push({
          dataset: shipped.name,
          workflow: workflow.name,
          tasks: dag.taskCount,
          depth,
          makespanMs: run.makespanMs,
          criticalPathMs: cp,
          gapMs: run.makespanMs - cp,
          ladderMb: dataset.memoryLadderMb,
          afterMs: (perTaskMs, perRunMs) => recordedCriticalPath(dag, run, plan, workerIds, { overheadPerTaskMs: perTaskMs, overheadPerRunMs: perRunMs }).makespanMs,
        });
      }
    }
  }
  // One point per dataset (its runs averaged), so a dataset with many runs does not outweigh the others.
  const names = [...new Set(points.map((p) => p.dataset))];
  const perDataset = names.map((name) => {
    const own = points.filter((p) => p.dataset === name);
    const avg = (f: (p: Point) => number) => own.reduce((a, p) => a + f(p), 0) / own.length;
    return { dataset: name, gapMs: avg((p) => p.gapMs), depth: own[0]!.depth, makespanMs: avg((p) => p.makespanMs) };
  });
  const rows = names.map((name) => {
    const own = points.filter((p) => p.dataset === name);
    const fit = fitOverhead(perDataset.filter((p) => p.dataset !== name));
    const mean = (f: (p: Point) => number) => own.reduce((a, p) => a + f(p), 0) / own.length;
    const after = mean((p) => p.afterMs(fit.perTaskMs, fit.perRunMs));
    const makespan = mean((p) => p.makespanMs);
    const cp = mean((p) => p.criticalPathMs);
    return {
      dataset: name,
      tasks: own[0]!.tasks,
      depth: own[0]!.depth,
      runs: own.length,
      recordedMakespanMs: makespan,
      criticalPathMs: cp,
      gapBeforePct: ((makespan - cp) / makespan) * 100,
      fittedPerRunMs: fit.perRunMs,
      fittedPerTaskMs: fit.perTaskMs,
      withOverheadMs: after,
      errorAfterPct: ((after - makespan) / makespan) * 100,
    };
  });
  return { rows, pooled: fitOverhead(perDataset) };
}

function markdown(rows: Record<string, number | string>[], pooled: ReturnType<typeof fitOverhead>): string {
  const head = ['dataset', 'tasks', 'depth', 'runs', 'recorded makespan s', 'recorded-times CP s', 'CP short by %', 'overhead fitted on the others: per run s + per level s', 'CP + overhead s', 'error after %'];
  const s = (ms: unknown) => (Number(ms) / 1000).toFixed(1);
  const lines = rows.map((r) => [r.dataset, r.tasks, r.depth, r.runs, s(r.recordedMakespanMs), s(r.criticalPathMs), Number(r.gapBeforePct).toFixed(1), `${s(r.fittedPerRunMs)} + ${s(r.fittedPerTaskMs)}`, s(r.withOverheadMs), Number(r.errorAfterPct).toFixed(1)].map(String));
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const meanAbs = (key: string) => rows.reduce((a, r) => a + Math.abs(Number(r[key])), 0) / rows.length;
  return [
    row(head),
    row(head.map(() => '---')),
    ...lines.map(row),
    '',
    `Mean |error|: before ${meanAbs('gapBeforePct').toFixed(1)} % (the CP is short by this much), after ${meanAbs('errorAfterPct').toFixed(1)} %.`,
    `Pooled fit over all ${pooled.runs} datasets (${pooled.model}): ${(pooled.perRunMs / 1000).toFixed(1)} s per run + ${(pooled.perTaskMs / 1000).toFixed(2)} s per DAG level; residual RMS ${(pooled.residualRmsMs / 1000).toFixed(0)} s (${pooled.residualPct.toFixed(1)} % of the mean makespan).`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { rows, pooled } = overheadStudy();
  console.log(markdown(rows, pooled));
  writeJsonAtomic('results/bench/overhead-fit.json', { study: 'overhead-fit', machine: machineDescription(), rows, pooled });
}
