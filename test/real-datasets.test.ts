/**
 * The shipped real datasets (WfCommons, converted): they validate, carry their license and
 * source, cover the promised applications and sizes, are reproduced byte for byte by
 * `npm run datasets:real`; every registered planner plans them (a validated plan, or a
 * refusal naming its limit, as in the sweep); and the critical path of an imported instance computed by the
 * project's engine equals an independent longest path over the RAW WfCommons JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import { toCompactDag } from '../src/dag/compact-dag.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import { workflowOfRun } from '../src/dataset/workflow-of-run.js';
import { datasetJsonText } from '../src/generate/synthetic-dataset.js';
import { convertShippedReal, SHIPPED_REAL, WFINSTANCES_LICENSE } from '../src/import/shipped-real.js';
import { importWfCommons } from '../src/import/wfcommons/import-wfcommons.js';
import { planners } from '../algorithms/index.js';
import { PlannerRefusal } from '../src/planning/planner-refusal.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { runPlanner } from '../src/bench/run-planner.js';
import { computeTiming } from '../src/timing/full-pass.js';
import { sharedDataset } from './support/shared-datasets.js';

const recorded = shippedDatasets().filter((d) => d.kind === 'recorded' && d.name.startsWith('wfcommons-'));

describe('shipped real datasets', () => {
  it('are registered, one per SHIPPED_REAL entry', () => {
    expect(recorded.map((d) => d.name).sort()).toEqual(SHIPPED_REAL.map((e) => e.name).sort());
  });

  it('validate against the schema and carry license, repository and files in `source`', () => {
    for (const entry of recorded) {
      const dataset = loadDataset(entry.file);
      expect(dataset.name).toBe(entry.name);
      expect(dataset.source.kind).toBe('recorded');
      expect(dataset.source.license).toBe(WFINSTANCES_LICENSE);
      expect(dataset.source.url).toBe('https://github.com/wfcommons/WfInstances');
      expect(dataset.source.files?.length).toBeGreaterThan(0);
      expect(dataset.workflows.reduce((n, w) => n + w.tasks.length, 0)).toBe(entry.tasks);
      for (const run of dataset.runs) {
        // What replay needs: a time and a start for every task, and the run's makespan.
        expect(run.metrics.tasks).toHaveLength(workflowOfRun(dataset, run).tasks.length);
        expect(run.makespanMs).toBeGreaterThan(0);
      }
    }
  });

  it('cover the promised applications, tens to ~2,000 tasks, and one workflow with several runs', () => {
    for (const app of ['montage', 'epigenomics', '1000genome', 'cycles', 'soykb', 'srasearch', 'blast', 'bwa']) {
      expect(recorded.some((d) => d.name.startsWith(`wfcommons-${app}-`))).toBe(true);
    }
    const sizes = recorded.map((d) => d.tasks);
    expect(Math.min(...sizes)).toBeLessThan(100);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(1500);
    const multi = recorded.map((d) => loadDataset(d.file)).filter((d) => d.workflows.length === 1 && d.runs.length >= 2);
    expect(multi.length).toBeGreaterThanOrEqual(1);
  });
});

describe('shipped real datasets are planned by every planner', () => {
  for (const entry of recorded) {
    it(`${entry.name}: every planner returns a validated plan at a 1.2x deadline, or refuses with its limit`, () => {
      const dataset = loadDataset(entry.file);
      const instance = prepareInstance({ dataset, datasetName: entry.name, unknownPolicy: 'fallback' });
      let planned = 0;
      for (const planner of planners) {
        try {
          // runPlanner validates the plan (and the claimed deadline), naming the planner on a violation.
          const run = runPlanner(instance, planner, {}, { seed: 1, deadline: { kind: 'factor', factor: 1.2 } });
          expect(run.report.makespanMs).toBeGreaterThan(0);
          expect(run.report.costUsd).toBeGreaterThan(0);
          expect(Object.keys(run.plan.workerOf)).toHaveLength(instance.dag.taskCount);
          planned++;
        } catch (error) {
          if (!(error instanceof PlannerRefusal)) throw error;
          expect(planner.id).toBe('exhaustive');
          expect(error.message).toMatch(/at most \d+ tasks|maxCombinations/);
        }
      }
      expect(planned).toBeGreaterThanOrEqual(planners.length - 1);
    });
  }
});

const wfinstances = sharedDataset('wfcommons-wfinstances');

/**
 * Independent longest path over the raw WfFormat 1.5 JSON: finish(t) = runtime(t) + max over
 * parents of finish(parent), by an iterative memoized DFS (explicit stack, no recursion).
 */
function rawCriticalPathSeconds(raw: { workflow: { specification: { tasks: { id: string; parents: string[] }[] }; execution: { tasks: { id: string; runtimeInSeconds: number }[] } } }): number {
  const parents = new Map(raw.workflow.specification.tasks.map((t) => [t.id, t.parents]));
  const runtime = new Map(raw.workflow.execution.tasks.map((t) => [t.id, t.runtimeInSeconds]));
  const finish = new Map<string, number>();
  let best = 0;
  for (const root of parents.keys()) {
    const stack: string[] = [root];
    while (stack.length > 0) {
      const id = stack[stack.length - 1]!;
      if (finish.has(id)) {
        stack.pop();
        continue;
      }
      const pending = parents.get(id)!.filter((p) => !finish.has(p));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      finish.set(id, runtime.get(id)! + Math.max(0, ...parents.get(id)!.map((p) => finish.get(p)!)));
    }
    best = Math.max(best, finish.get(root)!);
  }
  return best;
}

describe.skipIf(!wfinstances)('shipped real datasets against the shared WfInstances copy', () => {
  it('are reproduced byte for byte by the converter (npm run datasets:real)', () => {
    for (const entry of SHIPPED_REAL) {
      const shipped = recorded.find((d) => d.name === entry.name)!;
      expect(datasetJsonText(convertShippedReal(entry, wfinstances!).dataset)).toBe(readFileSync(shipped.file, 'utf8'));
    }
  });

  it('critical path with recorded runtimes and no transfers equals an independent longest path over the raw JSON', () => {
    for (const rel of ['pegasus/montage/montage-chameleon-2mass-01d-001.json', 'pegasus/epigenomics/epigenomics-chameleon-hep-1seq-100k-001.json', 'makeflow/bwa/bwa-chameleon-small-001.json']) {
      const file = join(wfinstances!, rel);
      const { dataset } = importWfCommons([file]);
      const workflow = dataset.workflows[0]!;
      const run = dataset.runs[0]!;
      const dag = toCompactDag(buildDag(workflow));
      const execMs = new Map(run.metrics.tasks.map((t) => [t.taskId, t.execMs]));
      const nodeMs = Float64Array.from(dag.taskIds, (id) => execMs.get(id)!);
      const timing = computeTiming(dag, { nodeMs, edgeMs: new Float64Array(dag.edgeCount) });
      const expected = rawCriticalPathSeconds(JSON.parse(readFileSync(file, 'utf8'))) * 1000;
      expect(expected).toBeGreaterThan(0);
      expect(Math.abs(timing.makespanMs - expected)).toBeLessThan(1e-6);
      // The derived start times are the engine's earliest starts.
      for (const [i, id] of dag.taskIds.entries()) {
        expect(run.metrics.tasks.find((t) => t.taskId === id)!.startMs).toBeCloseTo(timing.earliestStart[i]!, 6);
      }
    }
  });
});
