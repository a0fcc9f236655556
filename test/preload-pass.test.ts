/** The preload pass marks only fan-ins it makes ready earlier, and never lengthens the plan. */
import { describe, expect, it } from 'vitest';
import { getPlanner } from '../algorithms/index.js';
import { randomLayered } from '../src/generate/random-layered.js';
import { treeReduction } from '../src/generate/tree-reduction.js';
import { bestPlan } from '../src/planning/plan-builders.js';
import { defaultAssignment } from '../src/planning/planning-context.js';
import { preloadPass } from '../src/planning/preload-pass.js';
import { runPlanner } from '../src/bench/run-planner.js';
import { planTiming } from '../src/timing/timing-model.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';
import { generateFixture } from './support/planning-instance.js';

describe('preloadPass', () => {
  for (const [name, workflow] of [['tree', treeReduction({ leaves: 16, unequal: true })], ['random', randomLayered({ tasks: 200, seed: 9 })]] as const) {
    it(`${name}: marks fan-ins that get ready earlier, each one individually, and the makespan does not grow`, () => {
      const { dag, durations } = generateFixture(workflow);
      const plan = bestPlan(dag, durations, defaultAssignment(dag, durations));
      const before = planTiming(dag, durations, plan);
      const { plan: marked, marked: tasks } = preloadPass(dag, durations, plan, before);
      expect(tasks.length).toBeGreaterThan(0);
      expect(plan.preload.every((x) => x === 0)).toBe(true); // the input plan is not touched
      for (const v of tasks) {
        expect(dag.predStart[v + 1]! - dag.predStart[v]!).toBeGreaterThanOrEqual(2);
        // Marking v alone makes v finish earlier under the same upstream timing.
        const single = { ...plan, preload: new Uint8Array(dag.taskCount) };
        single.preload[v] = 1;
        expect(planTiming(dag, durations, single).earliestFinish[v]!).toBeLessThan(before.earliestFinish[v]! - TIME_EPSILON_MS);
      }
      for (let v = 0; v < dag.taskCount; v++) if (!tasks.includes(v)) expect(marked.preload[v]).toBe(0);
      expect(planTiming(dag, durations, marked).makespanMs).toBeLessThanOrEqual(before.makespanMs + TIME_EPSILON_MS);
    });
  }

  it('best-then-downgrade with preload=true annotates preloads in its plan and keeps its own target', () => {
    const instance = generateFixture(treeReduction({ leaves: 16, unequal: true }));
    const run = runPlanner(instance, getPlanner('best-then-downgrade'), { preload: true }, { seed: 1 });
    const annotation = run.outcome.annotations?.['best-then-downgrade'] as { preloaded: number; targetMs: number };
    expect(annotation.preloaded).toBeGreaterThan(0);
    expect(Array.from(run.plan.preload).filter((x) => x === 1)).toHaveLength(annotation.preloaded);
    expect(run.report.makespanMs).toBeLessThanOrEqual(annotation.targetMs + TIME_EPSILON_MS);
    expect(annotation.targetMs).toBeLessThanOrEqual(run.bestMakespanMs + TIME_EPSILON_MS);
    expect(getPlanner('best-then-downgrade').params.find((p) => p.name === 'preload')?.default).toBe(false);
  });
});
