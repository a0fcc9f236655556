/**
 * Untimed preparation of a planning instance: pick the workflow of a dataset, build its
 * compact DAG, fit the predictor on the recorded runs at the chosen SLA and scaling model,
 * and fill the duration table for the memory ladder (unknown predictions resolved by the
 * policy: `fail` lists every task lacking data, `fallback` substitutes flagged values).
 * Everything a planner's timed `plan()` needs is ready afterwards.
 */
import { type CompactDag } from '../dag/compact-dag.js';
import type { Dataset, DatasetWorkflow, RecordedRun } from '../dataset/types.js';
import { SlacklineError } from '../errors.js';
import { buildDurationTable, type UnknownPrediction } from '../predict/duration-table.js';
import { fitPredictor, type ScalingModelId } from '../predict/fit-predictor.js';
import { DEFAULT_SCALING } from '../predict/scaling/index.js';
import type { Predictor, SlaStatistic, UnknownPolicy } from '../predict/types.js';
import type { TimingRules } from '../timing/timing-rules.js';
import type { DurationTable } from '../timing/types.js';
import { compactDagOf } from '../dag/compact-workflow.js';

export interface PrepareInstanceOptions {
  readonly dataset: Dataset;
  /** Name used in reports and plan files (the shipped name, or the file). */
  readonly datasetName: string;
  /** Which workflow; may be omitted when the dataset has exactly one. */
  readonly workflowSignature?: string;
  /** @default 'p90' */
  readonly sla?: SlaStatistic;
  /** @default 'auto' (per func the curve with the lowest leave-one-size-out error; under linear scaling GB-s is the same at every size: nothing to save) */
  readonly scaling?: ScalingModelId;
  /** @default 'fail' */
  readonly unknownPolicy?: UnknownPolicy;
  /** @default the dataset's `memoryLadderMb` */
  readonly ladderMb?: readonly number[];
  /** Runs to fit the predictor on (e.g. from a metrics store); @default the dataset's runs */
  readonly metricsRuns?: readonly RecordedRun[];
  /** Timing rules over the dataset's `platform` (CLI `--overhead`, `--cpu-sharing`). */
  readonly timingRules?: Partial<TimingRules>;
}

export interface PlanningInstance {
  readonly datasetName: string;
  readonly workflow: DatasetWorkflow;
  readonly dag: CompactDag;
  readonly durations: DurationTable;
  readonly predictor: Predictor;
  /** The runs the predictor was fitted on (recorded times for `simulate --times recorded`). */
  readonly runs: readonly RecordedRun[];
  readonly sla: SlaStatistic;
  readonly scaling: ScalingModelId;
  readonly unknowns: readonly UnknownPrediction[];
  readonly fallbacks: number;
  readonly ladderMb: readonly number[];
}

export const DEFAULT_SLA: SlaStatistic = 'p90';

export function selectWorkflow(dataset: Dataset, signature?: string): DatasetWorkflow {
  const listing = dataset.workflows.map((w) => `${w.name} (${w.signature})`).join(', ');
  if (signature === undefined) {
    if (dataset.workflows.length === 1) return dataset.workflows[0]!;
    throw new SlacklineError('planning/prepare-instance', `dataset "${dataset.name}" has ${dataset.workflows.length} workflows; choose one by signature or name: ${listing}`);
  }
  const found = dataset.workflows.find((w) => w.signature === signature || w.name === signature);
  if (!found) throw new SlacklineError('planning/prepare-instance', `dataset "${dataset.name}" has no workflow "${signature}"; it has: ${listing}`);
  return found;
}

export function prepareInstance(options: PrepareInstanceOptions): PlanningInstance {
  const { dataset } = options;
  const workflow = selectWorkflow(dataset, options.workflowSignature);
  const index = dataset.workflows.indexOf(workflow);
  const dag = compactDagOf(workflow, { path: `$.workflows[${index}]` });
  const sla = options.sla ?? DEFAULT_SLA;
  const scaling = options.scaling ?? DEFAULT_SCALING;
  const runs = options.metricsRuns ?? dataset.runs;
  const predictor = fitPredictor(runs, { sla, scaling });
  const ladderMb = options.ladderMb ?? dataset.memoryLadderMb;
  const built = buildDurationTable(dag, predictor, ladderMb, options.unknownPolicy ?? 'fail');
  const { unknowns, fallbacks } = built;
  // Platform rules: the dataset's, then the caller's overrides.
  const platform = dataset.platform;
  const rules: Partial<TimingRules> = {
    ...(platform?.overhead ? { overheadPerTaskMs: platform.overhead.perTaskMs, overheadPerRunMs: platform.overhead.perRunMs } : {}),
    ...(platform?.cpuSharing ? { cpuSharing: platform.cpuSharing } : {}),
    ...options.timingRules,
  };
  const table = Object.keys(rules).length > 0 ? { ...built.table, rules } : built.table;
  return { datasetName: options.datasetName, workflow, dag, durations: table, predictor, runs, sla, scaling, unknowns, fallbacks, ladderMb: [...ladderMb] };
}
