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
import { parseDeadline, resolveDeadline } from '../../planning/deadline.js';
import { bestPlan } from '../../planning/plan-builders.js';
import { defaultAssignment } from '../../planning/planning-context.js';
import { formatMonteCarlo } from '../../report/monte-carlo-json.js';
import { planTiming } from '../../timing/timing-model.js';
import { SlacklineError } from '../../errors.js';
import { addMonteCarloOptions, correlationSpec, monteCarloSetup, samplesOf, simulateScenarios, type MonteCarloFlags } from '../monte-carlo-options.js';
import { planSettings, predictedMismatch } from '../plan-settings.js';
import { addInstanceOptions, costFromFlags, instanceFromFlags, type InstanceFlags } from '../planning-instance-options.js';
import { parseIntegerFlag } from '../integer-option.js';

interface SimulateFlags extends InstanceFlags, MonteCarloFlags {
  deadline?: string;
  seed: string;
  plan: string;
  times: 'predicted' | 'recorded';
  run?: string;
  json?: boolean;
  assignment?: string;
}

export function register(program: Command): void {
  const command = program.command('simulate').description('Simulate a plan file on a dataset\'s workflow and print makespan, cost, starts, bytes and critical path');
  addMonteCarloOptions(addInstanceOptions(command))
    .option('--deadline <1.2x|ms>', 'with --samples: report P(makespan <= deadline) (default: the plan file\'s deadline)')
    .option('--seed <n>', 'seed of the Monte Carlo scenarios', '1')
    .requiredOption('--plan <plan.json|run[:index|dagId]>', 'plan file written by `slackline plan --out`, or `run[:i]`: the plan a recorded run used (default the last)')
    .addOption(new Option('--times <source>', 'durations: predicted at the SLA, or recorded by a run (measured cells replace predictions)').choices(['predicted', 'recorded']).default('predicted'))
    .option('--run <dagId|index>', 'with --times recorded: the run (DAG id, or index among the workflow\'s runs; default the last)')
    .addOption(new Option('--assignment <strategy>', 'regroup the plan\'s tasks with this worker-assignment strategy first (each new worker takes the largest planned size of its tasks)').choices(ASSIGNMENT_IDS))
    .option('--json', 'print the JSON report')
    .action(async (flags: SimulateFlags, command: Command) => {
      // Bad Monte Carlo flags fail before any fitting.
      const monteCarlo = flags.samples !== undefined;
      if (monteCarlo) samplesOf(flags);
      correlationSpec(flags);
      const deadlineSpec = flags.deadline !== undefined ? parseDeadline(flags.deadline) : undefined;
      const mcSeed = parseIntegerFlag('cli/simulate', 'seed', flags.seed, 0);
      if (!monteCarlo && (flags.deadline !== undefined || flags.correlation !== undefined)) throw new SlacklineError('cli/simulate', '--deadline and --correlation belong to Monte Carlo: add --samples N');
      const fromRun = /^run(?::(.*))?$/.exec(flags.plan);
      const file = fromRun ? undefined : readPlanFile(flags.plan);
      // Plan for the plan's workflow unless one is named; SLA, scaling, prices, timing rules from the plan file unless a flag overrides them.
      const settings = file ? planSettings(file, flags, command) : undefined;
      const instance = await instanceFromFlags({ ...(settings?.flags ?? flags), ...(file && flags.workflow === undefined ? { workflow: file.workflowSignature } : {}) }, settings?.timingRules);
      const replayed = fromRun ? selectRun(instance, fromRun[1]) : undefined;
      const given = replayed ? planOfRun(instance, replayed) : planFromFile(file!, instance, flags.plan);
      const plan = flags.assignment === undefined ? given : regroupPlan(instance.dag, given, flags.assignment, middleLevelExecMs(instance.dag, instance.durations));
      const cost = settings?.cost ?? costFromFlags(flags);
      let durations = instance.durations;
      let times: Record<string, unknown> = { times: 'predicted' };
      if (flags.times === 'recorded') {
        const chosen = flags.run !== undefined || !replayed ? selectRun(instance, flags.run) : replayed;
        const recorded = recordedDurations(instance.dag, chosen, instance.durations);
        durations = recorded.table;
        times = { times: 'recorded', recordedRun: chosen.dagId, recordedExecShare: recordedExecShare(recorded, plan) };
      }
      const simulated = simulatePlan(instance.dag, durations, plan, cost);
      // The file's `predicted` is reproducible only for its own plan at predicted times.
      const mismatch = file && settings && flags.times === 'predicted' && flags.assignment === undefined ? predictedMismatch(file, settings, simulated) : undefined;
      // One line: the mismatch names the overridden flags itself.
      const overridden = settings && settings.overridden.length > 0 ? `settings differ from the plan file's: ${settings.overridden.join(', ')}` : undefined;
      const warnings = mismatch ? [mismatch] : overridden ? [overridden] : [];
      const best = () => planTiming(instance.dag, instance.durations, bestPlan(instance.dag, instance.durations, defaultAssignment(instance.dag, instance.durations))).makespanMs;
      const deadlineMs = deadlineSpec !== undefined ? resolveDeadline(deadlineSpec, deadlineSpec.kind === 'factor' ? best() : 0) : file?.deadlineMs;
      const report = {
        ...toReportJson(instance, simulated, {
          algorithm: file?.algorithm ?? 'recorded-run',
          params: file?.params ?? {},
          seed: file?.seed ?? 0,
          cost,
          ...(flags.assignment !== undefined ? { assignment: flags.assignment } : {}),
          // The deadline asked for on the command line, else the plan file's: one deadline in the whole report.
          ...(deadlineMs !== undefined ? { deadlineMs } : {}),
        }),
        ...times,
        ...(replayed ? { replayedRun: replayed.dagId, recordedMakespanMs: replayed.makespanMs } : {}),
        ...(warnings.length > 0 ? { warnings } : {}),
      };
      let scenarios;
      if (monteCarlo) {
        if (flags.times === 'recorded') throw new SlacklineError('cli/simulate', '--samples draws from the predicted distributions; it does not combine with --times recorded');
        scenarios = await simulateScenarios(instance, monteCarloSetup(instance, flags, flags.unknown), plan, cost, mcSeed, deadlineMs);
      }
      const full = { ...report, ...(scenarios ?? {}), ...(deadlineMs !== undefined && scenarios ? { monteCarloDeadlineMs: deadlineMs } : {}) };
      if (flags.json) {
        console.log(JSON.stringify(full, null, 2));
        for (const line of warnings) console.error(`warning: ${line}`);
      } else {
        console.log(formatReport(report));
        for (const line of warnings) console.log(`warning      ${line}`);
        if (scenarios) for (const line of formatMonteCarlo(scenarios, deadlineMs)) console.log(line);
        if (replayed) console.log(`replayed     the plan of run ${replayed.dagId}; it recorded a makespan of ${replayed.makespanMs.toFixed(1)} ms`);
        if (times.times === 'recorded') console.log(`times        recorded by run ${String(times.recordedRun)}: ${(100 * Number(times.recordedExecShare)).toFixed(0)}% of the tasks at a measured size, the rest predicted`);
      }
    });
}
