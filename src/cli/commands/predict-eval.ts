/**
 * `slackline predict-eval [dataset]`: accuracy of execution-time prediction on recorded
 * runs (held-out runs by seeded k-fold, held-out memory sizes), for every scaling model x
 * SLA statistic; MAPE and p90 error per func and overall (`src/predict/evaluate-predictor.ts`).
 * The runs come from a dataset (shipped name or file) or from a third-party source
 * converted on the fly: `--source sebs-artifact|sizeless|sebs-flow [--dir <path>]`
 * (default dir: ../shared/datasets/<folder>), or from any metrics store:
 * `--metrics <file | shipped name | redis://...>` (every run of every workflow it holds).
 * Held-out memory rows come per kind (interpolation / extrapolation) and per held-out size
 * too; `--per-func` adds each func's errors and the model `auto` chose for it, and why.
 */
import type { Command } from 'commander';
import { boxTable } from '../box-table.js';
import { SlacklineError } from '../../errors.js';
import { loadDataset } from '../../dataset/load-dataset.js';
import { resolveDataset } from '../../dataset/registry.js';
import { evaluatePredictor, EVAL_DEFAULTS, EVAL_MODES, type EvalMode } from '../../predict/evaluate-predictor.js';
import { evalSource, sharedSourceDir, EVAL_SOURCES } from '../../predict/eval-sources.js';
import { choicesTable, kindTable, markdownTable, overallTable, perFuncTables, type TextTable } from '../../predict/format-eval.js';
import type { CpuProvider } from '../../predict/cpu-share.js';
import { parseSla } from '../../predict/sla.js';
import { DEFAULT_SPREAD_GROWTH } from '../../predict/quantile-across-levels.js';
import { getScalingModel, type ScalingModelId } from '../../predict/scaling/index.js';
import { formatWarnings } from '../../import/import-warning.js';
import { writeJsonAtomic } from '../../util/atomic-write.js';
import { openMetricsStore } from '../../metrics/open-store.js';
import { metricsOption } from '../metrics-option.js';
import type { RecordedRun } from '../../dataset/types.js';
import type { SlaStatistic } from '../../predict/types.js';
import { integerOption } from '../integer-option.js';

const MODE_ALIASES: Readonly<Record<string, EvalMode>> = { runs: 'held-out-runs', memory: 'held-out-memory', 'held-out-runs': 'held-out-runs', 'held-out-memory': 'held-out-memory' };

function list(name: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (items.length === 0) throw new SlacklineError('cli/predict-eval', `--${name}: expected a comma-separated list, got "${text}"`);
  return items;
}

const folds = integerOption('cli/predict-eval', 'folds', 2);
const seed = integerOption('cli/predict-eval', 'seed', Number.MIN_SAFE_INTEGER);

interface Options {
  source?: string;
  dir?: string;
  scaling: string;
  sla: string;
  mode: string;
  folds: number;
  seed: number;
  powerAlpha?: string;
  spreadGrowth?: string;
  perFunc?: boolean;
  markdown?: boolean;
  json?: boolean;
  out?: string;
  quiet?: boolean;
  metrics?: string;
}

export function register(program: Command): void {
  program
    .command('predict-eval')
    .description('Accuracy of execution-time prediction: fit on part of the runs, predict the rest (held-out runs and held-out memory sizes), per scaling model and SLA statistic')
    .argument('[dataset]', 'shipped dataset name or dataset file (or use --source)')
    .option('--source <id>', `convert a third-party source on the fly: ${EVAL_SOURCES.map((s) => s.id).join(', ')}`)
    .option('--dir <path>', 'folder of the --source (default: ../shared/datasets/<folder>)')
    .option('--scaling <list>', 'scaling models, comma-separated', EVAL_DEFAULTS.scalings.join(','))
    .option('--sla <list>', 'SLA statistics, comma-separated (mean, median, pNN)', EVAL_DEFAULTS.slas.join(','))
    .option('--mode <list>', 'runs (held-out runs, k-fold) and/or memory (held-out memory sizes)', 'runs,memory')
    .option('--folds <k>', 'folds for held-out runs', folds, EVAL_DEFAULTS.folds)
    .option('--seed <n>', 'seed of the fold shuffle', seed, EVAL_DEFAULTS.seed)
    .option('--power-alpha <a>', 'exponent of the power model (default 0.3)')
    .option('--spread-growth <g>', `log-sd of the curve's error per doubling away from recorded sizes, for the coverage columns (default ${DEFAULT_SPREAD_GROWTH})`)
    .option('--per-func', 'also print the per-func tables')
    .option('--markdown', 'print tables as markdown')
    .option('--json', 'print the full result as JSON')
    .option('--out <file>', 'also write the full result as JSON to this file')
    .option('--quiet', 'do not print conversion warnings')
    .addOption(metricsOption('read the runs from this metrics store instead of a dataset: a dataset file, a shipped name, or redis://host:port[/db][?namespace=ns]'))
    .action(async (dataset: string | undefined, options: Options) => {
      const scalings = list('scaling', options.scaling).map((s) => getScalingModel(s).id as ScalingModelId);
      const slas: SlaStatistic[] = list('sla', options.sla).map(parseSla);
      const modes = list('mode', options.mode).map((m) => {
        const mode = MODE_ALIASES[m];
        if (!mode) throw new SlacklineError('cli/predict-eval', `unknown mode "${m}": expected ${['runs', 'memory', ...EVAL_MODES].join(', ')}`);
        return mode;
      });
      const powerAlpha = options.powerAlpha === undefined ? undefined : Number(options.powerAlpha);
      if (powerAlpha !== undefined && !Number.isFinite(powerAlpha)) throw new SlacklineError('cli/predict-eval', `--power-alpha: expected a number, got "${options.powerAlpha}"`);
      if (powerAlpha !== undefined) {
        try {
          getScalingModel('power', { powerAlpha });
        } catch (error) {
          throw new SlacklineError('cli/predict-eval', `--power-alpha: ${error instanceof Error ? error.message.replace(/^slackline\/[\w/-]+: /, '') : String(error)}`);
        }
      }
      const spreadGrowth = options.spreadGrowth === undefined ? undefined : Number(options.spreadGrowth);
      if (spreadGrowth !== undefined && !(Number.isFinite(spreadGrowth) && spreadGrowth >= 0)) throw new SlacklineError('cli/predict-eval', `--spread-growth: expected a number >= 0, got "${options.spreadGrowth}"`);

      let runs: readonly RecordedRun[];
      let label: string;
      let cpuProvider: ((func: string) => CpuProvider) | undefined;
      const inputs = [dataset !== undefined, options.source !== undefined, options.metrics !== undefined].filter(Boolean).length;
      if (inputs > 1) throw new SlacklineError('cli/predict-eval', 'give one of a dataset, --source or --metrics, not several');
      if (options.metrics !== undefined) {
        const store = await openMetricsStore(options.metrics);
        try {
          runs = (await store.load()).runs;
        } finally {
          await store.close();
        }
        label = store.describe;
      } else if (options.source !== undefined) {
        const source = evalSource(options.source);
        const dir = options.dir ?? sharedSourceDir(source);
        if (dir === undefined) throw new SlacklineError('cli/predict-eval', `source folder ../shared/datasets/${source.folder} not found: pass --dir <path>`);
        const data = source.load(dir);
        if (!options.quiet) for (const line of formatWarnings(data.warnings)) console.error(line);
        runs = data.runs;
        label = `${source.id} (${dir})`;
        cpuProvider = source.cpuProvider;
      } else {
        if (dataset === undefined) throw new SlacklineError('cli/predict-eval', 'missing dataset: give a dataset name or file, --source <id> or --metrics <store>');
        const file = resolveDataset(dataset);
        runs = loadDataset(file).runs;
        label = file;
      }
      const started = performance.now();
      const result = evaluatePredictor(runs, { scalings, slas, modes, folds: options.folds, seed: options.seed, ...(powerAlpha !== undefined ? { powerAlpha } : {}), ...(spreadGrowth !== undefined ? { spreadGrowth } : {}), ...(cpuProvider ? { cpuProvider } : {}) });
      const ms = Math.round(performance.now() - started);
      const skipped = result.skipped.map((s) => `${s.mode} ${s.reason}`);
      if (result.rows.length === 0) throw new SlacklineError('cli/predict-eval', `nothing to evaluate: ${skipped.join('; ') || 'no task records'}`, { file: label });
      for (const line of skipped) console.error(`note: skipped ${line}`);
      const full = { input: label, ms, ...result };
      if (options.out) writeJsonAtomic(options.out, full);
      if (options.json) {
        console.log(JSON.stringify(full, null, 2));
        return;
      }
      console.log(`${label}: ${result.runs} runs, ${result.taskRecords} task records, ${result.funcs} funcs, memory sizes ${result.memorySizesMb.join(', ')} MB; ${ms} ms`);
      const byKind = kindTable(result);
      const why = options.perFunc ? choicesTable(result) : undefined;
      const tables: TextTable[] = [overallTable(result), ...(byKind ? [byKind] : []), ...(options.perFunc ? perFuncTables(result) : []), ...(why ? [why] : [])];
      for (const t of tables) {
        console.log(`\n${t.title}`);
        if (options.markdown) console.log(markdownTable(t));
        else {
          console.log(boxTable(t.head, t.rows));
        }
      }
    });
}
