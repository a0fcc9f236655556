/**
 * Where the sweep's planning instances come from: a dataset (shipped name or file) gives
 * one instance per workflow and SLA. Preparing one (fitting the predictor on the dataset's
 * runs, filling the duration table) happens in the main thread, once, before any planner
 * is timed; its arrays are then moved onto SharedArrayBuffers for the worker threads.
 */
import { createHash } from 'node:crypto';
import type { CompactDag } from '../dag/compact-dag.js';
import { loadDataset } from '../dataset/load-dataset.js';
import { resolveDataset, shippedDataset } from '../dataset/registry.js';
import type { Dataset } from '../dataset/types.js';
import { parseDeadline, resolveDeadline } from '../planning/deadline.js';
import { defaultAssignment } from '../planning/planning-context.js';
import { bestPlan } from '../planning/plan-builders.js';
import { prepareInstance } from '../planning/prepare-instance.js';
import { parseSla } from '../predict/sla.js';
import type { UnknownPolicy } from '../predict/types.js';
import { AWS_LAMBDA_X86_COST, type CostModel } from '../timing/cost-model.js';
import { planTiming } from '../timing/timing-model.js';
import type { DurationTable } from '../timing/types.js';
import { shareCompactDag, shareDurationTable } from './share-instance.js';

export interface BenchInstance {
  readonly dag: CompactDag;
  readonly durations: DurationTable;
  readonly cost: CostModel;
  /** Predictions that used a fallback value (the policy is `fallback` in sweeps). */
  readonly fallbacks: number;
  /** Scaling model of the predictor (recorded in plan files). */
  readonly scaling: string;
  /** Deadline text (`1.2x`, `5000ms`) to ms for this instance; null for none. */
  deadlineMs(deadline: string | null): number | null;
  /** Makespan with every worker of the default assignment at its fastest level (what `1.2x` multiplies). */
  fastestMakespanMs(): number;
}

export interface SourceWorkflow {
  readonly name: string;
  readonly signature: string;
  readonly tasks: number;
  readonly edges: number;
  /** Content hash of what its rows are computed from: the workflow, the memory ladder and the runs the predictor is fitted on. */
  readonly dataHash: string;
}

export interface DatasetSource {
  /** Name used in run keys: the shipped name, or the dataset's own name for a file. */
  readonly name: string;
  /** The file it was read from, when it came from one. */
  readonly file?: string;
  readonly ladderMb: readonly number[];
  readonly workflows: readonly SourceWorkflow[];
  /** The loaded dataset, when the source has one (its recorded runs feed the report's replay). */
  readonly dataset?: Dataset;
  /** Prepared once per (workflow, SLA) and kept, so the report reuses what the sweep prepared. */
  prepare(workflow: string, sla: string): BenchInstance;
}

export interface DatasetSourceOptions {
  /** @default 'fallback' (a sweep should run every planner; fallbacks are counted) */
  readonly unknownPolicy?: UnknownPolicy;
  readonly cost?: CostModel;
}

export function datasetSource(nameOrPath: string, options: DatasetSourceOptions = {}): DatasetSource {
  const file = resolveDataset(nameOrPath);
  const dataset = loadDataset(file);
  const name = shippedDataset(nameOrPath) !== undefined ? nameOrPath : dataset.name;
  return { ...sourceOfDataset(name, dataset, options), file };
}

/** 16 hex digits of SHA-256 of the workflow, the ladder and the workflow's runs, as stored. */
export function workflowDataHash(dataset: Dataset, signature: string): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(dataset.memoryLadderMb));
  hash.update(JSON.stringify(dataset.workflows.find((w) => w.signature === signature) ?? null));
  // Runs one by one: no single giant string for large datasets.
  for (const run of dataset.runs) if (run.dagId.endsWith(`_${signature}`)) hash.update(JSON.stringify(run));
  return hash.digest('hex').slice(0, 16);
}

export function sourceOfDataset(name: string, dataset: Dataset, options: DatasetSourceOptions = {}): DatasetSource {
  const cost = options.cost ?? AWS_LAMBDA_X86_COST;
  const workflows = dataset.workflows.map((w) => ({ name: w.name, signature: w.signature, tasks: w.tasks.length, edges: w.edges.length, dataHash: workflowDataHash(dataset, w.signature) }));
  const prepared = new Map<string, BenchInstance>();
  return {
    name,
    ladderMb: dataset.memoryLadderMb,
    workflows,
    dataset,
    prepare(workflowName, sla) {
      const id = `${workflowName}\u0000${sla}`;
      let instance = prepared.get(id);
      if (instance === undefined) {
        instance = prepareBenchInstance(dataset, name, workflows, workflowName, sla, cost, options);
        prepared.set(id, instance);
      }
      return instance;
    },
  };
}

function prepareBenchInstance(dataset: Dataset, name: string, workflows: readonly SourceWorkflow[], workflowName: string, sla: string, cost: CostModel, options: DatasetSourceOptions): BenchInstance {
  const workflow = workflows.find((w) => w.name === workflowName)!;
  const instance = prepareInstance({
    dataset,
    datasetName: name,
    workflowSignature: workflow.signature,
    sla: parseSla(sla),
    unknownPolicy: options.unknownPolicy ?? 'fallback',
  });
  const dag = shareCompactDag(instance.dag);
  const durations = shareDurationTable(instance.durations);
  // What a deadline factor multiplies: the same best makespan the planning context computes.
  let best: number | undefined;
  const bestMakespanMs = () => (best ??= planTiming(dag, durations, bestPlan(dag, durations, defaultAssignment(dag, durations))).makespanMs);
  return {
    dag,
    durations,
    cost,
    fallbacks: instance.fallbacks,
    scaling: instance.scaling,
    deadlineMs: (deadline) => (deadline === null ? null : resolveDeadline(parseDeadline(deadline), bestMakespanMs())),
    fastestMakespanMs: bestMakespanMs,
  };
}
