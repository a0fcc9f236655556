/**
 * Reads a SeBS-Flow workflow definition (`definition.json`, the serverless-benchmarks
 * workflow format: states of type task | map | loop | parallel linked by `next`, with
 * optional `failure` targets) into an ordered list of PHASES: what runs after what.
 *
 * - task: one instance of `func_name`;
 * - map: N parallel instances of its inner root task (N comes from the recorded data);
 * - loop: N instances run one after another (a chain);
 * - parallel: its branches side by side (each branch a task or map state).
 * The main chain follows `next` from `root`. States reachable only through `failure`
 * (compensations, e.g. trip-booking's cancel_*) follow as further phases, starting from
 * the failure target of the LAST main state that has one, then its `next` chain, and so on
 * backwards: the order in which compensations run after a late failure.
 */
import { SlacklineError } from '../../errors.js';

export interface PhaseMember {
  readonly func: string;
  /** `single`: one instance, id = func; `map`: parallel instances; `loop`: a chain of instances. */
  readonly kind: 'single' | 'map' | 'loop';
}

export type Phase = readonly PhaseMember[];

type Json = Record<string, unknown>;

const MODULE = 'import/sebs-flow';

function object(value: unknown, file: string, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SlacklineError(MODULE, `expected an object, got ${JSON.stringify(value)?.slice(0, 40)}`, { file, path });
  return value as Json;
}

function text(value: unknown, file: string, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new SlacklineError(MODULE, 'expected a non-empty string', { file, path });
  return value;
}

/** The members a (nested) state contributes to one phase. */
function membersOf(state: Json, file: string, path: string): PhaseMember[] {
  const type = state.type;
  if (type === 'task') return [{ func: text(state.func_name, file, `${path}.func_name`), kind: 'single' }];
  if (type === 'loop') return [{ func: text(state.func_name, file, `${path}.func_name`), kind: 'loop' }];
  if (type === 'map') {
    const states = object(state.states, file, `${path}.states`);
    const root = text(state.root, file, `${path}.root`);
    const inner = object(states[root], file, `${path}.states.${root}`);
    return membersOf(inner, file, `${path}.states.${root}`).map((m) => ({ func: m.func, kind: m.kind === 'single' ? 'map' : m.kind }));
  }
  if (type === 'parallel') {
    const branches = state.parallel_functions;
    if (!Array.isArray(branches)) throw new SlacklineError(MODULE, 'a parallel state needs parallel_functions[]', { file, path: `${path}.parallel_functions` });
    return branches.flatMap((b, i) => {
      const bpath = `${path}.parallel_functions[${i}]`;
      const branch = object(b, file, bpath);
      const root = text(branch.root, file, `${bpath}.root`);
      const states = object(branch.states, file, `${bpath}.states`);
      return membersOf(object(states[root], file, `${bpath}.states.${root}`), file, `${bpath}.states.${root}`);
    });
  }
  throw new SlacklineError(MODULE, `unknown state type ${JSON.stringify(type)}; expected task, map, loop or parallel`, { file, path: `${path}.type` });
}

export function definitionPhases(definition: unknown, file: string): Phase[] {
  const top = object(definition, file, '$');
  const states = object(top.states, file, '$.states');
  const root = text(top.root, file, '$.root');
  const phases: Phase[] = [];
  const visited = new Set<string>();
  const failures: string[] = [];
  const walk = (start: string) => {
    for (let name: string | undefined = start; name !== undefined && !visited.has(name); ) {
      const path = `$.states.${name}`;
      const state = object(states[name], file, path);
      visited.add(name);
      phases.push(membersOf(state, file, path));
      if (typeof state.failure === 'string') failures.push(state.failure);
      name = typeof state.next === 'string' ? state.next : undefined;
    }
  };
  walk(root);
  // Compensation chains: the latest failure target first.
  while (failures.length > 0) walk(failures.pop()!);
  return phases;
}
