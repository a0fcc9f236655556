/**
 * `slackline bench` (and `npm start`): the benchmark sweep. Every selected planner on
 * every selected dataset, over parameter grids, SLAs, deadlines and seeds, through the
 * worker pool; raw rows in `<results>/raw/`, then the markdown table (terminal and
 * `<results>/summary.md`), `<results>/summary.json`, SVG charts in `<results>/charts/` and
 * the HTML report `<results>/report.html` (`--no-report` skips it).
 * Finished runs are kept unless their inputs changed (stale rows are rerun and counted),
 * they errored or timed out (rerun unless `--keep-errored`), or `--force`; Ctrl-C stops
 * cleanly (exit 130) and keeps every finished row. The results folder is locked for the
 * sweep's duration: a second sweep on it exits 1 at once naming the holder.
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileDatasetSource } from '../../bench/queue/dataset-blobs.js';
import type { QueueSweepOptions } from '../../bench/queue/coordinator.js';
import { MAX_WORKER_THREADS, readSweepConfig, resolveSweepConfig, type SweepConfig } from '../../bench/config.js';
import { defaultPlannerRegistry } from '../../bench/planner-registry.js';
import { createProgress } from '../../bench/progress.js';
import { sweepProvenance } from '../../bench/provenance.js';
import { lockResults } from '../../bench/results-lock.js';
import { ResultsStore } from '../../bench/results-store.js';
import { expandSweep, runSweep, type SweepOutcome } from '../../bench/sweep.js';
import { createInlineRunner, createPlanPool } from '../../bench/worker-pool.js';
import { writeSweepReport } from '../../bench/write-report.js';
import { sweepCharts } from '../../bench/charts.js';
import { computeMetrics } from '../../bench/metrics-registry.js';
import type { RunRow } from '../../bench/run-row.js';
import { startChartRenderer } from '../../bench/chart-renderer.js';
import { shippedDatasets } from '../../dataset/registry.js';
import { ASSIGNMENT_IDS } from '../../planning/assignment/index.js';
import { isSlacklineError, SlacklineError } from '../../errors.js';
import type { ParamValue } from '../../planning/types.js';
import { buildReport } from './report.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { runStepsYielding } from '../../util/steps.js';
import type { DatasetSource } from '../../bench/bench-instance.js';
import { replaySnapshotInSteps, type ReplayReport } from '../../bench/replay.js';
import { REPLAY_SLA, replayFile } from '../../html-report/replay-file.js';
import { optionalIntegerFlag } from '../integer-option.js';

interface BenchFlags {
  config?: string;
  datasets?: string;
  algorithms?: string;
  param?: string[];
  sla?: string;
  deadline?: string;
  seeds?: string;
  workers?: string;
  timeout?: string;
  tryBudget?: string;
  assignment?: string;
  results?: string;
  force?: boolean;
  keepErrored?: boolean;
  throws?: boolean;
  json?: boolean;
  charts: boolean;
  confidence?: string;
  mcSamples?: string;
  evaluate?: string;
  trainShare?: string;
  report: boolean;
  queue?: string;
  queueName?: string;
  queuePrefix?: string;
}

/** A comma-separated flag; an empty one is refused, as the config file refuses `[]` (else the grid is silently empty). */
function list(name: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new SlacklineError('cli/bench', `--${name}: expected a comma-separated list, got "${text}"`);
  return items;
}


function evaluateFlag(text: string): 'in-sample' | 'holdout' {
  if (text !== 'in-sample' && text !== 'holdout') throw new SlacklineError('cli/bench', `--evaluate must be in-sample or holdout, got "${text}"`);
  return text;
}

function trainShareFlag(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n < 1)) throw new SlacklineError('cli/bench', `--train-share must be in (0, 1), got "${text}"`);
  return n;
}

function parseParamValue(text: string): ParamValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** `--param planner.name=v1,v2` (repeatable) into a params grid. */
function parseParamFlags(flags: readonly string[]): Record<string, Record<string, ParamValue[]>> {
  const grid: Record<string, Record<string, ParamValue[]>> = {};
  for (const flag of flags) {
    const match = /^([^.=]+)\.([^=]+)=(.+)$/.exec(flag);
    if (!match) throw new SlacklineError('cli/bench', `--param "${flag}": expected planner.name=value[,value...]`);
    const [, planner, name, values] = match as unknown as [string, string, string, string];
    const params = (grid[planner] ??= {});
    // A repeated name would silently keep the last; the grid syntax for several values is a comma list.
    if (Object.hasOwn(params, name)) throw new SlacklineError('cli/bench', `--param ${planner}.${name} is given twice; give several values as one list: --param ${planner}.${name}=a,b`);
    params[name] = values.split(',').map(parseParamValue);
  }
  return grid;
}

function flagsToConfig(flags: BenchFlags): Partial<SweepConfig> {
  const seeds = list('seeds', flags.seeds)?.map((s) => {
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(Number(s))) throw new SlacklineError('cli/bench', `--seeds: "${s}" is not a non-negative integer`);
    return Number(s);
  });
  const config: Record<string, unknown> = {
    datasets: list('datasets', flags.datasets),
    algorithms: list('algorithms', flags.algorithms),
    sla: list('sla', flags.sla),
    deadline: list('deadline', flags.deadline),
    seeds,
    workers: optionalIntegerFlag('cli/bench', 'workers', flags.workers, 0, MAX_WORKER_THREADS),
    timeoutMs: optionalIntegerFlag('cli/bench', 'timeout', flags.timeout, 1),
    tryBudget: optionalIntegerFlag('cli/bench', 'try-budget', flags.tryBudget, 1),
    assignment: list('assignment', flags.assignment)?.map((id) => {
      if (!ASSIGNMENT_IDS.includes(id)) throw new SlacklineError('cli/bench', `--assignment: unknown strategy "${id}"; known: ${ASSIGNMENT_IDS.join(', ')}`);
      return id;
    }),
    results: flags.results,
    params: flags.param && flags.param.length > 0 ? parseParamFlags(flags.param) : undefined,
    confidence: list('confidence', flags.confidence)?.map((c) => {
      if (c === 'none') return 'none';
      const n = Number(c);
      if (!(n > 0 && n < 1)) throw new SlacklineError('cli/bench', `--confidence: "${c}" is not a probability in (0, 1) or none`);
      return n;
    }),
    mcSamples: optionalIntegerFlag('cli/bench', 'mc-samples', flags.mcSamples, 0),
    evaluate: flags.evaluate === undefined ? undefined : evaluateFlag(flags.evaluate),
    trainShare: flags.trainShare === undefined ? undefined : trainShareFlag(flags.trainShare),
  };
  return config as Partial<SweepConfig>;
}

/** The coordinator of a queue sweep (BullMQ loaded only here); status lines only when the progress prints lines. */
async function runOnQueue(url: string, flags: BenchFlags, options: Omit<QueueSweepOptions, 'location'>): Promise<{ outcome: SweepOutcome; ranWith: string }> {
  const { runQueueSweep } = await import('../../bench/queue/coordinator.js');
  const { redactUrl } = await import('../../metrics/redis/connect.js');
  const interactive = process.stderr.isTTY === true && !process.env.CI;
  const outcome = await runQueueSweep({
    ...options,
    location: { url, ...(flags.queueName ? { name: flags.queueName } : {}), ...(flags.queuePrefix ? { prefix: flags.queuePrefix } : {}) },
    ...(interactive ? {} : { status: (line: string) => console.error(line) }),
  });
  const workers = Object.keys(outcome.workers).length;
  return { outcome, ranWith: `through the queue at ${redactUrl(url)} (${outcome.enqueued} job(s) enqueued, rows from ${workers} worker(s))` };
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('Run the benchmark sweep: planners x datasets x parameters, through the worker pool; writes a table, JSON and SVG charts')
    .option('--config <file>', 'JSON sweep config (datasets, algorithms, params, sla, deadline, seeds, workers, timeoutMs, tryBudget, results); flags override it')
    .option('--datasets <names>', 'comma-separated shipped dataset names or files (default: every shipped dataset)')
    .option('--algorithms <ids>', 'comma-separated planner ids (default: every registered planner)')
    .option('--param <planner.name=values>', 'parameter grid, repeatable: e.g. deadline-downgrade.order=saving,slack', (value: string, previous: string[] = []) => [...previous, value])
    .option('--sla <list>', 'comma-separated SLA statistics (default p90)')
    .option('--deadline <list>', 'comma-separated deadlines: 1.2x (factor of the fastest plan), 5000ms, or none (default 1.2x)')
    .option('--seeds <list>', 'comma-separated seeds (default 1)')
    .option('--confidence <list>', 'comma-separated probabilities the deadline should be met with (a grid axis; planners that simulate use it), or none (default none)')
    .option('--mc-samples <n>', 'Monte Carlo scenarios per run for P95 makespan, P(<= deadline) and SLO met; 0 disables (default 1000)')
    .option('--evaluate <mode>', 'in-sample, or holdout: fit the predictor on --train-share of each workflow\'s runs, measure attainment on the rest (default in-sample)')
    .option('--train-share <f>', 'with --evaluate holdout: share of the runs to fit on (default 0.7)')
    .option('--assignment <list>', `comma-separated worker assignments the planners start from: ${ASSIGNMENT_IDS.join(', ')} (default chain)`)
    .option('--workers <n>', 'worker threads; 0 runs in the main thread (default 2)')
    .option('--timeout <ms>', 'time limit per run, ms (default 60000)')
    .option('--try-budget <n>', 'try budget handed to search planners (default 1000000)')
    .option('--results <dir>', 'results directory (default results)')
    .option('--force', 'redo runs whose results exist')
    .option('--keep-errored', 'keep stored errored and timed-out rows instead of rerunning them')
    .option('--throws', 'rethrow the first planner error instead of recording it (debugging)')
    .option('--no-charts', 'skip the SVG charts')
    .option('--no-report', 'skip the HTML report (results/report.html)')
    .option('--json', 'print the summary as JSON instead of the markdown table')
    .option('--queue <url>', 'run the sweep on queue workers (`slackline worker`) through Redis: redis://host:port[/db]')
    .option('--queue-name <name>', 'with --queue: the queue name, as given to the workers (default sweep)')
    .option('--queue-prefix <prefix>', 'with --queue: BullMQ key prefix, as given to the workers (default slackline-queue)')
    .action(async (flags: BenchFlags, command: Command) => {
      if (flags.queue === undefined && (flags.queueName !== undefined || flags.queuePrefix !== undefined)) throw new SlacklineError('cli/bench', '--queue-name and --queue-prefix need --queue <url>');
      if (flags.queue !== undefined && flags.throws) throw new SlacklineError('cli/bench', '--throws runs planners in this process; it cannot be combined with --queue');
      // The argv given to the program (in-process tests pass their own): for provenance and the resume hint.
      const argv: readonly string[] = (command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv;
      const config = resolveSweepConfig(flags.config ? readSweepConfig(flags.config) : undefined, flagsToConfig(flags));
      const registry = defaultPlannerRegistry();
      // A results folder that does not exist holds no rows to keep and no other sweep's lock:
      // the threads start now and load their code while this thread loads the datasets.
      let early = flags.queue === undefined && config.workers > 0 && !existsSync(config.results) ? createPlanPool({ threads: config.workers, startNow: registry.ref }) : undefined;
      let sources: ReturnType<typeof fileDatasetSource>[];
      try {
        const names = config.datasets.length > 0 ? config.datasets : shippedDatasets().map((d) => d.name);
        // A name from the config file: its error also says where the config names it.
        const fromConfig = flags.config !== undefined && flags.datasets === undefined && config.datasets.length > 0 ? flags.config : undefined;
        sources = names.map((name, i) => {
          try {
            return fileDatasetSource(name);
          } catch (error) {
            if (fromConfig === undefined || !isSlacklineError(error)) throw error;
            throw new SlacklineError('bench/config', error.message.replace(/^slackline\/[^:]+: /, ''), { file: fromConfig, path: `$.datasets[${i}]` }, error.details);
          }
        });
      } catch (error) {
        await early?.close();
        throw error;
      }
      const knownPlanners = registry.planners.map((p) => p.id);
      let lock;
      try {
        for (const id of Object.keys(config.params)) {
          if (!knownPlanners.includes(id)) throw new SlacklineError('cli/bench', `params (--param or the config): unknown planner "${id}"; known: ${knownPlanners.join(', ')}`);
        }
        // Values for a planner the sweep does not run are kept in the config but have no effect: say so.
        const unused = config.algorithms.length === 0 ? [] : Object.keys(config.params).filter((id) => !config.algorithms.includes(id));
        if (unused.length > 0) console.error(`slackline/bench: params for ${unused.map((id) => `"${id}"`).join(', ')} unused: the sweep runs only ${config.algorithms.join(', ')}`);
        // The whole grid is checked (planners, parameter values per dataset, SLAs, deadlines) before the folder is touched.
        expandSweep(config, registry, sources);
        // Before any thread starts on a folder that exists: a folder in use is refused at once, naming who holds it.
        lock = await lockResults(config.results, { command: resumeCommand(argv) });
      } catch (error) {
        await early?.close();
        throw error;
      }
      const store = new ResultsStore(config.results);
      const startedAt = new Date();
      let runner;
      try {
        // The queue's workers run the jobs: no local threads then.
        runner = flags.queue !== undefined ? undefined : config.workers > 0 ? (early ?? createPlanPool({ threads: config.workers })) : createInlineRunner(registry.planners);
        early = undefined;
      } catch (error) {
        await lock.release();
        throw error;
      }
      // Started now, so the chart thread loads vega while the sweep runs.
      const charts = flags.charts === false ? undefined : startChartRenderer(join(config.results, '.cache', 'charts'));

      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130); // second Ctrl-C: leave now
        console.error('\nslackline/bench: interrupted; finishing cleanly (finished runs are kept; Ctrl-C again to quit at once)');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      // The report's replays depend on the datasets alone: computed between the sweep's jobs
      // (one recorded run per event-loop turn) instead of after them, where only this thread works.
      const replays = new Map<string, ReplayReport>();
      const replaying = flags.report && flags.queue === undefined ? replaysBetweenJobs(sources, config.results, replays, controller.signal).catch(() => undefined) : Promise.resolve(); // on a failure the report computes (and reports) it
      let outcome;
      let ranWith: string;
      try {
        const progress = createProgress({ log: (line) => console.error(line) });
        const resume = { force: flags.force === true, keepErrored: flags.keepErrored === true };
        if (runner !== undefined) {
          // An instance's cost vs makespan charts (one per deadline) are drawn as soon as its runs are in (into the
          // chart thread's cache): the summary's charts at the end find most of them drawn.
          const drawEarly = charts === undefined ? undefined : (rows: readonly RunRow[]) => void sweepCharts(computeMetrics(rows), knownPlanners, charts.render, { instancesOnly: true }).catch(() => undefined);
          outcome = await runSweep({ config, registry, sources, store, runner, ...resume, throws: flags.throws === true, progress, signal: controller.signal, ...(drawEarly ? { onInstanceDone: drawEarly } : {}) });
          ranWith = `with ${runner.threads} thread(s)`;
        } else {
          const queued = await runOnQueue(flags.queue!, flags, { config, registry, sources, store, ...resume, progress, signal: controller.signal });
          outcome = queued.outcome;
          ranWith = queued.ranWith;
        }
      } catch (error) {
        process.off('SIGINT', onSigint);
        await runner?.close();
        await charts?.close();
        await lock.release();
        throw error;
      }
      process.off('SIGINT', onSigint);
      await runner?.close();
      // Still under the lock: the summaries and the report read the folder the sweep wrote.
      try {
        const rows = store.readRows(outcome.planned.map((run) => run.key));
        const plannerIds = [...new Set(outcome.planned.map((run) => run.planner.id))];
        const provenance = sweepProvenance({ argv: argv.slice(1), config, registry, plannerIds, sources, startedAt, finishedAt: new Date() });
        // The summaries are written before the charts are awaited; the HTML report (which reads
        // summary.json, not the SVGs) is built meanwhile, while the chart thread renders.
        const writing = writeSweepReport(config.results, rows, { charts: flags.charts, plannerOrder: knownPlanners, provenance, ...(charts ? { render: charts.render } : {}) });
        const reportLines: string[] = [];
        const html = flags.report && !outcome.interrupted && rows.length > 0 ? replaying.then(() => buildReport(config.results, { plannerOrder: knownPlanners, sources, replays, trainShare: config.trainShare, ...(outcome.plans ? { plans: outcome.plans } : {}), ...(charts ? { compile: charts.compile } : {}) }, (line) => reportLines.push(line))) : undefined;
        // Both settle before anything is printed (a failure of either is thrown after both end).
        const [written, built] = await Promise.allSettled([writing, html]);
        if (written.status === 'rejected') throw written.reason;
        const report = written.value;
        if (flags.json) console.log(JSON.stringify({ outcome: { ran: outcome.ran, skipped: outcome.skipped, reasons: outcome.reasons, states: outcome.states, interrupted: outcome.interrupted, elapsedMs: outcome.elapsedMs }, overview: report.overview, summary: report.lines }, null, 2));
        else console.log(`${report.markdown}\n\nPer planner, over every instance:\n\n${report.overviewMarkdown}`);
        const states = Object.entries(outcome.states).map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
        console.error(
          `\nslackline/bench: ${outcome.planned.length} run(s) in the grid: ${outcome.ran} ran (${states}), ${outcome.skipped} skipped (already done; --force redoes them) in ${(outcome.elapsedMs / 1000).toFixed(1)} s ${ranWith}.`,
        );
        const { stale = 0, retry = 0 } = outcome.reasons;
        if (stale > 0) console.error(`slackline/bench: ${stale} stale row${stale === 1 ? '' : 's'} rerun (the data or its training share, the planner's code or the project version changed since they were computed).`);
        if (retry > 0) console.error(`slackline/bench: ${retry} errored or timed-out row${retry === 1 ? '' : 's'} rerun (--keep-errored keeps them).`);
        console.error(`slackline/bench: wrote ${store.rawDir}/, ${report.files.length} report file(s): ${report.files.slice(0, 3).join(', ')}${report.files.length > 3 ? ', ...' : ''}`);
        if (built.status === 'rejected') throw built.reason;
        if (built.value !== undefined) {
          for (const line of reportLines) console.error(line);
          console.error(`slackline/bench: report ${built.value}`);
        }
      } finally {
        await charts?.close();
        await lock.release();
      }
      if (outcome.interrupted) {
        process.exitCode = 130;
        console.error(`slackline/bench: interrupted; ${flags.report ? 'the HTML report is not written (the rerun writes it); ' : ''}to finish the rest, rerun: ${resumeCommand(argv)}${flags.queue !== undefined ? ' (queued jobs stay in the queue and workers keep running them; the rerun collects their rows)' : ''}`);
      }
    });
}

/** Replays of the datasets that have recorded runs and no stored replay, one run per event-loop turn, into `into`; stops when `signal` aborts. */
async function replaysBetweenJobs(sources: readonly DatasetSource[], resultsDir: string, into: Map<string, ReplayReport>, signal: AbortSignal): Promise<void> {
  for (const source of sources) {
    if (source.dataset === undefined || source.dataset.runs.length === 0 || existsSync(replayFile(resultsDir, source.name))) continue;
    await nextTurn(); // the sweep's first jobs go out before the first replay
    const replay = await runStepsYielding(replaySnapshotInSteps(source.name, source.dataset, { sla: REPLAY_SLA }), signal);
    if (replay === undefined) return;
    into.set(source.name, replay);
  }
}

/** The command that resumes an interrupted sweep: the same one without `--force` (which would redo every finished run). */
export function resumeCommand(argv: readonly string[]): string {
  const args = argv.slice(2).filter((arg) => arg !== '--force');
  const quote = (arg: string) => (/^[A-Za-z0-9_./:=,@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return ['slackline', ...args.map(quote)].join(' ');
}
