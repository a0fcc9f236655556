/**
 * The benchmark sweep: planners x datasets x parameter grids x SLAs x deadlines x seeds.
 *
 * 1. Expand the grid into run specs, each with its deterministic key (`run-key.ts`).
 * 2. Resume (`results-store.ts` `decide`): keep a stored row when it was computed from
 *    the same inputs (data hash, planner version, project version) and did not fail;
 *    rerun stale rows and, unless `keepErrored`, errored and timed-out ones; `force`
 *    reruns everything. The counts are reported ("3 stale rows rerun").
 * 3. Run the rest through the job runner (worker pool), at most one job per thread in
 *    flight so each job's time limit counts its own run only, instance by instance.
 *    Instances (DAG + predicted duration table) are prepared once, lazily, in the main
 *    thread, and shared with the threads as SharedArrayBuffers; the next instance's grids
 *    are built in steps while the current one's runs are out on the threads.
 * 4. Each finished run is written atomically as its own row (and a done run's plan as a
 *    plan file beside it, `results-store.ts`), as soon as its lane's next job is out on
 *    its thread, with the disk syncs off the main thread (awaited before the sweep
 *    returns, Ctrl-C included): errors, time-outs,
 *    infeasible deadlines (below the fastest makespan) and refusals included (a refusal is known up front from `maxTasks` /
 *    `requiresDeadline`, or thrown by the planner as a `PlannerRefusal`). When `signal`
 *    aborts (Ctrl-C), nothing new starts, running jobs are cancelled (their threads
 *    terminated), and every finished row stays on disk.
 */
import { createHash } from 'node:crypto';
import { SlacklineError } from '../errors.js';
import { timeGreater } from '../timing/tolerance.js';
import { resolveTimingRules } from '../timing/timing-rules.js';
import { infeasibleDeadline, parseDeadline } from '../planning/deadline.js';
import { toPlanFile, type PlanFile } from '../report/plan-file.js';
import { checkParamsForInstance, resolveParams } from '../planning/resolve-params.js';
import { upFrontRefusal } from '../planning/planner-refusal.js';
import { parseSla } from '../predict/sla.js';
import type { PlannerModule } from '../planning/types.js';
import type { DatasetSource, BenchInstance } from './bench-instance.js';
import { expandParamGrid, type SweepConfig } from './config.js';
import type { PlanJob } from './job.js';
import { plannerVersion, type PlannerRegistry } from './planner-registry.js';
import { projectVersion } from './project-version.js';
import type { Progress } from './progress.js';
import { silentProgress } from './progress.js';
import type { ResultsStore, ResumeDecision } from './results-store.js';
import { runKey, type RunKey, type RunSpec } from './run-key.js';
import { RUN_ROW_VERSION, type RunRow, type RunState } from './run-row.js';
import type { JobRunner } from './worker-pool.js';
import { Measurements } from './measurements.js';

export interface PlannedRun {
  readonly spec: RunSpec;
  readonly key: RunKey;
  readonly source: DatasetSource;
  readonly planner: PlannerModule;
}

export interface SweepOptions {
  readonly config: SweepConfig;
  readonly registry: PlannerRegistry;
  readonly sources: readonly DatasetSource[];
  readonly store: ResultsStore;
  readonly runner: JobRunner;
  /** Redo runs whose rows exist. */
  readonly force?: boolean;
  /** Keep stored errored and timed-out rows instead of rerunning them. */
  readonly keepErrored?: boolean;
  /** Rethrow the first planner error instead of recording it (debugging). */
  readonly throws?: boolean;
  readonly progress?: Progress;
  /** Aborting stops the sweep cleanly (Ctrl-C). */
  readonly signal?: AbortSignal;
  /**
   * Called once an instance's runs are all recorded, with its rows in grid order (as the
   * summary reads them back), when every run of the instance ran now (`bench` draws its chart
   * then, while the threads go on). Errors thrown here are ignored.
   */
  readonly onInstanceDone?: (rows: readonly RunRow[]) => void;
}

export interface SweepOutcome {
  /** Every run of the grid, done before or now. */
  readonly planned: readonly PlannedRun[];
  /** Runs kept from an earlier sweep (current rows). */
  readonly skipped: number;
  /** Why each run that ran now was run: new, stale (inputs changed), retry (errored / timed out before), forced. */
  readonly reasons: Readonly<Partial<Record<Exclude<ResumeDecision, 'keep'>, number>>>;
  readonly ran: number;
  readonly states: Readonly<Partial<Record<RunState, number>>>;
  readonly interrupted: boolean;
  readonly elapsedMs: number;
  /** The plans of the runs done now, by row file name (the report draws them without reading them back). */
  readonly plans?: ReadonlyMap<string, PlanFile>;
}

/**
 * Every run of the grid, in a stable order, each with its key (identity + inputs).
 * Throws, before anything runs, on an unknown planner, a bad parameter value (the same
 * checks `plan` makes, including those that depend on each dataset, e.g. a size not on its
 * ladder), a bad SLA or deadline.
 */
export function expandSweep(config: SweepConfig, registry: PlannerRegistry, sources: readonly DatasetSource[]): PlannedRun[] {
  // Bad SLA or deadline text is the user's input error, found before anything runs.
  for (const sla of config.sla) parseSla(sla);
  for (const deadline of config.deadline) if (deadline !== 'none') parseDeadline(deadline);
  const selected = config.algorithms.length === 0 ? registry.planners : config.algorithms.map((id) => plannerById(registry, id));
  const runs: PlannedRun[] = [];
  const project = projectVersion();
  for (const planner of selected) {
    const grid = config.params[planner.id] ?? {};
    const version = plannerVersion(registry, planner.id);
    for (const combo of expandParamGrid(grid)) {
      // Every parameter, defaults filled in, so `--param x=<default>` and no flag share a key.
      const params = resolveParams(planner, combo);
      for (const source of sources) {
        checkParamsForInstance(planner, params, { ladderMb: source.ladderMb }, `dataset "${source.name}"`);
        for (const workflow of source.workflows) {
          const inputs = { data: fittedDataHash(workflow.dataHash, config), planner: version, project };
          for (const sla of config.sla) {
            for (const deadline of config.deadline) {
              for (const seed of config.seeds) {
                for (const assignment of config.assignment.length > 0 ? config.assignment : ['chain']) {
                  for (const confidence of config.confidence) {
                    const spec: RunSpec = {
                      dataset: source.name,
                      workflow: workflow.name,
                      planner: planner.id,
                      params,
                      sla,
                      deadline: deadline === 'none' ? null : deadline,
                      seed,
                      ...(confidence !== 'none' ? { confidence } : {}),
                      ...(config.evaluate === 'holdout' ? { evaluate: 'holdout' as const } : {}),
                      ...(assignment !== 'chain' ? { assignment } : {}),
                    };
                    runs.push({ spec, key: runKey(spec, inputs), source, planner });
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return runs;
}

/**
 * The data a run is computed from: with `--evaluate holdout` the predictor is fitted on
 * `trainShare` of the runs, so the share is part of it (another share makes the stored rows
 * stale); in-sample, the workflow's own hash.
 */
export function fittedDataHash(dataHash: string, config: Pick<SweepConfig, 'evaluate' | 'trainShare'>): string {
  if (config.evaluate !== 'holdout') return dataHash;
  return createHash('sha256').update(`${dataHash}/holdout/train=${config.trainShare}`).digest('hex').slice(0, 16);
}

function plannerById(registry: PlannerRegistry, id: string): PlannerModule {
  const planner = registry.planners.find((p) => p.id === id);
  if (planner === undefined) throw new SlacklineError('bench', `unknown planner "${id}"; known: ${registry.planners.map((p) => p.id).join(', ')}`);
  return planner;
}

/**
 * The resume rule shared by the local and the queue sweep (`results-store.ts` `decide`):
 * a run is pending when it is new, stale, errored before, or forced; counted per reason.
 */
export function pendingRuns(planned: readonly PlannedRun[], store: ResultsStore, options: { readonly force?: boolean; readonly keepErrored?: boolean }): { todo: PlannedRun[]; reasons: Partial<Record<Exclude<ResumeDecision, 'keep'>, number>> } {
  const reasons: Partial<Record<Exclude<ResumeDecision, 'keep'>, number>> = {};
  const todo = planned.filter((run) => {
    const decision = store.decide(run.key, { force: options.force === true, keepErrored: options.keepErrored === true });
    if (decision === 'keep') return false;
    reasons[decision] = (reasons[decision] ?? 0) + 1;
    return true;
  });
  return { todo, reasons };
}

export async function runSweep(options: SweepOptions): Promise<SweepOutcome> {
  const started = Date.now();
  const { config, store, runner, signal } = options;
  const progress = options.progress ?? silentProgress;
  const planned = expandSweep(config, options.registry, options.sources);
  const { todo, reasons } = pendingRuns(planned, store, options);
  const skipped = planned.length - todo.length;
  const states: Partial<Record<RunState, number>> = {};
  store.ensureDir();

  const instances = new Map<string, BenchInstance>();
  const instanceId = (run: PlannedRun): string => `${run.source.name}\u0000${run.spec.workflow}\u0000${run.spec.sla}\u0000${run.spec.evaluate ?? ''}`;
  const instanceOf = (run: PlannedRun): BenchInstance => {
    const id = instanceId(run);
    let instance = instances.get(id);
    if (instance === undefined) {
      instance = run.source.prepare(run.spec.workflow, run.spec.sla, { evaluate: config.evaluate, trainShare: config.trainShare });
      instances.set(id, instance);
    }
    return instance;
  };

  // Runs go instance by instance (every planner of one instance, then the next), and while
  // one instance's runs go to the threads, the next instance's grids are built in steps on
  // this thread: the threads are not left idle while grids are built (the rows are the same
  // in any order; the summary lists them in grid order).
  const firstSeen = new Map<string, number>();
  for (const run of todo) if (!firstSeen.has(instanceId(run))) firstSeen.set(instanceId(run), firstSeen.size);
  const order = todo.map((run, i) => ({ run, i, instance: firstSeen.get(instanceId(run))! }));
  order.sort((a, b) => a.instance - b.instance || a.i - b.i);
  todo.splice(0, todo.length, ...order.map((o) => o.run));
  /** Grids of the run's instance prepared in steps, when the run needs them; a failure is left for `executeRun` to record. */
  const ready = (run: PlannedRun): Promise<void> => {
    if (!needsGrids(run, config)) return Promise.resolve();
    let instance: BenchInstance;
    try {
      instance = instanceOf(run);
    } catch {
      return Promise.resolve();
    }
    return instance.prepareGrids?.().catch(() => undefined) ?? Promise.resolve();
  };
  const nextInstanceAfter = (at: number): PlannedRun | undefined => {
    const id = instanceId(todo[at]!);
    for (let j = at + 1; j < todo.length; j++) if (instanceId(todo[j]!) !== id) return todo[j];
    return undefined;
  };

  // Instances whose every planned run is in `todo`: their rows, slot by slot in grid order.
  const instanceRows = new Map<string, { rows: (RunRow | undefined)[]; left: number }>();
  const slotOf = new Map<PlannedRun, number>();
  if (options.onInstanceDone !== undefined) {
    const plannedCount = new Map<string, number>();
    for (const run of planned) plannedCount.set(instanceId(run), (plannedCount.get(instanceId(run)) ?? 0) + 1);
    for (const run of todo) {
      const id = instanceId(run);
      let entry = instanceRows.get(id);
      if (entry === undefined) instanceRows.set(id, (entry = { rows: [], left: 0 }));
      slotOf.set(run, entry.rows.length);
      entry.rows.push(undefined);
      entry.left++;
    }
    for (const [id, entry] of instanceRows) if (entry.left !== plannedCount.get(id)) instanceRows.delete(id);
  }
  const recorded = (run: PlannedRun, row: RunRow): void => {
    const entry = instanceRows.get(instanceId(run));
    if (entry === undefined) return;
    entry.rows[slotOf.get(run)!] = row;
    if (--entry.left > 0) return;
    instanceRows.delete(instanceId(run));
    try {
      options.onInstanceDone!(entry.rows as RunRow[]);
    } catch {
      // a chart drawn early is a cache entry; the report draws it again if need be
    }
  };

  progress.start(todo.length);
  let next = 0;
  let ran = 0;
  let rethrow: unknown;
  const measurements = new Measurements();
  const writes: Promise<void>[] = [];
  const plans = new Map<string, PlanFile>();
  let writeError: unknown;
  const lanes = Math.max(1, runner.threads);
  const lane = async (): Promise<void> => {
    // A finished run whose files are not written yet: they are written once the lane's next
    // job is out on its thread (fsyncs take milliseconds; the thread need not wait for them).
    let finished: { readonly run: PlannedRun; readonly outcome: NonNullable<Awaited<ReturnType<typeof executeRun>>> } | undefined;
    const record = (): void => {
      if (finished === undefined) return;
      const { run, outcome: row } = finished;
      finished = undefined;
      if (options.throws && row.row.state === 'errored') {
        // Debugging: surface the error itself and record nothing, so the next run retries.
        rethrow ??= row.cause ?? new Error(row.row.error);
        return;
      }
      // The plan, then the row; the disk syncs run off this thread, awaited before the sweep returns.
      writes.push(store.writeRun(run.key, row.row, row.plan).catch((error: unknown) => void (writeError ??= error)));
      if (row.plan !== undefined) plans.set(run.key.fileName, row.plan);
      ran++;
      states[row.row.state] = (states[row.row.state] ?? 0) + 1;
      progress.tick(progressLabel(run, row.row));
      recorded(run, row.row);
    };
    while (next < todo.length && !signal?.aborted && rethrow === undefined && writeError === undefined) {
      const at = next++;
      const run = todo[at]!;
      const ahead = nextInstanceAfter(at);
      if (ahead !== undefined) void ready(ahead);
      await ready(run);
      if (signal?.aborted) break;
      const pending = executeRun(run, instanceOf, options.registry.ref, runner, config, signal, measurements);
      record();
      const row = await pending;
      if (row !== undefined) finished = { run, outcome: row }; // undefined: cancelled, not finished, not written
    }
    record();
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await Promise.all(writes);
    progress.stop();
  }
  if (writeError !== undefined) throw writeError;
  if (rethrow !== undefined) throw rethrow;
  return { planned, skipped, reasons, ran, states, interrupted: signal?.aborted === true, elapsedMs: Date.now() - started, plans };
}

/** Whether a run needs its instance's distributions: for the metrics, a confidence, or a planner that simulates. */
export function needsGrids(run: PlannedRun, config: Pick<SweepConfig, 'mcSamples'>): boolean {
  return config.mcSamples > 0 || (run.spec.confidence ?? undefined) !== undefined || run.planner.usesDistributions === true;
}

/** What the progress shows for a finished run (the local sweep and the queue coordinator alike). */
export function progressLabel(run: PlannedRun, row: RunRow): string {
  return `${run.spec.dataset}/${run.spec.planner} ${row.state}${row.result ? ` ${row.result.makespanMs.toFixed(0)} ms` : ''}`;
}

/** The fields every row of a run starts with, whatever its outcome. */
export function rowHead(run: PlannedRun, size: { readonly tasks: number; readonly edges: number }, deadlineMs: number | null, fastestMakespanMs: number | null, threads: number) {
  return {
    ...run.spec,
    version: RUN_ROW_VERSION as typeof RUN_ROW_VERSION,
    key: run.key.key,
    hash: run.key.hash,
    inputs: run.key.inputs,
    fingerprint: run.key.fingerprint,
    tasks: size.tasks,
    edges: size.edges,
    deadlineMs,
    fastestMakespanMs,
    threads,
  };
}

/**
 * Runs one planned run through `runner` and builds its row (undefined when cancelled).
 * The local sweep calls it for every run; a queue worker (`queue/queue-worker.ts`) calls it
 * for every job it takes, which is why both give the same row for the same run.
 */
export async function executeRun(
  run: PlannedRun,
  instanceOf: (run: PlannedRun) => BenchInstance,
  registryRef: PlannerRegistry['ref'],
  runner: JobRunner,
  config: Pick<SweepConfig, 'timeoutMs' | 'tryBudget' | 'mcSamples'>,
  signal: AbortSignal | undefined,
  measurements?: Measurements,
): Promise<{ row: RunRow; plan?: PlanFile; cause?: unknown } | undefined> {
  const started = performance.now();
  const base = (instance: { tasks: number; edges: number }, deadlineMs: number | null, fastestMakespanMs: number | null) => rowHead(run, instance, deadlineMs, fastestMakespanMs, runner.threads);
  const workflow = run.source.workflows.find((w) => w.name === run.spec.workflow)!;
  const refusal = upFrontRefusal(run.planner, workflow.tasks, run.spec.deadline !== null);
  if (refusal !== undefined) return { row: { ...base(workflow, null, null), state: 'refused', error: refusal, wallMs: 0, finishedAt: new Date().toISOString() } };
  let instance: BenchInstance;
  let deadlineMs: number | null;
  let fastestMs: number;
  try {
    instance = instanceOf(run);
    deadlineMs = instance.deadlineMs(run.spec.deadline);
    fastestMs = instance.fastestMakespanMs();
  } catch (error) {
    const row: RunRow = { ...base(workflow, null, null), state: 'errored', error: `preparing the instance: ${error instanceof Error ? error.message : String(error)}`, wallMs: performance.now() - started, finishedAt: new Date().toISOString() };
    return { row, cause: error };
  }
  const infeasible = deadlineMs === null ? undefined : infeasibleDeadline(deadlineMs, fastestMs);
  if (infeasible !== undefined) {
    const row: RunRow = { ...base({ tasks: instance.dag.taskCount, edges: instance.dag.edgeCount }, deadlineMs, fastestMs), state: 'infeasible', error: infeasible, wallMs: 0, finishedAt: new Date().toISOString() };
    return { row };
  }
  // Distributions when the metrics, a confidence or the planner need them (prepared once per instance, untimed).
  const confidence = run.spec.confidence ?? undefined;
  let grids: ReturnType<BenchInstance['grids']> | undefined;
  let heldOutGrids: ReturnType<BenchInstance['heldOutGrids']>;
  try {
    if (needsGrids(run, config)) grids = instance.grids();
    if (grids !== undefined && config.mcSamples > 0 && run.spec.evaluate === 'holdout') heldOutGrids = instance.heldOutGrids();
  } catch (error) {
    const row: RunRow = { ...base(workflow, null, null), state: 'errored', error: `preparing the distributions: ${error instanceof Error ? error.message : String(error)}`, wallMs: performance.now() - started, finishedAt: new Date().toISOString() };
    return { row, cause: error };
  }
  const measuredApart = measurements !== undefined && runner.measure !== undefined && grids !== undefined && config.mcSamples > 0;
  const submitted = performance.now(); // wall time counts the job (and its measurement), not the one-off instance preparation
  const job: PlanJob = {
    registry: registryRef,
    plannerId: run.planner.id,
    params: run.spec.params,
    seed: run.spec.seed,
    dag: instance.dag,
    durations: instance.durations,
    cost: instance.cost,
    ...(deadlineMs !== null ? { deadlineMs } : {}),
    tryBudget: config.tryBudget,
    // Measured apart (once per distinct plan of the instance) when the runner and the caller can; else in the job.
    ...(grids !== undefined ? { grids, ...(measuredApart ? {} : { mcSamples: config.mcSamples }) } : {}),
    ...(heldOutGrids !== undefined && !measuredApart ? { heldOutGrids } : {}),
    ...(confidence !== undefined ? { confidence } : {}),
    ...(run.spec.assignment !== undefined ? { assignment: run.spec.assignment } : {}),
  };
  const limits = { timeoutMs: config.timeoutMs, ...(signal ? { signal } : {}) };
  let attempt = await runner.run(job, limits);
  if (measuredApart && attempt.state === 'done') {
    const plan = attempt.result.plan;
    const measured = await measurements.of(instance, plan, { seed: run.spec.seed, mcSamples: config.mcSamples, deadlineMs }, () =>
      runner.measure!({ kind: 'measure', dag: instance.dag, grids: grids!, ...(heldOutGrids !== undefined ? { heldOutGrids } : {}), plan, seed: run.spec.seed, mcSamples: config.mcSamples, ...(deadlineMs !== null ? { deadlineMs } : {}), cost: instance.cost }, limits),
    );
    attempt = measured.state === 'done' ? { state: 'done', result: { ...attempt.result, distribution: measured.result } } : measured;
  }
  const finished = { wallMs: performance.now() - submitted, finishedAt: new Date().toISOString() };
  const head = base({ tasks: instance.dag.taskCount, edges: instance.dag.edgeCount }, deadlineMs, fastestMs);
  switch (attempt.state) {
    case 'cancelled':
      return undefined;
    case 'timed-out':
      return { row: { ...head, state: 'timed-out', error: `time limit of ${attempt.timeoutMs} ms reached; the thread was terminated`, ...finished } };
    case 'errored':
      return { row: { ...head, state: 'errored', error: attempt.error, ...finished }, cause: attempt.cause };
    case 'refused':
      return { row: { ...head, state: 'refused', error: attempt.reason, ...finished } };
    case 'done': {
      const { report, planningMs, claimsDeadline, stats, distribution } = attempt.result;
      const result = {
        makespanMs: report.makespanMs,
        costUsd: report.costUsd,
        gbSeconds: report.gbSeconds,
        workers: report.workers,
        coldStarts: report.coldStarts,
        warmStarts: report.warmStarts,
        bytesMoved: report.bytesMoved,
        planningMs,
        claimsDeadline,
        deadlineMet: deadlineMs === null ? null : !timeGreater(report.makespanMs, deadlineMs),
        stats,
        ...(distribution ?? {}),
      };
      // A number that is not finite would print as Infinity / NaN / null in every table: an error row instead.
      const bad = nonFiniteFields(result);
      if (bad.length > 0) return { row: { ...head, state: 'errored', error: `the simulated plan has non-finite ${bad.join(', ')} (durations or prices too large?)`, ...finished } };
      const plan = toPlanFile(
        { datasetName: run.spec.dataset, workflow, dag: instance.dag, ladderMb: instance.durations.ladderMb, sla: run.spec.sla, scaling: instance.scaling },
        attempt.result.plan,
        { algorithm: run.planner.id, params: run.spec.params, seed: run.spec.seed, prices: instance.cost, timingRules: resolveTimingRules(instance.durations.rules), ...(deadlineMs !== null ? { deadlineMs } : {}), predicted: { makespanMs: report.makespanMs, costUsd: report.costUsd } },
      );
      return { row: { ...head, state: 'done', result, ...finished }, plan };
    }
  }
}

/** Names of the numeric fields of a result that are not finite (`stats.x` for counters). */
function nonFiniteFields(result: Record<string, unknown> & { stats: Readonly<Record<string, number>> }): string[] {
  const bad: string[] = [];
  for (const [name, value] of Object.entries(result)) if (typeof value === 'number' && !Number.isFinite(value)) bad.push(name);
  for (const [name, value] of Object.entries(result.stats)) if (!Number.isFinite(value)) bad.push(`stats.${name}`);
  return bad;
}
