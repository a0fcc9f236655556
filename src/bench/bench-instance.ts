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
import { parseDagId } from '../dag/dag-id.js';
import type { RecordedRun } from '../dataset/types.js';
import { distributionsInSteps, prepareDistributions } from '../planning/prepare-distributions.js';
import { runStepsYielding } from '../util/steps.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import { seededRandom } from '../util/random.js';
import { shareCompactDag, shareDurationTable, shareGrids, sharedFloat64 } from './share-instance.js';

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
  /** Predicted distributions (fitted on the same runs as the table), prepared on first use, on SharedArrayBuffers. */
  grids(): QuantileGrids;
  /** Prepares `grids()` in steps, one per event-loop turn (the sweep keeps feeding its threads meanwhile); `grids()` then returns at once. */
  prepareGrids?(): Promise<void>;
  /** With `evaluate: 'holdout'`: distributions fitted on the held-out runs; undefined when the workflow has too few runs to hold any out. */
  heldOutGrids(): QuantileGrids | undefined;
  /** Runs the predictor was fitted on, and runs held out. */
  readonly trainingRuns: number;
  readonly heldOutRuns: number;
}

export interface PrepareOptions {
  /** @default 'in-sample' */
  readonly evaluate?: 'in-sample' | 'holdout';
  /** Share of the workflow's runs to fit on with `holdout`. @default 0.7 */
  readonly trainShare?: number;
}

/**
 * The held-out split of a workflow's runs: shuffled by a fixed seed (the same split for
 * every planner and seed of the sweep), the first round(share x n) train (at least one),
 * the rest are held out. Runs of other workflows stay in training (they share funcs).
 */
export function splitRuns(dataset: Dataset, signature: string, share: number): { train: RecordedRun[]; heldOut: RecordedRun[] } {
  const own = dataset.runs.filter((r) => parseDagId(r.dagId).signature === signature).sort((a, b) => (a.dagId < b.dagId ? -1 : a.dagId > b.dagId ? 1 : 0));
  const others = dataset.runs.filter((r) => parseDagId(r.dagId).signature !== signature);
  const random = seededRandom(0x51ed);
  for (let i = own.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [own[i], own[j]] = [own[j]!, own[i]!];
  }
  const trainCount = Math.min(own.length, Math.max(1, Math.round(share * own.length)));
  return { train: [...others, ...own.slice(0, trainCount)], heldOut: own.slice(trainCount) };
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
  /** Prepared once per (workflow, SLA, evaluation) and kept, so the report reuses what the sweep prepared. */
  prepare(workflow: string, sla: string, options?: PrepareOptions): BenchInstance;
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
    prepare(workflowName, sla, prepareOptions = {}) {
      const holdout = prepareOptions.evaluate === 'holdout';
      const share = prepareOptions.trainShare ?? 0.7;
      const id = `${workflowName}\u0000${sla}\u0000${holdout ? `holdout:${share}` : 'in-sample'}`;
      let instance = prepared.get(id);
      if (instance === undefined) {
        instance = prepareBenchInstance(dataset, name, workflows, workflowName, sla, cost, options, holdout ? share : undefined);
        prepared.set(id, instance);
      }
      return instance;
    },
  };
}

function prepareBenchInstance(dataset: Dataset, name: string, workflows: readonly SourceWorkflow[], workflowName: string, sla: string, cost: CostModel, options: DatasetSourceOptions, trainShare: number | undefined): BenchInstance {
  const workflow = workflows.find((w) => w.name === workflowName)!;
  const split = trainShare !== undefined ? splitRuns(dataset, workflow.signature, trainShare) : undefined;
  const instance = prepareInstance({
    dataset,
    datasetName: name,
    workflowSignature: workflow.signature,
    sla: parseSla(sla),
    unknownPolicy: options.unknownPolicy ?? 'fallback',
    ...(split ? { metricsRuns: split.train } : {}),
  });
  const dag = shareCompactDag(instance.dag);
  const durations = shareDurationTable(instance.durations);
  // What a deadline factor multiplies: the same best makespan the planning context computes.
  let best: number | undefined;
  const bestMakespanMs = () => (best ??= planTiming(dag, durations, bestPlan(dag, durations, defaultAssignment(dag, durations))).makespanMs);
  let grids: QuantileGrids | undefined;
  let pendingGrids: Promise<void> | undefined;
  let heldOut: QuantileGrids | null | undefined;
  return {
    dag,
    durations,
    cost,
    fallbacks: instance.fallbacks,
    scaling: instance.scaling,
    deadlineMs: (deadline) => (deadline === null ? null : resolveDeadline(parseDeadline(deadline), bestMakespanMs())),
    fastestMakespanMs: bestMakespanMs,
    grids: () => (grids ??= shareGrids(prepareDistributions(instance, { allocate: sharedFloat64 }).grids)),
    prepareGrids: () =>
      (pendingGrids ??= runStepsYielding(distributionsInSteps(instance, { allocate: sharedFloat64 })).then((distributions) => {
        grids ??= shareGrids(distributions.grids);
      })),
    heldOutGrids: () => {
      if (heldOut === undefined) heldOut = split === undefined || split.heldOut.length === 0 ? null : shareGrids(prepareDistributions(instance, { runs: split.heldOut, allocate: sharedFloat64 }).grids);
      return heldOut ?? undefined;
    },
    trainingRuns: split ? split.train.length : instance.runs.length,
    heldOutRuns: split ? split.heldOut.length : 0,
  };
}
