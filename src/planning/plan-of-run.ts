/**
 * The plan a recorded run used (its `plan`: worker and memory of every task) in compact
 * form, so the simulator can replay it (`slackline simulate --plan run:<index|dagId>`) and
 * compare with the recorded makespan. Workers are numbered in task order; a worker whose
 * recorded starts were all warm is marked pre-warmed.
 */
import type { RecordedRun } from '../dataset/types.js';
import { SlacklineError } from '../errors.js';
import type { CompactPlan } from '../timing/types.js';
import type { PlanningInstance } from './prepare-instance.js';

export function planOfRun(instance: PlanningInstance, run: RecordedRun): CompactPlan {
  const { dag, ladderMb } = instance;
  const problems: string[] = [];
  const ids = new Map<string, number>();
  const workerOf = new Int32Array(dag.taskCount);
  const memory: number[] = [];
  dag.taskIds.forEach((id, i) => {
    const planned = run.plan[id];
    if (!planned) {
      problems.push(`task "${id}" is not in the run's plan`);
      return;
    }
    let w = ids.get(planned.workerId);
    if (w === undefined) {
      w = ids.size;
      ids.set(planned.workerId, w);
      memory.push(planned.memoryMb);
    } else if (memory[w] !== planned.memoryMb) {
      problems.push(`worker "${planned.workerId}" runs tasks at ${memory[w]} MB and ${planned.memoryMb} MB`);
    }
    workerOf[i] = w;
  });
  const levelOf = Int32Array.from(memory, (mb) => ladderMb.indexOf(mb));
  levelOf.forEach((l, w) => {
    if (l < 0) problems.push(`worker ${w} has ${memory[w]} MB, not on the ladder [${ladderMb.join(', ')}]`);
  });
  if (problems.length > 0) throw new SlacklineError('planning/plan-of-run', `run ${run.dagId}: ${problems.slice(0, 10).join('; ')}`, {}, problems);
  // A worker whose recorded starts were all warm was pre-warmed.
  const prewarm = new Uint8Array(ids.size);
  const kinds = new Map<string, Set<string>>();
  for (const s of run.metrics.workerStarts) (kinds.get(s.workerId) ?? kinds.set(s.workerId, new Set()).get(s.workerId)!).add(s.kind);
  for (const [id, w] of ids) {
    const k = kinds.get(id);
    if (k !== undefined && k.size === 1 && k.has('warm')) prewarm[w] = 1;
  }
  return { workerCount: ids.size, workerOf, levelOf, prewarm, preload: new Uint8Array(dag.taskCount) };
}

/** The workflow's runs, and the one named by `index|dagId` (default: the last). */
export function selectRun(instance: PlanningInstance, which?: string): RecordedRun {
  const runs = instance.runs.filter((r) => r.dagId.endsWith(`_${instance.workflow.signature}`));
  const chosen = which === undefined || which === '' ? runs[runs.length - 1] : /^\d+$/.test(which) ? runs[Number(which)] : runs.find((r) => r.dagId === which);
  if (!chosen) throw new SlacklineError('planning/plan-of-run', `no recorded run "${which ?? 'last'}" for workflow "${instance.workflow.name}" (it has ${runs.length}; give an index 0..${runs.length - 1} or a DAG id)`);
  return chosen;
}
