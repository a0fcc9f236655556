/**
 * Options shared by `slackline plan` and `slackline simulate`: which dataset and workflow,
 * which metrics to fit on, SLA, scaling model, unknown-prediction policy and prices; and
 * the untimed preparation of the planning instance from them.
 */
import { Option, type Command } from 'commander';
import { loadDataset } from '../dataset/load-dataset.js';
import type { RecordedRun } from '../dataset/types.js';
import { resolveDataset, shippedDataset } from '../dataset/registry.js';
import { SlacklineError } from '../errors.js';
import { openMetricsStore } from '../metrics/open-store.js';
import { prepareInstance, selectWorkflow, DEFAULT_SLA, type PlanningInstance } from '../planning/prepare-instance.js';
import type { ScalingModelId } from '../predict/fit-predictor.js';
import { DEFAULT_SCALING, SCALING_MODEL_IDS } from '../predict/scaling/index.js';
import { parseSla } from '../predict/sla.js';
import type { UnknownPolicy } from '../predict/types.js';
import { CPU_SHARING_MODES, type CpuSharingMode, type TimingRules } from '../timing/timing-rules.js';
import { resolveCostModel, type CostModel } from '../timing/cost-model.js';
import { metricsOption } from './metrics-option.js';

export interface InstanceFlags {
  dataset: string;
  workflow?: string;
  metrics?: string;
  sla?: string;
  scaling: ScalingModelId;
  unknown: UnknownPolicy;
  priceGbS?: string;
  priceInvocation?: string;
  overhead?: string;
  cpuSharing?: CpuSharingMode;
}

export function addInstanceOptions(command: Command): Command {
  return command
    .requiredOption('--dataset <name|file>', 'shipped dataset name or dataset file')
    .option('--workflow <name|signature>', 'workflow of the dataset (needed when it has several)')
    .addOption(metricsOption('fit the predictor on these metrics instead of the dataset\'s runs: a dataset file, a shipped name, or redis://host:port[/db][?namespace=ns]'))
    .option('--sla <statistic>', 'SLA statistic of predictions: mean, median, p90, p99.9...', DEFAULT_SLA)
    .addOption(new Option('--scaling <model>', 'memory-scaling model of the predictor').choices([...SCALING_MODEL_IDS]).default(DEFAULT_SCALING))
    .addOption(new Option('--unknown <policy>', 'predictions without data: fail (list them) or fallback (flagged stated values)').choices(['fail', 'fallback']).default('fail'))
    .option('--price-gb-s <usd>', 'price per GB-second (default AWS Lambda x86: 0.0000166667)')
    .option('--price-invocation <usd>', 'price per invocation (default AWS Lambda: 0.0000002)')
    .option('--overhead <perTaskMs[,perRunMs]>', "orchestration delay the timing model adds before every task (and once per run); default the dataset's platform.overhead, else 0")
    .addOption(new Option('--cpu-sharing <mode>', "how tasks continuing in one container share its vCPUs; default the dataset's platform.cpuSharing, else processor-sharing").choices([...CPU_SHARING_MODES]));
}

function price(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(Number.isFinite(n) && n >= 0)) throw new SlacklineError('cli', `--${name} must be a number >= 0, got "${text}"`);
  return n;
}

/** The prices of the flags over `base` (default AWS Lambda x86; `simulate`: the plan file's). */
export function costFromFlags(flags: InstanceFlags, base?: CostModel): CostModel {
  const gb = price('price-gb-s', flags.priceGbS);
  const inv = price('price-invocation', flags.priceInvocation);
  return resolveCostModel({ ...base, ...(gb !== undefined ? { pricePerGbSecond: gb } : {}), ...(inv !== undefined ? { pricePerInvocation: inv } : {}) });
}

/**
 * The runs a `--metrics` store holds for one workflow signature (the DAG itself still comes
 * from `--dataset`). A store without any run of that signature is an error naming both:
 * an empty fit would silently turn every prediction into a fallback or an unknown.
 */
export async function metricsRunsOf(spec: string, workflowName: string, signature: string): Promise<readonly RecordedRun[]> {
  // Redis: fetch only this workflow's history at open.
  const store = await openMetricsStore(spec, { signature });
  try {
    const { runs } = await store.load(signature);
    if (runs.length === 0) {
      throw new SlacklineError('cli', `--metrics ${store.describe} has no runs of workflow "${workflowName}" (signature ${signature}); load them first (e.g. \`slackline redis load\`) or choose another store`);
    }
    return runs;
  } finally {
    await store.close();
  }
}

/** `--overhead 50` or `--overhead 50,200` (ms per task, ms per run). */
export function parseOverhead(text: string): { overheadPerTaskMs: number; overheadPerRunMs: number } {
  const parts = text.split(',').map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length > 2 || parts.some((p) => p === '') || !values.every((v) => Number.isFinite(v) && v >= 0)) {
    throw new SlacklineError('cli', `--overhead must be <perTaskMs>[,<perRunMs>], numbers >= 0, got "${text}"`);
  }
  return { overheadPerTaskMs: values[0]!, overheadPerRunMs: values[1] ?? 0 };
}

/** `baseRules` (`simulate`: the plan file's timing rules) lie over the dataset's platform, the flags over both. */
export async function instanceFromFlags(flags: InstanceFlags, baseRules: Partial<TimingRules> = {}): Promise<PlanningInstance> {
  const file = resolveDataset(flags.dataset);
  const dataset = loadDataset(file);
  const workflow = selectWorkflow(dataset, flags.workflow);
  const metricsRuns = flags.metrics === undefined ? undefined : await metricsRunsOf(flags.metrics, workflow.name, workflow.signature);
  return prepareInstance({
    dataset,
    datasetName: shippedDataset(flags.dataset) !== undefined ? flags.dataset : file,
    workflowSignature: workflow.signature,
    sla: parseSla(flags.sla ?? DEFAULT_SLA),
    scaling: flags.scaling,
    unknownPolicy: flags.unknown,
    timingRules: { ...baseRules, ...(flags.overhead !== undefined ? parseOverhead(flags.overhead) : {}), ...(flags.cpuSharing !== undefined ? { cpuSharing: flags.cpuSharing } : {}) },
    ...(metricsRuns ? { metricsRuns } : {}),
  });
}
