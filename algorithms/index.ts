/**
 * The registry of planners: a typed static list (no loading by string). Adding a planner
 * is one file in this folder, named by its id, plus one import and one entry here; the
 * conformance test (`test/planners-conformance.test.ts`) then runs it over every fixture.
 */
import { SlacklineError } from '../src/errors.js';
import type { PlannerModule } from '../src/planning/types.js';
import { bestThenDowngrade } from './best-then-downgrade.js';
import { deadlineDowngrade } from './deadline-downgrade.js';
import { exhaustive } from './exhaustive.js';
import { jolteon } from './jolteon.js';
import { orion } from './orion.js';
import { powerTuning } from './power-tuning.js';
import { randomSearch } from './random-search.js';
import { uniform } from './uniform.js';
import { wukong } from './wukong.js';

export const planners: readonly PlannerModule[] = [uniform, wukong, bestThenDowngrade, deadlineDowngrade, exhaustive, randomSearch, powerTuning, orion, jolteon];

export function getPlanner(id: string): PlannerModule {
  const planner = planners.find((p) => p.id === id);
  if (!planner) throw new SlacklineError('planning/registry', `unknown algorithm "${id}"; known: ${planners.map((p) => p.id).join(', ')}`);
  return planner;
}
