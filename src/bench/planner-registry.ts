/**
 * The planner registry a sweep runs: the planner modules themselves (for the main thread)
 * and where a worker thread finds the same list (module URL + export name). The default is
 * `algorithms/index` (`.js` compiled, `.ts` from sources); tests pass a fixture module with planners that throw or hang.
 */
import { planners } from '../../algorithms/index.js';
import type { PlannerModule } from '../planning/types.js';
import type { PlannerRegistryRef } from './job.js';
import { siblingModuleUrl } from '../util/worker-module.js';

export interface PlannerRegistry {
  readonly planners: readonly PlannerModule[];
  readonly ref: PlannerRegistryRef;
}

export function defaultPlannerRegistry(): PlannerRegistry {
  return { planners, ref: { moduleUrl: siblingModuleUrl(import.meta.url, '../../algorithms/index.js'), exportName: 'planners' } };
}
