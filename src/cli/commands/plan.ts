/**
 * `slackline plan`: runs one planner on a dataset's workflow (predictor fitted at the
 * chosen SLA), validates and simulates the plan, prints the report (`--json` for the JSON
 * report) and writes the plan file with `--out`.
 */
import { Option, type Command } from 'commander';
import { getPlanner } from '../../../algorithms/index.js';
import { ASSIGNMENT_IDS, DEFAULT_ASSIGNMENT } from '../../planning/assignment/index.js';
import { SlacklineError } from '../../errors.js';
import { parseDeadline } from '../../planning/deadline.js';
import { toPlanFile, writePlanFile } from '../../report/plan-file.js';
import { parseParamOptions } from '../../planning/resolve-params.js';
import { runPlanner } from '../../bench/run-planner.js';
import { formatReport, toReportJson } from '../../report/report-json.js';
import { addInstanceOptions, costFromFlags, instanceFromFlags, type InstanceFlags } from '../planning-instance-options.js';

interface PlanFlags extends InstanceFlags {
  algorithm: string;
  deadline?: string;
  param: string[];
  seed: string;
  tryBudget?: string;
  json?: boolean;
  out?: string;
  assignment: string;
  allowInfeasible?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function integer(name: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw new SlacklineError('cli/plan', `--${name} must be an integer >= ${min}, got "${text}"`);
  return n;
}

export function register(program: Command): void {
  const command = program.command('plan').description('Plan a dataset\'s workflow with one algorithm, simulate the plan and print the report');
  addInstanceOptions(command)
    .requiredOption('--algorithm <id>', 'planner id (see `slackline algorithms`)')
    .option('--deadline <1.2x|ms>', 'deadline: a factor of the fastest makespan (every worker of the default assignment at its fastest size; 1.2x) or a time (5000, 5000ms, 2.5s)')
    .option('--allow-infeasible', 'plan even when the deadline is below the fastest makespan (else exit 1)')
    .option('--param <name=value>', 'planner parameter (repeatable)', collect, [])
    .option('--seed <n>', 'seed of the planner\'s random source', '1')
    .option('--try-budget <n>', 'maximum trial moves of a search')
    .addOption(new Option('--assignment <strategy>', 'worker assignment the planner starts from (see `slackline algorithms`); the downgrade planners then split and merge workers unless --param splits=false').choices(ASSIGNMENT_IDS).default(DEFAULT_ASSIGNMENT))
    .option('--json', 'print the JSON report')
    .option('--out <plan.json>', 'write the plan file here (atomically)')
    .action(async (flags: PlanFlags) => {
      const planner = getPlanner(flags.algorithm);
      const params = parseParamOptions(flags.param);
      const seed = integer('seed', flags.seed, 0);
      const deadline = flags.deadline !== undefined ? parseDeadline(flags.deadline) : undefined;
      const instance = await instanceFromFlags(flags);
      const cost = costFromFlags(flags);
      const run = runPlanner(instance, planner, params, {
        seed,
        cost,
        assignment: flags.assignment,
        ...(deadline ? { deadline } : {}),
        ...(flags.allowInfeasible ? { allowInfeasible: true } : {}),
        ...(flags.tryBudget !== undefined ? { tryBudget: integer('try-budget', flags.tryBudget, 0) } : {}),
      });
      const annotations = run.outcome.annotations;
      if (flags.out) {
        writePlanFile(flags.out, toPlanFile(instance, run.plan, {
          algorithm: planner.id,
          params: run.params,
          seed,
          ...(run.deadlineMs !== undefined ? { deadlineMs: run.deadlineMs } : {}),
          ...(annotations ? { annotations } : {}),
          predicted: { makespanMs: run.report.makespanMs, costUsd: run.report.costUsd },
        }));
      }
      const report = toReportJson(instance, run.report, {
        algorithm: planner.id,
        params: run.params,
        seed,
        cost,
        assignment: flags.assignment,
        bestMakespanMs: run.bestMakespanMs,
        planningMs: run.planningMs,
        ...(run.deadlineMs !== undefined ? { deadlineMs: run.deadlineMs } : {}),
        ...(annotations ? { annotations } : {}),
        ...(run.outcome.stats ? { stats: run.outcome.stats } : {}),
      });
      if (flags.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(formatReport(report));
        if (flags.out) console.log(`plan written to ${flags.out}`);
      }
    });
}
