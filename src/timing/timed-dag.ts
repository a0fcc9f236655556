/**
 * The plain timed-DAG input of `slackline cpm`: the engine alone, without datasets or
 * predictions.
 *
 *   { "tasks": [{ "id": "a", "durationMs": 3 }, ...],
 *     "edges": [{ "from": "a", "to": "b", "transferMs": 1 }, ...] }   // transferMs optional, 0
 *
 * `durationMs` becomes the node weight and `transferMs` the edge weight of `computeTiming`.
 * The graph is built and checked by `buildDag` (duplicates, unknown ids, self-loops,
 * cycles); every problem is reported at once, each naming its task and JSON path.
 */
import { readFileSync } from 'node:fs';
import { buildDag } from '../dag/build-dag.js';
import { toCompactDag, type CompactDag } from '../dag/compact-dag.js';
import type { WorkflowSpec } from '../dag/types.js';
import { isSlacklineError, SlacklineError } from '../errors.js';
import type { TimingWeights } from './types.js';
import { MAX_TIME_MS } from '../util/value-bounds.js';

const SHOWN_PROBLEMS = 20;

export interface TimedDag {
  readonly dag: CompactDag;
  readonly weights: TimingWeights;
  /** Task ids in file order (for output). */
  readonly fileOrder: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite time from 0 to 30 days (`util/value-bounds.ts`): a larger one is an input error, not a weight. */
function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_TIME_MS;
}

/** Reads and validates a timed-DAG file. */
export function readTimedDag(file: string): TimedDag {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SlacklineError('cpm', `cannot read the file: ${(error as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SlacklineError('cpm', `not valid JSON: ${(error as Error).message}`, { file });
  }
  return parseTimedDag(json, file);
}

/** Validates a parsed timed DAG; `file` is only used in messages. */
export function parseTimedDag(json: unknown, file?: string): TimedDag {
  const where = file ? { file } : {};
  if (!isRecord(json) || !Array.isArray(json.tasks)) throw new SlacklineError('cpm', '$.tasks: expected an object with a "tasks" array', where);
  if (json.edges !== undefined && !Array.isArray(json.edges)) throw new SlacklineError('cpm', '$.edges: expected an array', where);
  const rawTasks: unknown[] = json.tasks;
  const rawEdges: unknown[] = (json.edges as unknown[] | undefined) ?? [];
  const problems: string[] = [];
  const named: string[] = [];
  const duration = new Map<string, number>();
  const spec: { tasks: WorkflowSpec['tasks'][number][]; edges: WorkflowSpec['edges'][number][] } = { tasks: [], edges: [] };

  rawTasks.forEach((task, i) => {
    const at = `$.tasks[${i}]`;
    if (!isRecord(task) || typeof task.id !== 'string' || task.id.length === 0) {
      problems.push(`${at}.id: every task needs a non-empty string id`);
      return;
    }
    const id = task.id;
    if (task.durationMs === undefined) {
      problems.push(`${at}.durationMs: task "${id}" has no durationMs`);
      named.push(id);
    } else if (!isDuration(task.durationMs)) {
      problems.push(`${at}.durationMs: task "${id}" has durationMs ${shown(task.durationMs)}; expected a finite number from 0 to ${MAX_TIME_MS} (30 days)`);
      named.push(id);
    } else if (!duration.has(id)) {
      duration.set(id, task.durationMs);
    }
    spec.tasks.push({ id, func: 'task', inputBytes: 0, outputBytes: 0 });
  });

  const transfers: number[] = [];
  rawEdges.forEach((edge, i) => {
    const at = `$.edges[${i}]`;
    if (!isRecord(edge) || typeof edge.from !== 'string' || typeof edge.to !== 'string') {
      problems.push(`${at}: every edge needs string "from" and "to" task ids`);
      return;
    }
    let transfer = 0;
    if (edge.transferMs !== undefined) {
      if (isDuration(edge.transferMs)) transfer = edge.transferMs;
      else {
        problems.push(`${at}.transferMs: edge ${edge.from} -> ${edge.to} has transferMs ${shown(edge.transferMs)}; expected a finite number from 0 to ${MAX_TIME_MS} (30 days)`);
        named.push(edge.from, edge.to);
      }
    }
    // The transfer rides in `bytes` so buildDag keeps it on the graph edge.
    spec.edges.push({ from: edge.from, to: edge.to, bytes: transfer });
    transfers.push(transfer);
  });

  let graph: ReturnType<typeof buildDag> | undefined;
  try {
    graph = buildDag({ name: 'timed-dag', tasks: spec.tasks, edges: spec.edges });
  } catch (error) {
    if (!isSlacklineError(error)) throw error;
    // A loop, not push(...details): a 100,000-task file can list more problems than an argument list holds.
    for (const problem of error.details.length > 0 ? error.details : [error.message]) problems.push(problem);
  }
  if (problems.length > 0 || !graph) {
    // The first SHOWN_PROBLEMS in the message (a broken 100,000-task file would print megabytes); all in `details`.
    const more = problems.length > SHOWN_PROBLEMS ? `\n  ... and ${problems.length - SHOWN_PROBLEMS} more` : '';
    const summary = problems.length === 1 ? problems[0]! : `${problems.length} problems:\n  ${problems.slice(0, SHOWN_PROBLEMS).join('\n  ')}${more}`;
    throw new SlacklineError('cpm', summary, { ...where, tasks: named }, problems);
  }

  const dag = toCompactDag(graph);
  const nodeMs = Float64Array.from(dag.taskIds, (id) => duration.get(id)!);
  // Compact edges are renumbered; their `edgeBytes` carry the transfer times.
  const edgeMs = Float64Array.from(dag.edgeBytes);
  return { dag, weights: { nodeMs, edgeMs }, fileOrder: spec.tasks.map((t) => t.id) };
}

/** A bad value as the user wrote it (JSON.stringify would print an overflowing 1e309 as null). */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}
