/**
 * orion: ORION's right-sizing, a best-first search for the cheapest per-stage memory that
 * meets a P_c end-to-end latency target (c = `confidence`, 0.95 by default: ORION's P95).
 *
 *  0. Simulate the fastest plan (every worker at its fastest level). Every sampled duration
 *     is non-increasing in memory and candidates share their scenarios (common random
 *     numbers), so each scenario's makespan is smallest there: if even it misses the target,
 *     no sequence of raises meets it, and the answer is the fastest plan (`met: false`),
 *     where the search would end if it ran until no worker could be raised.
 *  1. Start from the cheapest configuration: every worker of the default assignment at the
 *     level where its estimated cost (memory x busy time) is lowest.
 *  2. Simulate the plan (`samples` scenarios, common random numbers, per-task criticality).
 *     If P(makespan <= D) >= c, stop.
 *  3. Candidates: the `candidates` workers most often on the critical path. For each, raise
 *     its memory one step (to the next ladder size at which its tasks are faster) and simulate; score = P_c reduction / cost increase (a
 *     raise that is also cheaper scores highest). Apply the best raise; when no raise
 *     reduces P_c (a plateau: e.g. one of several equal branches), raise the most critical
 *     worker. Go to 2.
 *  4. When no worker can be raised, or `maxEvaluations` simulations are spent, return the
 *     fastest plan (it meets the target: step 0).
 * Cost: per step 1 + `candidates` simulations of O(samples (V + E)); at most
 * `maxEvaluations` simulations in the search (step 0's comes on top), and at most
 * `workBudget` scenario x (task + edge) steps (so large DAGs get fewer steps and fall back
 * to the fastest plan sooner). The
 * budget counts whole simulations, but the scenarios are kept between them and a
 * simulation re-runs only the tasks its raise reaches (`timing/incremental-scenarios.ts`:
 * the same makespans and criticality), so a step costs O(samples x the raised worker's
 * cone) draws plus O(samples V) maxima.
 * Deterministic for a seed.
 * Source: Mahgoub et al., "ORION and the Three Rights: Sizing, Bundling, and Prewarming for
 * Serverless DAGs", OSDI '22, https://www.usenix.org/conference/osdi22/presentation/mahgoub
 * (the "right-sizing" design section: best-first search over per-stage resources against a
 * P95 latency target, guided by the E2E latency distribution of its performance model).
 * Departs from it: the E2E distribution comes from Monte Carlo over the predictor's
 * per-task distributions instead of ORION's convolution of per-stage distributions; stages
 * are this project's workers (tasks sharing a worker share its size) and the knob is the
 * memory ladder (ORION sizes memory, and through it vCPUs); the plateau rule, the
 * candidate limit, the simulation budget and the feasibility check of step 0 (which
 * returns at once what an unbudgeted search would reach by raising every worker) are ours;
 * bundling and pre-warming (ORION's other two "rights") are not done here.
 */
import { SlacklineError } from '../src/errors.js';
import { bestPlan, planWithLevels } from '../src/planning/plan-builders.js';
import { checkSamples, DEFAULT_CONFIDENCE, DEFAULT_WORK_BUDGET, evaluationBudget, incrementalScenariosOf, probabilityWithin, resolveConfidence, sampleQuantile, scenariosOf } from '../src/planning/planning-grids.js';
import { PlannerRefusal } from '../src/planning/planner-refusal.js';
import { numberParam } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';
import { WorkerCostEstimate } from '../src/planning/worker-cost-estimate.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';

/** Candidates' criticality is never read. */
const NO_COUNTS = new Float64Array(0);

export const orion: PlannerModule = {
  id: 'orion',
  description: "ORION (OSDI '22): best-first memory raises on the critical stages until the P95 makespan meets the deadline",
  source: 'https://www.usenix.org/conference/osdi22/presentation/mahgoub',
  requiresDeadline: true,
  usesDistributions: true,
  params: [
    { name: 'confidence', description: "the target quantile (0: the run's --confidence, else 0.95)", type: 'number', default: 0 },
    { name: 'samples', description: 'scenarios per simulation', type: 'number', default: 200 },
    { name: 'candidates', description: 'most critical workers tried per step', type: 'number', default: 8 },
    { name: 'maxEvaluations', description: 'most simulations in all', type: 'number', default: 2000 },
    { name: 'workBudget', description: 'most scenario x (task + edge) steps over all simulations (caps maxEvaluations on large DAGs)', type: 'number', default: DEFAULT_WORK_BUDGET },
  ],
  plan(context, params) {
    if (context.deadlineMs === undefined) throw new PlannerRefusal('planning/orion', 'needs a deadline: the P95 latency target (--deadline 1.2x or --deadline <ms>)');
    const deadlineMs = context.deadlineMs;
    const { dag, durations } = context;
    const c = resolveConfidence('orion', numberParam(params, 'confidence'), context) ?? DEFAULT_CONFIDENCE;
    const samples = checkSamples('orion', numberParam(params, 'samples'));
    const candidates = Math.floor(numberParam(params, 'candidates'));
    const maxEvaluations = evaluationBudget(numberParam(params, 'maxEvaluations'), numberParam(params, 'workBudget'), samples, dag.taskCount + dag.edgeCount);
    if (!(candidates >= 1)) throw new SlacklineError('planning/orion', `candidates must be >= 1, got ${candidates}`);
    const L = durations.levels;
    const fastest = bestPlan(dag, durations, context.workers);
    const fastestProbability = probabilityWithin(scenariosOf(context, fastest, samples, { costs: false }).makespanMs, deadlineMs);
    const outcome = (result: typeof fastest, probability: number, met: boolean, steps: number, evaluations: number) => ({
      plan: result,
      claimsDeadline: context.fullTiming(result).makespanMs <= deadlineMs + TIME_EPSILON_MS,
      annotations: { orion: { confidence: c, targetMs: deadlineMs, probability, met, steps, evaluations } },
      stats: { trials: evaluations, steps },
    });
    // Step 0: a target the fastest plan misses cannot be met by raises (see the header).
    if (fastestProbability < c) return outcome(fastest, fastestProbability, false, 0, 1);
    const plan = planWithLevels(context.workers, 0);
    const estimate = new WorkerCostEstimate(dag, durations, plan);
    const W = plan.workerCount;
    for (let w = 0; w < W; w++) {
      let cheapest = 0;
      for (let l = 1; l < L; l++) if (estimate.mbMs(w, l) < estimate.mbMs(w, cheapest)) cheapest = l;
      plan.levelOf[w] = cheapest;
    }
    const { start, tasks } = estimate.byWorker;
    const model = estimate.model;
    // One step up: the next larger level at which the worker's tasks are faster (a larger size that buys no time is skipped).
    const raiseOf = (w: number): number => {
      const busy = estimate.busyMs(w, plan.levelOf[w]!);
      for (let l = plan.levelOf[w]! + 1; l < L; l++) if (estimate.busyMs(w, l) < busy - TIME_EPSILON_MS) return l;
      return -1;
    };
    let evaluations = 0;
    let steps = 0;
    // A candidate differs from the current plan in one worker: the kept scenarios re-run only
    // the tasks it reaches (the same numbers as simulating it whole; whole where that pays no less).
    const kept = incrementalScenariosOf(context, plan, samples, model);
    const simulate = (criticality: boolean): { readonly makespanMs: Float64Array; readonly criticalCount: Float64Array } => {
      evaluations++;
      if (kept === undefined) return scenariosOf(context, plan, samples, { criticality, model, costs: false });
      if (!criticality) return { makespanMs: kept.makespans(), criticalCount: NO_COUNTS };
      kept.rebase();
      return { makespanMs: kept.baseMakespans(), criticalCount: kept.criticalCount() };
    };
    let current = simulate(true);
    let met = probabilityWithin(current.makespanMs, deadlineMs) >= c;
    const workerCriticality = new Float64Array(W);
    while (!met && evaluations < maxEvaluations) {
      const quantile = sampleQuantile(current.makespanMs, c);
      workerCriticality.fill(0);
      for (let w = 0; w < W; w++) for (let k = start[w]!; k < start[w + 1]!; k++) workerCriticality[w] = Math.max(workerCriticality[w]!, current.criticalCount[tasks[k]!]!);
      const raisable: number[] = [];
      for (let w = 0; w < W; w++) if (raiseOf(w) >= 0 && workerCriticality[w]! > 0) raisable.push(w);
      if (raisable.length === 0) for (let w = 0; w < W; w++) if (raiseOf(w) >= 0) raisable.push(w);
      if (raisable.length === 0) break;
      raisable.sort((a, b) => workerCriticality[b]! - workerCriticality[a]! || a - b);
      const tried = raisable.slice(0, candidates);
      let bestWorker = -1;
      let bestScore = -Infinity;
      for (const w of tried) {
        if (evaluations >= maxEvaluations) break;
        const level = plan.levelOf[w]!;
        const up = raiseOf(w);
        plan.levelOf[w] = up;
        const gain = quantile - sampleQuantile(simulate(false).makespanMs, c);
        plan.levelOf[w] = level;
        if (gain <= TIME_EPSILON_MS) continue;
        const extra = estimate.mbMs(w, up) - estimate.mbMs(w, level);
        const score = extra <= 0 ? Infinity : gain / extra;
        if (score > bestScore) {
          bestScore = score;
          bestWorker = w;
        }
      }
      // Plateau: no single raise shortens P_c; raise the most critical worker.
      const raised = bestWorker >= 0 ? bestWorker : tried[0]!;
      plan.levelOf[raised] = raiseOf(raised);
      steps++;
      if (evaluations >= maxEvaluations) break;
      current = simulate(true);
      met = probabilityWithin(current.makespanMs, deadlineMs) >= c;
    }
    // The budget ran out or no worker can be raised: the fastest plan meets the target (step 0).
    if (!met) return outcome(fastest, fastestProbability, true, steps, evaluations + 1);
    return outcome(plan, probabilityWithin(current.makespanMs, deadlineMs), true, steps, evaluations + 1);
  },
};
