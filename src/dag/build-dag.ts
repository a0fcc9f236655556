/**
 * Builds the graphology graph of a workflow and validates it. Every problem is reported
 * (not only the first): duplicate task ids, edges to unknown tasks, self-loops, duplicate
 * edges, negative or non-finite byte counts, and a cycle (naming its tasks). Several
 * sources and sinks are allowed.
 */
import { DirectedGraph } from 'graphology';
import { hasCycle } from 'graphology-dag';
import { SlacklineError } from '../errors.js';
import { findCycle } from './find-cycle.js';
import type { EdgeAttributes, TaskAttributes, WorkflowSpec } from './types.js';

export type WorkflowGraph = DirectedGraph<TaskAttributes, EdgeAttributes>;

export interface BuildDagOptions {
  /** File the workflow came from, for messages. */
  readonly file?: string;
  /** JSON path of the workflow inside the file, e.g. `$.workflows[0]`. */
  readonly path?: string;
}

function isNonNegativeFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function buildDag(workflow: WorkflowSpec, options: BuildDagOptions = {}): WorkflowGraph {
  const base = options.path ?? '$';
  const problems: string[] = [];
  const graph: WorkflowGraph = new DirectedGraph({ allowSelfLoops: true, multi: false });

  workflow.tasks.forEach((task, i) => {
    const at = `${base}.tasks[${i}]`;
    if (typeof task.id !== 'string' || task.id.length === 0) {
      problems.push(`${at}.id: task id must be a non-empty string`);
      return;
    }
    if (graph.hasNode(task.id)) {
      problems.push(`${at}.id: duplicate task id "${task.id}"`);
      return;
    }
    if (typeof task.func !== 'string' || task.func.length === 0) problems.push(`${at}.func: task "${task.id}" needs a func name`);
    for (const field of ['inputBytes', 'outputBytes'] as const) {
      if (!isNonNegativeFinite(task[field])) problems.push(`${at}.${field}: task "${task.id}" has ${String(task[field])}; expected a finite number >= 0`);
    }
    graph.addNode(task.id, { id: task.id, func: task.func, inputBytes: task.inputBytes, outputBytes: task.outputBytes });
  });

  workflow.edges.forEach((edge, i) => {
    const at = `${base}.edges[${i}]`;
    let ok = true;
    for (const end of ['from', 'to'] as const) {
      if (!graph.hasNode(edge[end])) {
        problems.push(`${at}.${end}: edge ${edge.from} -> ${edge.to} names unknown task "${edge[end]}"`);
        ok = false;
      }
    }
    if (!isNonNegativeFinite(edge.bytes)) problems.push(`${at}.bytes: edge ${edge.from} -> ${edge.to} has ${String(edge.bytes)}; expected a finite number >= 0`);
    if (!ok) return;
    if (edge.from === edge.to) {
      problems.push(`${at}: self-loop on task "${edge.from}"`);
      return;
    }
    if (graph.hasEdge(edge.from, edge.to)) {
      problems.push(`${at}: duplicate edge ${edge.from} -> ${edge.to}`);
      return;
    }
    graph.addEdge(edge.from, edge.to, { from: edge.from, to: edge.to, bytes: edge.bytes });
  });

  if (hasCycle(graph)) {
    const cycle = findCycle(graph);
    if (cycle) problems.push(`${base}.edges: cycle through tasks ${[...cycle, cycle[0]].join(' -> ')}`);
  }

  if (problems.length > 0) {
    const summary = problems.length === 1 ? problems[0]! : `${problems.length} problems in workflow "${workflow.name}":\n  ${problems.join('\n  ')}`;
    throw new SlacklineError('dag', summary, { ...(options.file ? { file: options.file } : {}) }, problems);
  }
  return graph;
}
