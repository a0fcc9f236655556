/**
 * The DAG signature: a stable hash of a workflow's structure, so runs of the same workflow
 * group together (it ends every DAG id and prefixes the Redis keys of its runs).
 *
 * Hashed: every task as `id\tfunc` and every edge as `from\tto`, each list sorted, so the
 * order in which tasks and edges were written does not matter. Byte counts are not part of
 * the structure (they vary from run to run). SHA-256, first 16 hex digits.
 */
import { createHash } from 'node:crypto';
import type { WorkflowSpec } from './types.js';

export const SIGNATURE_LENGTH = 16;

export function dagSignature(workflow: Pick<WorkflowSpec, 'tasks' | 'edges'>): string {
  const tasks = workflow.tasks.map((t) => `${t.id}\t${t.func}`).sort();
  const edges = workflow.edges.map((e) => `${e.from}\t${e.to}`).sort();
  const hash = createHash('sha256');
  // One update per list (the same bytes as one per line, in far fewer calls).
  hash.update(`tasks ${tasks.length}\n`);
  if (tasks.length > 0) hash.update(`${tasks.join('\n')}\n`);
  hash.update(`edges ${edges.length}\n`);
  if (edges.length > 0) hash.update(`${edges.join('\n')}\n`);
  return hash.digest('hex').slice(0, SIGNATURE_LENGTH);
}

/** The sink named in DAG ids: the first sink in sorted order (several sinks are allowed). */
export function namedSink(workflow: Pick<WorkflowSpec, 'tasks' | 'edges'>): string {
  const hasOut = new Set(workflow.edges.map((e) => e.from));
  const sinks = workflow.tasks.filter((t) => !hasOut.has(t.id)).map((t) => t.id).sort();
  const first = sinks[0];
  if (first === undefined) throw new Error('slackline/dag-signature: workflow has no sink task');
  return first;
}
