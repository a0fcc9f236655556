/**
 * Planner parameters: `--param k=v` strings (or values from a batch file) checked against
 * the planner's declared specs and resolved once against their defaults. Unknown names
 * and bad values are errors naming the planner, the parameter and what is allowed.
 */
import { SlacklineError } from '../errors.js';
import type { ParamCheckInstance, ParamValue, PlannerModule } from './types.js';

export type ResolvedParams = Readonly<Record<string, ParamValue>>;

export function resolveParams(planner: PlannerModule, raw: Readonly<Record<string, ParamValue>> = {}): ResolvedParams {
  const out: Record<string, ParamValue> = {};
  for (const spec of planner.params) out[spec.name] = spec.default;
  for (const [name, value] of Object.entries(raw)) {
    const spec = planner.params.find((p) => p.name === name);
    const fail = (why: string) =>
      new SlacklineError('planning/params', `planner "${planner.id}": parameter ${name}=${String(value)}: ${why}`);
    if (!spec) {
      const known = planner.params.map((p) => p.name).join(', ') || 'none';
      throw fail(`unknown parameter (known: ${known})`);
    }
    switch (spec.type) {
      case 'number': {
        const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
        if (!Number.isFinite(n)) throw fail('expected a number');
        if (spec.integer && !Number.isInteger(n)) throw fail('expected a whole number');
        if (spec.min !== undefined && n < spec.min) throw fail(`expected a number >= ${spec.min}`);
        if (spec.max !== undefined && n > spec.max) throw fail(`expected a number <= ${spec.max}`);
        out[name] = n;
        break;
      }
      case 'boolean': {
        if (typeof value === 'boolean') out[name] = value;
        else if (value === 'true' || value === '1') out[name] = true;
        else if (value === 'false' || value === '0') out[name] = false;
        else throw fail('expected true or false');
        break;
      }
      case 'enum': {
        const s = String(value);
        if (!spec.choices?.includes(s)) throw fail(`expected one of ${spec.choices?.join(', ') ?? '(none)'}`);
        out[name] = s;
        break;
      }
      case 'string':
        out[name] = String(value);
        break;
    }
  }
  return Object.freeze(out);
}

/**
 * The planner's instance-dependent checks (`PlannerParamSpec.check`) on resolved
 * parameters; `where` names the instance (a dataset) in the error.
 */
export function checkParamsForInstance(planner: PlannerModule, params: ResolvedParams, instance: ParamCheckInstance, where?: string): void {
  for (const spec of planner.params) {
    const value = params[spec.name];
    if (spec.check === undefined || value === undefined) continue;
    const why = spec.check(value, instance);
    if (why !== undefined) throw new SlacklineError('planning/params', `planner "${planner.id}": parameter ${spec.name}=${String(value)}${where ? ` on ${where}` : ''}: ${why}`);
  }
}

/** Parses repeated `k=v` options; a name given twice is an error (the last would silently win). */
export function parseParamOptions(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new SlacklineError('planning/params', `bad --param "${pair}": expected name=value`);
    const name = pair.slice(0, eq).trim();
    if (Object.hasOwn(out, name)) throw new SlacklineError('planning/params', `--param ${name} is given twice ("${name}=${out[name]}" and "${pair}"); give each parameter once`);
    out[name] = pair.slice(eq + 1).trim();
  }
  return out;
}

/** Typed readers for a planner's own code (values were checked by `resolveParams`). */
export function numberParam(params: ResolvedParams, name: string): number {
  const v = params[name];
  if (typeof v !== 'number') throw new SlacklineError('planning/params', `parameter ${name} is not a number`);
  return v;
}
export function stringParam(params: ResolvedParams, name: string): string {
  const v = params[name];
  if (typeof v !== 'string') throw new SlacklineError('planning/params', `parameter ${name} is not a string`);
  return v;
}
export function booleanParam(params: ResolvedParams, name: string): boolean {
  const v = params[name];
  if (typeof v !== 'boolean') throw new SlacklineError('planning/params', `parameter ${name} is not a boolean`);
  return v;
}
