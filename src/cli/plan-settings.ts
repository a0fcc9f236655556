/**
 * `simulate --plan plan.json` uses the settings the plan was made with: SLA, scaling,
 * prices, timing rules (CPU sharing, provider, overhead) and the unknown-prediction policy
 * recorded in the plan file. A flag given on the command line overrides the file's value
 * and is named in `overridden`, so a differing result is never silent. Version 1 files
 * record only SLA and scaling; for the rest the defaults apply (as before).
 */
import type { Command } from 'commander';
import { parseSla } from '../predict/sla.js';
import type { ScalingModelId } from '../predict/fit-predictor.js';
import type { PlanFile } from '../report/plan-file.js';
import { resolveCostModel, type CostModel } from '../timing/cost-model.js';
import type { TimingRules } from '../timing/timing-rules.js';
import { costFromFlags, parseOverhead, type InstanceFlags } from './planning-instance-options.js';

export interface PlanSettings {
  /** The instance flags with the plan's SLA, scaling and unknown policy where no flag was given. */
  readonly flags: InstanceFlags;
  /** Timing rules under the flags': the plan's (none for a version 1 file: the dataset's platform applies). */
  readonly timingRules: Partial<TimingRules>;
  readonly cost: CostModel;
  /** `--flag value (the plan's: value)` for every flag that differs from the plan file. */
  readonly overridden: readonly string[];
  /** Settings a version 1 file does not record (the defaults were used). */
  readonly unrecorded: readonly string[];
}

/** A flag the user typed (not commander's default). */
const given = (command: Command, name: string) => command.getOptionValue(name) !== undefined && command.getOptionValueSource(name) !== 'default';

export function planSettings(file: PlanFile, flags: InstanceFlags, command: Command): PlanSettings {
  const overridden: string[] = [];
  const differ = (flag: string, value: unknown, planned: unknown) => {
    if (value !== planned) overridden.push(`--${flag} ${String(value)} (the plan's: ${String(planned)})`);
  };
  // `readPlanFile` checked both.
  const planSla = parseSla(file.sla);
  const sla = given(command, 'sla') ? flags.sla! : planSla;
  if (given(command, 'sla')) differ('sla', parseSla(flags.sla!), planSla);
  const scaling = given(command, 'scaling') ? flags.scaling : (file.scaling as ScalingModelId);
  if (given(command, 'scaling')) differ('scaling', flags.scaling, file.scaling);
  const unknown = given(command, 'unknown') ? flags.unknown : (file.unknown ?? 'fail');
  if (given(command, 'unknown') && file.unknown !== undefined) differ('unknown', flags.unknown, file.unknown);

  const unrecorded: string[] = [];
  // Prices: the file's, then the flags'.
  const cost = costFromFlags(flags, file.prices ?? resolveCostModel());
  if (file.prices) {
    if (flags.priceGbS !== undefined) differ('price-gb-s', cost.pricePerGbSecond, file.prices.pricePerGbSecond);
    if (flags.priceInvocation !== undefined) differ('price-invocation', cost.pricePerInvocation, file.prices.pricePerInvocation);
  } else unrecorded.push('prices');
  // Timing rules: the file's, then the flags' (instanceFromFlags lays the flags over these).
  const rules = file.timingRules;
  if (rules) {
    if (flags.overhead !== undefined) {
      const o = parseOverhead(flags.overhead);
      differ('overhead', `${o.overheadPerTaskMs},${o.overheadPerRunMs}`, `${rules.overheadPerTaskMs},${rules.overheadPerRunMs}`);
    }
    if (flags.cpuSharing !== undefined) differ('cpu-sharing', flags.cpuSharing, rules.cpuSharing);
  } else unrecorded.push('overhead', 'CPU sharing');
  return { flags: { ...flags, sla, scaling, unknown }, timingRules: rules ?? {}, cost, overridden, unrecorded };
}

const close = (a: number, b: number, absolute: number) => Math.abs(a - b) <= absolute + 1e-9 * Math.max(Math.abs(a), Math.abs(b));

/**
 * The warning when the deterministic simulation does not reproduce the file's `predicted`
 * figures, saying why (overridden flags, unrecorded settings, or else the dataset); undefined when it does.
 */
export function predictedMismatch(file: PlanFile, settings: PlanSettings, report: { readonly makespanMs: number; readonly costUsd: number }): string | undefined {
  const predicted = file.predicted;
  if (!predicted) return undefined;
  if (close(report.makespanMs, predicted.makespanMs, 1e-6) && close(report.costUsd, predicted.costUsd, 1e-15)) return undefined;
  const figures = `simulated ${report.makespanMs.toFixed(1)} ms, $${report.costUsd.toPrecision(6)} differ from the plan file's predicted ${predicted.makespanMs.toFixed(1)} ms, $${predicted.costUsd.toPrecision(6)}`;
  const why = settings.overridden.length > 0
    ? `settings differ from the plan's: ${settings.overridden.join(', ')}`
    : settings.unrecorded.length > 0
      ? `the plan file (version ${file.version}) does not record its ${settings.unrecorded.join(', ')}; the defaults were used, pass the flags it was planned with`
      : 'the settings match the plan\'s, so the dataset (its runs, or --metrics) differs from the one it was planned on';
  return `${figures}: ${why}`;
}
