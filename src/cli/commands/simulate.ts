/**
 * `slackline simulate`: loads a dataset and a plan file, checks that the plan fits the
 * workflow (naming the field or task that does not), runs it through the timing model with
 * the predicted durations, and prints the report (`--json` for the JSON report).
 */
import type { Command } from 'commander';
import { planFromFile, readPlanFile } from '../../planning/plan-file.js';
import { simulatePlan } from '../../simulate/simulate-plan.js';
import { formatReport, toReportJson } from '../../simulate/report-json.js';
import { addInstanceOptions, costFromFlags, instanceFromFlags, type InstanceFlags } from '../planning-instance-options.js';

interface SimulateFlags extends InstanceFlags {
  plan: string;
  json?: boolean;
}

export function register(program: Command): void {
  const command = program.command('simulate').description('Simulate a plan file on a dataset\'s workflow and print makespan, cost, starts, bytes and critical path');
  addInstanceOptions(command)
    .requiredOption('--plan <plan.json>', 'plan file written by `slackline plan --out`')
    .option('--json', 'print the JSON report')
    .action(async (flags: SimulateFlags) => {
      const file = readPlanFile(flags.plan);
      // Plan for the plan's workflow unless one is named; SLA from the command line (default p90).
      const instance = await instanceFromFlags({ ...flags, workflow: flags.workflow ?? file.workflowSignature });
      const plan = planFromFile(file, instance, flags.plan);
      const cost = costFromFlags(flags);
      const report = toReportJson(instance, simulatePlan(instance.dag, instance.durations, plan, cost), {
        algorithm: file.algorithm,
        params: file.params,
        seed: file.seed,
        cost,
        ...(file.deadlineMs !== undefined ? { deadlineMs: file.deadlineMs } : {}),
      });
      console.log(flags.json ? JSON.stringify(report, null, 2) : formatReport(report));
    });
}
