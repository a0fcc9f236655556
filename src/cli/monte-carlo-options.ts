/**
 * Options shared by `slackline plan` and `slackline simulate` for Monte Carlo: scenarios,
 * the shared per-run slowdown (a correlation, or `fitted` from the recorded runs), the
 * seed of the scenarios and the worker threads of large runs; and the untimed
 * preparation of the predicted distributions they need.
 */
import type { Command } from 'commander';
import { monteCarloInThreads } from '../bench/monte-carlo-pool.js';
import { SlacklineError } from '../errors.js';
import { prepareDistributions, type PlanningDistributions } from '../planning/prepare-distributions.js';
import type { PlanningInstance } from '../planning/prepare-instance.js';
import type { UnknownPolicy } from '../predict/types.js';
import type { CostModel } from '../timing/cost-model.js';
import { monteCarloJson, type MonteCarloJson } from '../report/monte-carlo-json.js';
import { DEFAULT_SAMPLES } from '../timing/monte-carlo.js';
import type { CompactPlan } from '../timing/types.js';
import { parseIntegerFlag } from './integer-option.js';

export interface MonteCarloFlags {
  samples?: string;
  correlation?: string;
  threads?: string;
}

export function addMonteCarloOptions(command: Command): Command {
  return command
    .option('--samples <n>', `Monte Carlo scenarios of the plan (default ${DEFAULT_SAMPLES} when Monte Carlo runs)`)
    .option('--correlation <rho|fitted>', 'shared per-run slowdown of the scenarios: a correlation in [0, 1), or `fitted` from the recorded runs (default 0: independent draws)')
    .option('--threads <n>', 'worker threads for large Monte Carlo runs (0 or 1: main thread)', '2');
}


export function samplesOf(flags: MonteCarloFlags): number {
  return flags.samples === undefined ? DEFAULT_SAMPLES : parseIntegerFlag('cli', 'samples', flags.samples, 1);
}

export function parseConfidence(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const c = Number(text);
  if (!(c > 0 && c < 1)) throw new SlacklineError('cli', `--confidence must be a probability in (0, 1), e.g. 0.95; got "${text}"`);
  return c;
}

/** The correlation the flags ask for (checked before anything is fitted). */
export function correlationSpec(flags: MonteCarloFlags): number | 'fitted' {
  const text = flags.correlation;
  if (text === undefined) return 0;
  if (text === 'fitted') return 'fitted';
  const rho = Number(text);
  if (!(rho >= 0 && rho < 1)) throw new SlacklineError('cli', `--correlation must be a number in [0, 1) or "fitted", got "${text}"`);
  return rho;
}

export interface MonteCarloSetup {
  readonly distributions: PlanningDistributions;
  readonly correlation: number;
  readonly samples: number;
  readonly threads: number;
}

export function monteCarloSetup(instance: PlanningInstance, flags: MonteCarloFlags, unknownPolicy: UnknownPolicy): MonteCarloSetup {
  const samples = samplesOf(flags);
  const spec = correlationSpec(flags);
  const threads = parseIntegerFlag('cli', 'threads', flags.threads ?? '2', 0);
  const distributions = prepareDistributions(instance, { unknownPolicy });
  return { distributions, correlation: spec === 'fitted' ? distributions.fittedCorrelation : spec, samples, threads };
}

export async function simulateScenarios(instance: PlanningInstance, setup: MonteCarloSetup, plan: CompactPlan, cost: CostModel, seed: number, deadlineMs: number | undefined): Promise<MonteCarloJson> {
  const report = await monteCarloInThreads(instance.dag, setup.distributions.grids, plan, {
    samples: setup.samples,
    seed,
    correlation: setup.correlation,
    cost,
    threads: setup.threads,
    ...(deadlineMs !== undefined ? { deadlineMs } : {}),
  });
  return monteCarloJson(instance.dag, report);
}
