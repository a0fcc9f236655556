/**
 * The sweep's grid: which datasets, planners, parameter values, SLAs, deadlines and seeds
 * to run, from a small JSON config file and/or command-line flags (flags win). Validated
 * with zod; a bad file gets an error naming the file and the JSON path.
 *
 * ```json
 * {
 *   "datasets": ["montage-small"],            // shipped names or files; default: every shipped dataset
 *   "algorithms": ["deadline-downgrade"],      // default: every registered planner
 *   "params": { "deadline-downgrade": { "order": ["saving", "slack"] } },
 *   "sla": ["p90"], "deadline": ["1.2x"], "seeds": [1],
 *   "assignment": ["chain", "one-per-task"],   // worker assignments the planners start from; default chain
 *   "workers": 2, "timeoutMs": 60000, "tryBudget": 1000000, "results": "results",
 *   "confidence": [0.95], "mcSamples": 1000,   // a grid axis; scenarios per run for P95 / P(<= D)
 *   "evaluate": "holdout", "trainShare": 0.7    // attainment on runs the predictor did not see
 * }
 * ```
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { SlacklineError } from '../errors.js';
import { ASSIGNMENT_IDS, DEFAULT_ASSIGNMENT } from '../planning/assignment/index.js';
import { DEFAULT_TRY_BUDGET } from '../planning/planning-context.js';
import type { ParamValue } from '../planning/types.js';

const paramValue = z.union([z.number(), z.string(), z.boolean()]);

/** More threads than cores only adds contention to CPU-bound planning: twice the cores at most. */
export const MAX_WORKER_THREADS = availableParallelism() * 2;

export const sweepConfigSchema = z
  .object({
    datasets: z.array(z.string().min(1)).min(1).optional(),
    algorithms: z.array(z.string().min(1)).min(1).optional(),
    params: z.record(z.string(), z.record(z.string(), z.union([paramValue, z.array(paramValue).min(1)]))).optional(),
    sla: z.array(z.string().min(1)).min(1).optional(),
    deadline: z.array(z.string().min(1)).min(1).optional(),
    seeds: z.array(z.number().int().nonnegative()).min(1).optional(),
    assignment: z.array(z.enum(ASSIGNMENT_IDS as [string, ...string[]])).min(1).optional(),
    workers: z.number().int().nonnegative().max(MAX_WORKER_THREADS, { message: `at most ${MAX_WORKER_THREADS} worker threads (twice the cores)` }).optional(),
    timeoutMs: z.number().positive().optional(),
    tryBudget: z.number().int().positive().optional(),
    results: z.string().min(1).optional(),
    confidence: z.array(z.union([z.number().gt(0).lt(1), z.literal('none')])).min(1).optional(),
    mcSamples: z.number().int().nonnegative().optional(),
    evaluate: z.enum(['in-sample', 'holdout']).optional(),
    trainShare: z.number().gt(0).lt(1).optional(),
  })
  .strict();

export type SweepConfigFile = z.infer<typeof sweepConfigSchema>;

/** The resolved grid (every field filled). */
export interface SweepConfig {
  /** Shipped dataset names or paths; empty = every shipped dataset. */
  readonly datasets: readonly string[];
  /** Planner ids; empty = every registered planner. */
  readonly algorithms: readonly string[];
  /** Per planner, per parameter: the values to sweep (others keep their default). */
  readonly params: Readonly<Record<string, Readonly<Record<string, readonly ParamValue[]>>>>;
  readonly sla: readonly string[];
  /** Deadlines as text (`1.2x`, `5000ms`); `none` for no deadline. */
  readonly deadline: readonly string[];
  readonly seeds: readonly number[];
  /** Worker-assignment strategies the planners start from (`assignment/index.ts`). */
  readonly assignment: readonly string[];
  /** Worker threads; 0 = run in the main thread. */
  readonly workers: number;
  readonly timeoutMs: number;
  readonly tryBudget: number;
  readonly results: string;
  /** Probabilities with which the deadline should be met (a grid axis); `none` for a run without. */
  readonly confidence: readonly (number | 'none')[];
  /** Monte Carlo scenarios per run for the distribution metrics (P95 makespan, deadline probability); 0 disables them. */
  readonly mcSamples: number;
  /** `holdout`: fit on `trainShare` of each workflow's runs, measure attainment on scenarios fitted on the rest. */
  readonly evaluate: 'in-sample' | 'holdout';
  readonly trainShare: number;
}

export const SWEEP_DEFAULTS: SweepConfig = Object.freeze({
  datasets: [],
  algorithms: [],
  params: {},
  sla: ['p90'],
  deadline: ['1.2x'],
  seeds: [1],
  assignment: [DEFAULT_ASSIGNMENT],
  workers: 2,
  timeoutMs: 60_000,
  tryBudget: DEFAULT_TRY_BUDGET,
  results: 'results',
  confidence: ['none' as const],
  mcSamples: 1000,
  evaluate: 'in-sample',
  trainShare: 0.7,
});

export function parseSweepConfig(value: unknown, file: string): SweepConfigFile {
  const parsed = sweepConfigSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `$${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}: ${issue.message}`);
    // Each problem carries its own path; the location names the file only (no path said twice).
    throw new SlacklineError('bench/config', `invalid sweep config: ${problems.join('; ')}`, { file }, problems);
  }
  return parsed.data;
}

export function readSweepConfig(file: string): SweepConfigFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SlacklineError('bench/config', `cannot read the sweep config: ${(error as Error).message}`, { file });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SlacklineError('bench/config', `not valid JSON: ${(error as Error).message}`, { file });
  }
  return parseSweepConfig(value, file);
}

/** Defaults, then the file, then flags (each layer only sets what it names). */
export function resolveSweepConfig(file: SweepConfigFile | undefined, flags: Partial<SweepConfig>): SweepConfig {
  const fromFile: Partial<SweepConfig> = file === undefined ? {} : { ...file, params: normalizeParams(file.params ?? {}) };
  const merged: Record<string, unknown> = { ...SWEEP_DEFAULTS };
  for (const layer of [fromFile, flags]) {
    for (const [name, value] of Object.entries(layer)) if (value !== undefined) merged[name] = value;
  }
  for (const axis of ['datasets', 'algorithms', 'sla', 'deadline', 'seeds', 'assignment', 'confidence'] as const) {
    const values = merged[axis] as readonly unknown[];
    const repeated = values.find((v, i) => values.indexOf(v) !== i);
    // A repeated value would run the same runs twice and write one file for both.
    if (repeated !== undefined) throw new SlacklineError('bench/config', `${axis} lists ${JSON.stringify(repeated)} twice`);
  }
  return Object.freeze(merged) as unknown as SweepConfig;
}

function normalizeParams(params: NonNullable<SweepConfigFile['params']>): Record<string, Record<string, ParamValue[]>> {
  const out: Record<string, Record<string, ParamValue[]>> = {};
  for (const [planner, grid] of Object.entries(params)) {
    out[planner] = {};
    for (const [name, values] of Object.entries(grid)) out[planner][name] = Array.isArray(values) ? [...values] : [values];
  }
  return out;
}

/** Every combination of the grid's values (cartesian product), names sorted; `{}` for an empty grid. */
export function expandParamGrid(grid: Readonly<Record<string, readonly ParamValue[]>>): Record<string, ParamValue>[] {
  let combos: Record<string, ParamValue>[] = [{}];
  for (const name of Object.keys(grid).sort()) {
    const next: Record<string, ParamValue>[] = [];
    for (const combo of combos) for (const value of grid[name]!) next.push({ ...combo, [name]: value });
    combos = next;
  }
  return combos;
}
