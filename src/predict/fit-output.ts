/**
 * Output-size model of one func, fitted once from its task records:
 *
 * - ratio model, out(x) = x * k with k = the SLA statistic of output/input, when the func
 *   has >= 2 distinct input sizes, every input is > 0, and the ratio varies less than the
 *   output itself (coefficient of variation of the ratio < that of the output bytes);
 * - constant model, out(x) = the SLA statistic of output bytes, otherwise (including funcs
 *   whose inputs are 0, e.g. sources that generate their data).
 */
import * as ss from 'simple-statistics';
import { slaOfSorted } from './sla.js';
import type { SlaStatistic } from './types.js';

export interface OutputModel {
  readonly kind: 'ratio' | 'constant';
  readonly k: number;
}

function coefficientOfVariation(values: Float64Array): number {
  const mean = ss.mean(values as unknown as number[]);
  return mean > 0 ? ss.standardDeviation(values as unknown as number[]) / mean : Infinity;
}

export function fitOutputModel(inputBytes: readonly number[], outputBytes: readonly number[], sla: SlaStatistic): OutputModel {
  const count = outputBytes.length;
  const outputs = Float64Array.from(outputBytes);
  const distinct = new Set(inputBytes);
  if (distinct.size >= 2 && inputBytes.every((x) => x > 0)) {
    const ratios = new Float64Array(count);
    for (let i = 0; i < count; i++) ratios[i] = outputBytes[i]! / inputBytes[i]!;
    if (coefficientOfVariation(ratios) < coefficientOfVariation(outputs)) {
      ratios.sort();
      return { kind: 'ratio', k: slaOfSorted(ratios, sla) };
    }
  }
  outputs.sort();
  return { kind: 'constant', k: slaOfSorted(outputs, sla) };
}

export function predictOutput(model: OutputModel, inputBytes: number): number {
  return model.kind === 'ratio' ? inputBytes * model.k : model.k;
}
