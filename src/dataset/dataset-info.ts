/**
 * Shape figures of a dataset's workflows for `slackline info`: tasks, edges, depth (tasks
 * on the longest path), width (most tasks in one topological generation, i.e. the most that
 * can run at once), funcs, and the number of recorded runs of each workflow.
 */
import type { Dataset } from './types.js';
import { workflowOfRun } from './workflow-of-run.js';
import { compactWorkflow } from '../dag/compact-workflow.js';

/** The figures `info` prints, for one workflow or summed over a dataset's workflows. */
export interface ShapeFigures {
  readonly tasks: number;
  readonly edges: number;
  /** Tasks on the longest path. */
  readonly depth: number;
  /** Most tasks in one topological generation. */
  readonly width: number;
  /** Distinct funcs, sorted. */
  readonly funcs: readonly string[];
  readonly runs: number;
}

export interface WorkflowInfo extends ShapeFigures {
  readonly name: string;
  readonly signature: string;
}

/** Tasks and edges summed over workflows; depth and width their maxima; funcs their union. */
export interface DatasetInfo extends ShapeFigures {
  readonly name: string;
  readonly description: string;
  readonly kind: 'synthetic' | 'recorded';
  readonly origin: string;
  readonly license: string;
  readonly memoryLadderMb: readonly number[];
  readonly workflows: readonly WorkflowInfo[];
}

export function datasetInfo(dataset: Dataset): DatasetInfo {
  const runsOf = new Map<string, number>();
  for (const run of dataset.runs) {
    const signature = workflowOfRun(dataset, run).signature;
    runsOf.set(signature, (runsOf.get(signature) ?? 0) + 1);
  }
  const workflows = dataset.workflows.map((workflow): WorkflowInfo => {
    const dag = compactWorkflow(workflow);
    // Longest path in tasks: a forward pass over the topological order. A task's
    // topological generation is its level - 1, so counting tasks per level gives the width.
    const level = new Int32Array(dag.taskCount);
    const perLevel = new Int32Array(dag.taskCount + 1);
    let depth = 0;
    let width = 0;
    for (let v = 0; v < dag.taskCount; v++) {
      let best = 0;
      for (let k = dag.predStart[v]!; k < dag.predStart[v + 1]!; k++) best = Math.max(best, level[dag.predTask[k]!]!);
      level[v] = best + 1;
      depth = Math.max(depth, best + 1);
      width = Math.max(width, ++perLevel[best + 1]!);
    }
    return {
      name: workflow.name,
      signature: workflow.signature,
      tasks: dag.taskCount,
      edges: dag.edgeCount,
      depth,
      width,
      funcs: [...dag.funcNames].sort(),
      runs: runsOf.get(workflow.signature) ?? 0,
    };
  });
  return {
    name: dataset.name,
    description: dataset.description,
    kind: dataset.source.kind,
    origin: dataset.source.origin,
    license: dataset.source.license,
    memoryLadderMb: dataset.memoryLadderMb,
    tasks: workflows.reduce((s, w) => s + w.tasks, 0),
    edges: workflows.reduce((s, w) => s + w.edges, 0),
    depth: workflows.reduce((s, w) => Math.max(s, w.depth), 0),
    width: workflows.reduce((s, w) => Math.max(s, w.width), 0),
    funcs: [...new Set(workflows.flatMap((w) => w.funcs))].sort(),
    runs: dataset.runs.length,
    workflows,
  };
}
