/**
 * `slackline replay <dataset|file|redis://...>`: for every recorded run, the critical path
 * of its own plan with its recorded durations (infinite workers) against its recorded
 * makespan, and, when a workflow has at least two runs, a leave-one-run-out prediction of
 * the run compared with what was recorded. Prints a table per workflow and writes
 * `<results>/replay/<name>.md` and `.json` (every run's details).
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { Option, type Command } from 'commander';
import { codeLine, commandProvenance } from '../../bench/provenance.js';
import { replayMarkdown, replaySnapshot } from '../../bench/replay.js';
import { distributionReplayMarkdown, replayDistributions } from '../../bench/replay-distribution.js';
import { isRedisSpec, openMetricsStore } from '../../metrics/open-store.js';
import { DEFAULT_SCALING, SCALING_MODEL_IDS, isScalingModelId } from '../../predict/scaling/index.js';
import { parseSla } from '../../predict/sla.js';
import { SlacklineError } from '../../errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../util/atomic-write.js';
import { parseIntegerFlag } from '../integer-option.js';

interface ReplayFlags {
  sla: string;
  scaling: string;
  results: string;
  json?: boolean;
  distributions?: boolean;
  samples: string;
  spreadGrowth?: string;
}

export function register(program: Command): void {
  program
    .command('replay')
    .description('Replay recorded runs: recorded makespan vs the critical path of the recorded times, and leave-one-run-out predictions')
    .argument('<source>', 'shipped dataset name, dataset file, or redis://host:port[/db][?namespace=ns]')
    .option('--sla <statistic>', 'SLA statistic of the predictions (mean, median, pNN)', 'median')
    .addOption(new Option('--scaling <model>', 'memory scaling model of the predictor').choices([...SCALING_MODEL_IDS]).default(DEFAULT_SCALING))
    .option('--results <dir>', 'results directory', 'results')
    .option('--json', 'print the full JSON report instead of the table')
    .option('--distributions', 'also: the predicted makespan distribution of every recorded plan (fitted on the other plans\' runs) against the recorded one, quantile errors per workflow and plan')
    .option('--samples <n>', 'with --distributions: Monte Carlo scenarios per plan', '1000')
    .option('--spread-growth <g>', "with --distributions: log-sd of the curve's error per doubling away from recorded sizes (default: the predictor's, 0.25)")
    .action(async (source: string, flags: ReplayFlags, command: Command) => {
      const startedAt = new Date();
      const argv: readonly string[] = (command.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? process.argv;
      const sla = parseSla(flags.sla);
      if (!isScalingModelId(flags.scaling)) throw new SlacklineError('cli/replay', `unknown scaling model "${flags.scaling}"`);
      const store = await openMetricsStore(source);
      let snapshot;
      try {
        snapshot = await store.load();
      } finally {
        await store.close();
      }
      if (snapshot.runs.length === 0) throw new SlacklineError('cli/replay', `${store.describe} holds no recorded runs`);
      const samples = parseIntegerFlag('cli/replay', 'samples', flags.samples, 1);
      const spreadGrowth = flags.spreadGrowth === undefined ? undefined : Number(flags.spreadGrowth);
      if (spreadGrowth !== undefined && !(Number.isFinite(spreadGrowth) && spreadGrowth >= 0)) throw new SlacklineError('cli/replay', `--spread-growth must be a number >= 0, got "${flags.spreadGrowth}"`);
      const report = replaySnapshot(store.describe, snapshot, { sla, scaling: flags.scaling });
      const distributions = flags.distributions ? replayDistributions(snapshot, { sla, scaling: flags.scaling, samples, ...(spreadGrowth !== undefined ? { spreadGrowth } : {}) }) : undefined;
      const name = isRedisSpec(source) ? 'redis' : basename(source).replace(/\.json$/, '');
      const markdown = distributions === undefined
        ? replayMarkdown(report)
        : `${replayMarkdown(report)}\n\nMakespan distributions per recorded plan (${samples} scenarios; fitted on the other plans' runs):\n\n${distributionReplayMarkdown(distributions)}`;
      // Provenance, as in the sweep's summaries: the command, the code, the data (hash per workflow of it and its runs).
      const data = snapshot.workflows.map((w) => {
        const hash = createHash('sha256').update(JSON.stringify(w));
        for (const run of snapshot.runs) if (run.dagId.endsWith(`_${w.signature}`)) hash.update(JSON.stringify(run));
        return { name: w.name, signature: w.signature, dataHash: hash.digest('hex').slice(0, 16) };
      });
      const provenance = { ...commandProvenance(argv.slice(1), startedAt, new Date()), source: store.describe, sla: report.sla, scaling: report.scaling, workflows: data };
      const { machine } = provenance;
      const head = `Command: \`${provenance.command.join(' ')}\`; ${codeLine(provenance.code)}; Node ${provenance.node}; machine: ${machine.cpu}, ${machine.cores} cores; data: ${data.map((w) => `${w.name} ${w.dataHash}`).join(', ')}; ${provenance.startedAt} to ${provenance.finishedAt}.`;
      writeFileAtomic(`${flags.results}/replay/${name}.md`, `# Replay of ${store.describe}\n\nSLA ${report.sla}, scaling ${report.scaling}. ${head}\n\n${markdown}\n`);
      writeJsonAtomic(`${flags.results}/replay/${name}.json`, { provenance, machine, ...report, ...(distributions ? { distributions } : {}) });
      if (flags.json) console.log(JSON.stringify({ ...report, ...(distributions ? { distributions } : {}) }, null, 2));
      else console.log(markdown);
      console.error(`\nslackline/replay: ${report.runs.length} run(s) of ${report.workflows.length} workflow(s); wrote ${flags.results}/replay/${name}.md and .json`);
    });
}
