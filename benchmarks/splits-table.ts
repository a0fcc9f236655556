/**
 * Cost with the fixed worker assignment vs with splits and merges inside the search
 * (issue 11): `deadline-downgrade` with `splits=false` and with its default, at 1.2x and
 * 1.5x of the best makespan, on every SeBS-Flow workflow of the artifact
 * (`../shared/datasets/sebs-flow-artifact`, imported as `slackline import sebs-flow` does,
 * AWS) and on every shipped synthetic dataset.
 *
 * SeBS-Flow's AWS traces hold no transfer records for most benchmarks (the 2022 layout
 * records no blob bytes), so their instances are prepared with `--unknown fallback` (the
 * platform profile's transfer and start figures, flagged); the table gives the count of
 * fallback cells.
 *
 *   node --import tsx benchmarks/splits-table.ts [sebs-flow-artifact dir]
 *
 * Prints a markdown table and writes `results/bench/splits-table.json` with the machine.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { getPlanner } from '../algorithms/index.js';
import { runPlanner } from '../src/bench/run-planner.js';
import { loadDataset } from '../src/dataset/load-dataset.js';
import { shippedDatasets } from '../src/dataset/registry.js';
import type { Dataset } from '../src/dataset/types.js';
import { importSebsFlow } from '../src/import/sebs-flow/import-sebs-flow.js';
import { prepareInstance } from '../src/planning/prepare-instance.js';
import { writeJsonAtomic } from '../src/util/atomic-write.js';
import { machineDescription } from '../src/util/machine.js';

const FACTORS = [1.2, 1.5] as const;

export function splitsTable(sebsDir: string | undefined): Record<string, string | number>[] {
  const sources: { name: string; kind: string; dataset: Dataset }[] = [];
  if (sebsDir !== undefined && existsSync(resolve(sebsDir, 'perf-cost'))) {
    for (const benchmark of readdirSync(resolve(sebsDir, 'perf-cost')).filter((b) => /^\d+\./.test(b)).sort()) {
      try {
        sources.push({ name: `sebs-flow ${benchmark}`, kind: 'SeBS-Flow (AWS)', dataset: importSebsFlow(sebsDir, { benchmark, provider: 'aws' }).dataset });
      } catch (error) {
        console.error(`skipped ${benchmark}: ${(error as Error).message}`);
      }
    }
  }
  for (const shipped of shippedDatasets().filter((d) => !d.name.startsWith('wfcommons-'))) sources.push({ name: shipped.name, kind: 'synthetic', dataset: loadDataset(shipped.file) });
  const planner = getPlanner('deadline-downgrade');
  const rows: Record<string, string | number>[] = [];
  for (const { name, kind, dataset } of sources) {
    for (const workflow of dataset.workflows) {
      const instance = prepareInstance({ dataset, datasetName: name, workflowSignature: workflow.signature, unknownPolicy: 'fallback' });
      for (const factor of FACTORS) {
        const run = (splits: boolean) => runPlanner(instance, planner, { splits }, { seed: 1, deadline: { kind: 'factor', factor } });
        const fixed = run(false);
        const searched = run(true);
        rows.push({
          kind,
          dataset: dataset.workflows.length > 1 ? `${name}: ${workflow.name}` : name,
          tasks: instance.dag.taskCount,
          deadline: `${factor}x`,
          fixedGbS: fixed.report.gbSeconds,
          fixedUsd: fixed.report.costUsd,
          fixedWorkers: fixed.report.workers,
          splitsGbS: searched.report.gbSeconds,
          splitsUsd: searched.report.costUsd,
          splitsWorkers: searched.report.workers,
          savingPct: (1 - searched.report.costUsd / fixed.report.costUsd) * 100,
          fixedPlanningMs: fixed.planningMs,
          splitsPlanningMs: searched.planningMs,
          fallbacks: instance.fallbacks,
        });
      }
    }
  }
  return rows;
}

export function splitsMarkdown(rows: readonly Record<string, string | number>[]): string {
  const head = ['source', 'dataset', 'tasks', 'deadline', 'fixed GB-s', 'fixed USD', 'fixed workers', 'splits GB-s', 'splits USD', 'splits workers', 'saving %', 'planning ms fixed / splits', 'fallback cells'];
  const row = (cells: readonly (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  const body = rows.map((r) => [r.kind!, r.dataset!, r.tasks!, r.deadline!, Number(r.fixedGbS).toFixed(2), Number(r.fixedUsd).toPrecision(4), r.fixedWorkers!, Number(r.splitsGbS).toFixed(2), Number(r.splitsUsd).toPrecision(4), r.splitsWorkers!, Number(r.savingPct).toFixed(1), `${Number(r.fixedPlanningMs).toFixed(0)} / ${Number(r.splitsPlanningMs).toFixed(0)}`, r.fallbacks!]);
  return [row(head), row(head.map(() => '---')), ...body.map(row)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? resolve(new URL('../', import.meta.url).pathname, '../shared/datasets/sebs-flow-artifact');
  const rows = splitsTable(dir);
  console.log(splitsMarkdown(rows));
  writeJsonAtomic('results/bench/splits-table.json', { study: 'splits-table', machine: machineDescription(), rows });
}
