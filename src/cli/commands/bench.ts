/**
 * `slackline bench` (and `npm start`): the benchmark sweep. Every selected planner on
 * every selected dataset, over parameter grids, SLAs, deadlines and seeds, through the
 * worker pool; raw rows in `<results>/raw/`, then the markdown table (terminal and
 * `<results>/summary.md`), `<results>/summary.json`, SVG charts in `<results>/charts/` and
 * the HTML report `<results>/report.html` (`--no-report` skips it).
 * Finished runs are skipped unless `--force`; Ctrl-C stops cleanly (exit 130) and keeps
 * every finished row.
 */
import type { Command } from 'commander';
import { datasetSource } from '../../bench/bench-instance.js';
import { MAX_WORKER_THREADS, readSweepConfig, resolveSweepConfig, type SweepConfig } from '../../bench/config.js';
import { defaultPlannerRegistry } from '../../bench/planner-registry.js';
import { createProgress } from '../../bench/progress.js';
import { ResultsStore } from '../../bench/results-store.js';
import { runSweep } from '../../bench/sweep.js';
import { createInlineRunner, createPlanPool } from '../../bench/worker-pool.js';
import { writeSweepReport } from '../../bench/write-report.js';
import { shippedDatasets } from '../../dataset/registry.js';
import { ASSIGNMENT_IDS } from '../../planning/assignment/index.js';
import { SlacklineError } from '../../errors.js';
import type { ParamValue } from '../../planning/types.js';
import { buildReport } from './report.js';

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
  throws?: boolean;
  json?: boolean;
  charts: boolean;
  report: boolean;
}

/** A comma-separated flag; an empty one is refused, as the config file refuses `[]` (else the grid is silently empty). */
function list(name: string, text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new SlacklineError('cli/bench', `--${name}: expected a comma-separated list, got "${text}"`);
  return items;
}

function integerFlag(name: string, text: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new SlacklineError('cli/bench', `--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return value;
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
    (grid[planner] ??= {})[name] = values.split(',').map(parseParamValue);
  }
  return grid;
}

function flagsToConfig(flags: BenchFlags): Partial<SweepConfig> {
  const seeds = list('seeds', flags.seeds)?.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new SlacklineError('cli/bench', `--seeds: "${s}" is not a non-negative integer`);
    return n;
  });
  const config: Record<string, unknown> = {
    datasets: list('datasets', flags.datasets),
    algorithms: list('algorithms', flags.algorithms),
    sla: list('sla', flags.sla),
    deadline: list('deadline', flags.deadline),
    seeds,
    workers: integerFlag('workers', flags.workers, 0, MAX_WORKER_THREADS),
    timeoutMs: integerFlag('timeout', flags.timeout, 1),
    tryBudget: integerFlag('try-budget', flags.tryBudget, 1),
    assignment: list('assignment', flags.assignment)?.map((id) => {
      if (!ASSIGNMENT_IDS.includes(id)) throw new SlacklineError('cli/bench', `--assignment: unknown strategy "${id}"; known: ${ASSIGNMENT_IDS.join(', ')}`);
      return id;
    }),
    results: flags.results,
    params: flags.param && flags.param.length > 0 ? parseParamFlags(flags.param) : undefined,
  };
  return config as Partial<SweepConfig>;
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
    .option('--assignment <list>', `comma-separated worker assignments the planners start from: ${ASSIGNMENT_IDS.join(', ')} (default chain)`)
    .option('--workers <n>', 'worker threads; 0 runs in the main thread (default 2)')
    .option('--timeout <ms>', 'time limit per run, ms (default 60000)')
    .option('--try-budget <n>', 'try budget handed to search planners (default 1000000)')
    .option('--results <dir>', 'results directory (default results)')
    .option('--force', 'redo runs whose results exist')
    .option('--throws', 'rethrow the first planner error instead of recording it (debugging)')
    .option('--no-charts', 'skip the SVG charts')
    .option('--no-report', 'skip the HTML report (results/report.html)')
    .option('--json', 'print the summary as JSON instead of the markdown table')
    .action(async (flags: BenchFlags) => {
      const config = resolveSweepConfig(flags.config ? readSweepConfig(flags.config) : undefined, flagsToConfig(flags));
      const names = config.datasets.length > 0 ? config.datasets : shippedDatasets().map((d) => d.name);
      const sources = names.map((name) => datasetSource(name));
      const registry = defaultPlannerRegistry();
      const knownPlanners = registry.planners.map((p) => p.id);
      for (const id of Object.keys(config.params)) {
        if (!knownPlanners.includes(id)) throw new SlacklineError('cli/bench', `params (--param or the config): unknown planner "${id}"; known: ${knownPlanners.join(', ')}`);
      }
      const store = new ResultsStore(config.results);
      const runner = config.workers > 0 ? createPlanPool({ threads: config.workers }) : createInlineRunner(registry.planners);

      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130); // second Ctrl-C: leave now
        console.error('\nslackline/bench: interrupted; finishing cleanly (finished runs are kept; Ctrl-C again to quit at once)');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      let outcome;
      try {
        outcome = await runSweep({
          config,
          registry,
          sources,
          store,
          runner,
          force: flags.force === true,
          throws: flags.throws === true,
          progress: createProgress({ log: (line) => console.error(line) }),
          signal: controller.signal,
        });
      } finally {
        process.off('SIGINT', onSigint);
        await runner.close();
      }
      const keys = new Set(outcome.planned.map((run) => run.key.key));
      const rows = store.readAll().filter((row) => keys.has(row.key));
      const report = await writeSweepReport(config.results, rows, { charts: flags.charts, plannerOrder: knownPlanners });
      if (flags.json) console.log(JSON.stringify({ outcome: { ran: outcome.ran, skipped: outcome.skipped, states: outcome.states, interrupted: outcome.interrupted, elapsedMs: outcome.elapsedMs }, overview: report.overview, summary: report.lines }, null, 2));
      else console.log(`${report.markdown}\n\nPer planner, over every instance:\n\n${report.overviewMarkdown}`);
      const states = Object.entries(outcome.states).map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
      console.error(
        `\nslackline/bench: ${outcome.planned.length} run(s) in the grid: ${outcome.ran} ran (${states}), ${outcome.skipped} skipped (already done; --force redoes them) in ${(outcome.elapsedMs / 1000).toFixed(1)} s with ${runner.threads} thread(s).`,
      );
      console.error(`slackline/bench: wrote ${store.rawDir}/, ${report.files.length} report file(s): ${report.files.slice(0, 3).join(', ')}${report.files.length > 3 ? ', ...' : ''}`);
      if (flags.report && !outcome.interrupted && rows.length > 0) {
        const file = await buildReport(config.results, { plannerOrder: knownPlanners, sources });
        console.error(`slackline/bench: report ${file}`);
      }
      if (outcome.interrupted) {
        console.error('slackline/bench: interrupted; rerun the same command to finish the rest.');
        process.exitCode = 130;
      }
    });
}
