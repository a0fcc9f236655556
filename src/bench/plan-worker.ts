/**
 * The piscina worker: receives a `PlanJob`, loads the planner registry the job names (once
 * per thread), and runs `executeJob`; or a `MeasureJob`, and measures its plan. A planner's refusal is rethrown as plain data
 * (`planner-refusal.ts`) so the sweep can tell it from a failure. Compiled, it loads
 * as it is; from sources through the tsx preload of `util/worker-module.ts`.
 */
import { workerData } from 'node:worker_threads';
import { isPlannerRefusal, serializeRefusal } from '../planning/planner-refusal.js';
import type { PlannerModule } from '../planning/types.js';
import { distributionMetrics, executeJob } from './execute-job.js';
import type { DistributionMetrics, MeasureJob, PlanJob, PlanJobResult, PlannerRegistryRef } from './job.js';

const registries = new Map<string, Promise<readonly PlannerModule[]>>();

async function loadRegistry(ref: PlannerRegistryRef): Promise<readonly PlannerModule[]> {
  const id = `${ref.moduleUrl}#${ref.exportName}`;
  let pending = registries.get(id);
  if (pending === undefined) {
    pending = import(ref.moduleUrl).then((module: Record<string, unknown>) => {
      const planners = module[ref.exportName];
      if (!Array.isArray(planners)) throw new Error(`slackline/bench: ${ref.moduleUrl} has no planner array export "${ref.exportName}"`);
      return planners as readonly PlannerModule[];
    });
    registries.set(id, pending);
  }
  return pending;
}

// A pool started ahead of its jobs names the registry to load before the thread reports
// ready (`startNow`; piscina's wait for tasks blocks this thread's event loop). A failure
// shows on the first job, which awaits the same import.
const preload = (workerData as { preload?: PlannerRegistryRef } | null)?.preload;
if (preload !== undefined) await loadRegistry(preload).catch(() => undefined);

export default async function runPlanJob(job: PlanJob | MeasureJob): Promise<PlanJobResult | DistributionMetrics> {
  if (isMeasureJob(job)) return distributionMetrics(job, job.plan);
  const planners = await loadRegistry(job.registry);
  try {
    return executeJob(job, planners);
  } catch (error) {
    // Structured cloning drops an Error's class and own fields: a refusal travels as plain data.
    if (isPlannerRefusal(error)) throw serializeRefusal(error);
    throw error;
  }
}

function isMeasureJob(job: PlanJob | MeasureJob): job is MeasureJob {
  return (job as Partial<MeasureJob>).kind === 'measure';
}
