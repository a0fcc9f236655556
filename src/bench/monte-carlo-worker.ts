/**
 * The piscina worker of `monte-carlo-pool.ts`: runs one range of scenarios with
 * `runScenarios` (the same function the main thread runs, hence the same numbers).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import { runScenarios, type ScenarioResults } from '../timing/monte-carlo.js';
import type { CostModel } from '../timing/cost-model.js';
import type { CompactPlan } from '../timing/types.js';

export interface ScenarioJob {
  readonly dag: CompactDag;
  readonly grids: QuantileGrids;
  readonly plan: CompactPlan;
  readonly first: number;
  readonly count: number;
  readonly seed: number;
  readonly correlation: number;
  readonly criticality: boolean;
  readonly cost: CostModel;
}

export default function runScenarioJob(job: ScenarioJob): ScenarioResults {
  return runScenarios(job.dag, job.grids, job.plan, job.first, job.count, job);
}
