/**
 * `slackline simulate`: loads a dataset and a plan file, checks that the plan fits the
 * workflow (naming the field or task that does not), runs it through the timing model with
 * predicted (or, with `--times recorded`, a run's measured) durations, and prints the
 * report (`--json` for the JSON report). `--plan run:<i>` replays a recorded run's own plan.
 */
import { Option, type Command } from 'commander';
import { planOfRun, selectRun } from '../../planning/plan-of-run.js';
import { planFromFile, readPlanFile } from '../../report/plan-file.js';
import { ASSIGNMENT_IDS, regroupPlan } from '../../planning/assignment/index.js';
import { middleLevelExecMs } from '../../planning/planning-context.js';
import { recordedDurations, recordedExecShare } from '../../simulate/recorded-durations.js';
import { simulatePlan } from '../../simulate/simulate-plan.js';
import { formatReport, toReportJson } from '../../report/report-json.js';
import { addInstanceOptions, costFromFlags, instanceFromFlags, type InstanceFlags } from '../planning-instance-options.js';

interface SimulateFlags extends InstanceFlags {
  plan: string;
  times: 'predicted' | 'recorded';
  run?: string;
  json?: boolean;
  assignment?: string;
}

export function register(program: Command): void {
  const command = program.command('simulate').description('Simulate a plan file on a dataset\'s workflow and print makespan, cost, starts, bytes and critical path');
  addInstanceOptions(command)
    .requiredOption('--plan <plan.json|run[:index|dagId]>', 'plan file written by `slackline plan --out`, or `run[:i]`: the plan a recorded run used (default the last)')
    .addOption(new Option('--times <source>', 'durations: predicted at the SLA, or recorded by a run (measured cells replace predictions)').choices(['predicted', 'recorded']).default('predicted'))
    .option('--run <dagId|index>', 'with --times recorded: the run (DAG id, or index among the workflow\'s runs; default the last)')
    .addOption(new Option('--assignment <strategy>', 'regroup the plan\'s tasks with this worker-assignment strategy first (each new worker takes the largest planned size of its tasks)').choices(ASSIGNMENT_IDS))
    .option('--json', 'print the JSON report')
    .action(async (flags: SimulateFlags) => {
      const fromRun = /^run(?::(.*))?$/.exec(flags.plan);
      const file = fromRun ? undefined : readPlanFile(flags.plan);
      // Plan for the plan's workflow unless one is named; SLA from the command line (default p90).
      const instance = await instanceFromFlags({ ...flags, ...(file && flags.workflow === undefined ? { workflow: file.workflowSignature } : {}) });
      const replayed = fromRun ? selectRun(instance, fromRun[1]) : undefined;
      const given = replayed ? planOfRun(instance, replayed) : planFromFile(file!, instance, flags.plan);
      const plan = flags.assignment === undefined ? given : regroupPlan(instance.dag, given, flags.assignment, middleLevelExecMs(instance.dag, instance.durations));
      const cost = costFromFlags(flags);
      let durations = instance.durations;
      let times: Record<string, unknown> = { times: 'predicted' };
      if (flags.times === 'recorded') {
        const chosen = flags.run !== undefined || !replayed ? selectRun(instance, flags.run) : replayed;
        const recorded = recordedDurations(instance.dag, chosen, instance.durations);
        durations = recorded.table;
        times = { times: 'recorded', recordedRun: chosen.dagId, recordedExecShare: recordedExecShare(recorded, plan) };
      }
      const report = {
        ...toReportJson(instance, simulatePlan(instance.dag, durations, plan, cost), {
          algorithm: file?.algorithm ?? 'recorded-run',
          params: file?.params ?? {},
          seed: file?.seed ?? 0,
          cost,
          ...(flags.assignment !== undefined ? { assignment: flags.assignment } : {}),
          ...(file?.deadlineMs !== undefined ? { deadlineMs: file.deadlineMs } : {}),
        }),
        ...times,
        ...(replayed ? { replayedRun: replayed.dagId, recordedMakespanMs: replayed.makespanMs } : {}),
      };
      if (flags.json) console.log(JSON.stringify(report, null, 2));
      else {
        console.log(formatReport(report));
        if (replayed) console.log(`replayed     the plan of run ${replayed.dagId}; it recorded a makespan of ${replayed.makespanMs.toFixed(1)} ms`);
        if (times.times === 'recorded') console.log(`times        recorded by run ${String(times.recordedRun)}: ${(100 * Number(times.recordedExecShare)).toFixed(0)}% of the tasks at a measured size, the rest predicted`);
      }
    });
}
