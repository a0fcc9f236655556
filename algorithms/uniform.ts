/**
 * uniform: every worker gets the same memory size (`size=<MB>|smallest|middle|largest`),
 * on the default worker assignment. The baseline every other planner is measured against
 * ("uniform largest" is what a user does who does not plan). O(V).
 * Source: original (the usual one-size-fits-all configuration).
 */
import { checkSizeParam, ladderLevelOf } from '../src/planning/size-param.js';
import { planWithLevels } from '../src/planning/plan-builders.js';
import { stringParam } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';

export const uniform: PlannerModule = {
  id: 'uniform',
  description: 'every worker the same memory size',
  source: 'original',
  params: [{ name: 'size', description: 'memory size: a ladder size in MB, or smallest, middle, largest', type: 'string', default: 'largest', check: (value, instance) => checkSizeParam(value, instance, 'uniform') }],
  plan(context, params) {
    const level = ladderLevelOf(stringParam(params, 'size'), context.ladderMb, 'uniform');
    return { plan: planWithLevels(context.workers, level), annotations: { uniform: { memoryMb: context.ladderMb[level] } } };
  },
};
