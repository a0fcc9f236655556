/**
 * jolteon: chance-constrained sizing by sample-average approximation. Minimise the
 * expected cost subject to P(makespan <= D) >= 1 - epsilon (epsilon = 1 - `confidence`),
 * with the probability replaced by the share of K fixed sampled scenarios (`scenarios`;
 * common random numbers: every candidate plan is simulated on the same K scenarios) that
 * meet D.
 *
 * How it is solved here (a discrete greedy descent, not the paper's solver):
 *  1. Start from the fastest plan (every worker of the default assignment at its fastest
 *     level). If it misses the SAA constraint, return it (`feasible: false`).
 *  2. Passes over the workers, most estimated saving first: for each worker, find the
 *     lowest level that keeps the SAA constraint by binary search over the levels below
 *     its current one (sound because every sampled duration is non-increasing in memory,
 *     so each scenario's makespan is monotone in one worker's level), then move it to the
 *     cheapest (estimated memory x busy time) of the feasible levels. Repeat until a pass
 *     moves nothing, `passes` are done, or `maxEvaluations` simulations are spent.
 * Cost: O(log L) simulations per worker per pass, each O(K (V + E)); at most
 * `maxEvaluations` simulations and `workBudget` scenario x (task + edge) steps in all
 * (on large DAGs the descent stops early: the plan is feasible but less downgraded). The
 * budget counts whole simulations, but the K scenarios are kept between them and a probe
 * re-runs only the tasks its worker reaches (`timing/incremental-scenarios.ts`: the same
 * makespans), O(K x that cone) draws plus O(K V) maxima.
 * Source: Zhang, Jin and Jin, "Jolteon: Unleashing the Promise of Serverless for
 * Serverless Workflows", NSDI '24,
 * https://www.usenix.org/conference/nsdi24/presentation/zhang-zili-jolteon (the
 * chance-constrained formulation over the stochastic performance model, solved by
 * sampling; the optimisation section). Departs from it: Jolteon relaxes the configuration
 * to continuous resources and exploits convexity of its white-box model to solve the
 * sampled program, then rounds; here the ladder is discrete and the sampled program is
 * solved by the greedy descent above (no optimality guarantee); scenarios come from the
 * predictor's per-task distributions, not from Jolteon's fitted per-stage model; stages
 * are this project's workers.
 */
import { SlacklineError } from '../src/errors.js';
import { bestPlan } from '../src/planning/plan-builders.js';
import { checkSamples, DEFAULT_CONFIDENCE, DEFAULT_WORK_BUDGET, evaluationBudget, incrementalScenariosOf, resolveConfidence, scenariosOf } from '../src/planning/planning-grids.js';
import { PlannerRefusal } from '../src/planning/planner-refusal.js';
import { numberParam } from '../src/planning/resolve-params.js';
import type { PlannerModule } from '../src/planning/types.js';
import { WorkerCostEstimate } from '../src/planning/worker-cost-estimate.js';
import type { IncrementalScenarios } from '../src/timing/incremental-scenarios.js';
import { TIME_EPSILON_MS } from '../src/timing/tolerance.js';

export const jolteon: PlannerModule = {
  id: 'jolteon',
  description: "Jolteon (NSDI '24): cheapest plan meeting the deadline in at least (1 - epsilon) of K sampled scenarios",
  source: 'https://www.usenix.org/conference/nsdi24/presentation/zhang-zili-jolteon',
  requiresDeadline: true,
  usesDistributions: true,
  params: [
    { name: 'confidence', description: "1 - epsilon (0: the run's --confidence, else 0.95)", type: 'number', default: 0 },
    { name: 'scenarios', description: 'K, the sampled scenarios of the sample-average approximation', type: 'number', default: 500 },
    { name: 'passes', description: 'most passes over the workers', type: 'number', default: 4 },
    { name: 'maxEvaluations', description: 'most simulations in all', type: 'number', default: 2000 },
    { name: 'workBudget', description: 'most scenario x (task + edge) steps over all simulations (caps maxEvaluations on large DAGs)', type: 'number', default: DEFAULT_WORK_BUDGET },
  ],
  plan(context, params) {
    if (context.deadlineMs === undefined) throw new PlannerRefusal('planning/jolteon', 'needs a deadline (--deadline 1.2x or --deadline <ms>)');
    const deadlineMs = context.deadlineMs;
    const { dag, durations } = context;
    const c = resolveConfidence('jolteon', numberParam(params, 'confidence'), context) ?? DEFAULT_CONFIDENCE;
    const K = checkSamples('jolteon', numberParam(params, 'scenarios'), 'scenarios');
    const passes = Math.floor(numberParam(params, 'passes'));
    const maxEvaluations = evaluationBudget(numberParam(params, 'maxEvaluations'), numberParam(params, 'workBudget'), K, dag.taskCount + dag.edgeCount);
    if (!(passes >= 1)) throw new SlacklineError('planning/jolteon', `passes must be >= 1, got ${passes}`);
    const needed = Math.ceil(c * K - 1e-9);
    const plan = bestPlan(dag, durations, context.workers);
    const estimate = new WorkerCostEstimate(dag, durations, plan);
    const model = estimate.model;
    const W = plan.workerCount;
    let evaluations = 0;
    let kept: IncrementalScenarios | undefined;
    const meets = (): number => {
      evaluations++;
      const makespanMs = kept !== undefined ? kept.makespans() : scenariosOf(context, plan, K, { model, costs: false }).makespanMs;
      let hits = 0;
      for (let s = 0; s < K; s++) if (makespanMs[s]! <= deadlineMs + TIME_EPSILON_MS) hits++;
      return hits;
    };
    let hits = meets();
    const feasible = hits >= needed;
    // Each probe moves one worker from the current plan: the kept scenarios re-run only the
    // tasks it reaches (the same numbers as simulating it whole; whole where that pays no less).
    if (feasible) kept = incrementalScenariosOf(context, plan, K, model);
    let moves = 0;
    let pass = 0;
    if (feasible) {
      for (; pass < passes && evaluations < maxEvaluations; pass++) {
        let movedThisPass = 0;
        const saving = Float64Array.from({ length: W }, (_, w) => {
          let cheapest = estimate.mbMs(w, plan.levelOf[w]!);
          for (let l = 0; l < plan.levelOf[w]!; l++) cheapest = Math.min(cheapest, estimate.mbMs(w, l));
          return estimate.mbMs(w, plan.levelOf[w]!) - cheapest;
        });
        const order = Array.from({ length: W }, (_, w) => w).sort((a, b) => saving[b]! - saving[a]! || a - b);
        for (const w of order) {
          if (evaluations >= maxEvaluations) break;
          const current = plan.levelOf[w]!;
          if (current === 0 || saving[w]! <= 0) continue;
          // Lowest feasible level in [0, current] (current is feasible).
          let lo = 0;
          let hi = current;
          let hitsAtHi = hits;
          while (lo < hi && evaluations < maxEvaluations) {
            const mid = (lo + hi) >> 1;
            plan.levelOf[w] = mid;
            const h = meets();
            if (h >= needed) {
              hi = mid;
              hitsAtHi = h;
            } else lo = mid + 1;
          }
          // Cheapest feasible level (feasible: every level >= hi).
          let chosen = current;
          for (let l = hi; l < current; l++) if (estimate.mbMs(w, l) < estimate.mbMs(w, chosen) * (1 - 1e-12)) chosen = l;
          plan.levelOf[w] = chosen;
          if (chosen !== current) {
            kept?.rebase();
            moves++;
            movedThisPass++;
            hits = chosen === hi ? hitsAtHi : meets();
          }
        }
        if (movedThisPass === 0) break;
      }
    }
    const deterministicMs = context.fullTiming(plan).makespanMs;
    return {
      plan,
      claimsDeadline: deterministicMs <= deadlineMs + TIME_EPSILON_MS,
      annotations: { jolteon: { confidence: c, scenarios: K, targetMs: deadlineMs, feasible, meetingScenarios: hits, needed, moves, passes: pass, evaluations } },
      stats: { trials: evaluations, accepted: moves },
    };
  },
};
