/**
 * `slackline report [results-dir]`: the self-contained HTML report of a sweep,
 * `<results>/report.html` (overview, per-instance DAG, Gantt and cost vs makespan charts,
 * planning time, replay). `npm start` runs it at the end of the sweep. The report's code
 * (and elkjs, vega, esbuild) is imported only when a report is built.
 */
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { SlacklineError } from '../../errors.js';
import type { CollectOptions } from '../../html-report/collect-report-data.js';

interface ReportFlags {
  dataset?: string[];
  replay: boolean;
}

/** Builds the report and prints where it is (through `log`: `bench` prints it after its own lines); shared with `bench`. */
export async function buildReport(resultsDir: string, options: CollectOptions = {}, log: (line: string) => void = (line) => console.error(line)): Promise<string> {
  const { writeHtmlReport } = await import('../../html-report/write-html-report.js');
  const report = await writeHtmlReport(resultsDir, options);
  log(
    `slackline/report: wrote ${report.file} (${(report.bytes / 1024 / 1024).toFixed(1)} MiB, ${report.instances} instance(s), ${report.plans} plan(s)) in ${((report.collectMs + report.renderMs) / 1000).toFixed(2)} s (${(report.cpuMs / 1000).toFixed(2)} s CPU); open it in a browser (no network needed)`,
  );
  return report.file;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('Write <results>/report.html: a self-contained visual report of a sweep (DAG, Gantt, Pareto, planning time, replay)')
    .argument('[results-dir]', 'results directory of a sweep', 'results')
    .option('--dataset <name=file>', 'file of a dataset the rows name that is not shipped (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--no-replay', 'do not compute the replay of datasets without a stored one')
    .action(async (resultsDir: string, flags: ReportFlags) => {
      const datasetFiles: Record<string, string> = {};
      for (const pair of flags.dataset ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0 || eq === pair.length - 1) throw new SlacklineError('cli/report', `--dataset "${pair}": expected name=file`);
        const file = pair.slice(eq + 1);
        // Named by the user: a file that is not there is an error, not a note in the page.
        if (!existsSync(file)) throw new SlacklineError('cli/report', `--dataset "${pair}": file not found`, { file });
        datasetFiles[pair.slice(0, eq)] = file;
      }
      const { planners } = await import('../../../algorithms/index.js');
      const file = await buildReport(resultsDir, { datasetFiles, replay: flags.replay, plannerOrder: planners.map((p) => p.id) });
      console.log(file);
    });
}
