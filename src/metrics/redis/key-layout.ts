/**
 * Where the Redis metrics store keeps what. Every key starts with a namespace (default
 * `slackline`), and every key of one DAG run starts with `<ns>:run:<dagId>`, so the runs
 * of one workflow share the prefix the DAG id gives them and one run can be removed by a
 * SCAN MATCH on its prefix (never KEYS).
 *
 *   <ns>:sigs                        SET    signatures with a stored workflow
 *   <ns>:workflow:<signature>        STRING the workflow (compact JSON, see codec.ts)
 *   <ns>:sig:<signature>:runs        ZSET   the index: committed dagIds scored by epoch ms
 *   <ns>:source:<signature>          STRING dataset metadata of the last `redis load` (for export)
 *   <ns>:run:<dagId>                 STRING run header: plan and makespan (compact JSON)
 *   <ns>:run:<dagId>:tasks           LIST   task records, each element a chunk of tuples
 *   <ns>:run:<dagId>:transfers       LIST   transfer records, chunks of tuples
 *   <ns>:run:<dagId>:starts          LIST   worker-start records, chunks of tuples
 *
 * A run is visible only once its dagId is in the signature index; the index entry, the
 * header and the last records are written in one MULTI/EXEC, so loaders never see half a
 * run. Record lists of a run that was never committed (a writer killed mid-run) are
 * invisible staging data that `prune` removes.
 */
import { parseDagId } from '../../dag/dag-id.js';
import { SlacklineError } from '../../errors.js';

export const DEFAULT_NAMESPACE = 'slackline';

/** The record lists of a run, by the suffix of their key. */
export const RUN_LISTS = ['tasks', 'transfers', 'starts'] as const;
export type RunList = (typeof RUN_LISTS)[number];

export interface KeyLayout {
  readonly namespace: string;
  readonly signatures: string;
  workflow(signature: string): string;
  runIndex(signature: string): string;
  source(signature: string): string;
  runHeader(dagId: string): string;
  runList(dagId: string, list: RunList): string;
  /** SCAN MATCH pattern covering every key of one run (glob characters escaped). */
  runPattern(dagId: string): string;
  /** True when `key` (found by `runPattern`) belongs to exactly this run, not to a longer dagId. */
  isRunKey(dagId: string, key: string): boolean;
}

const NAMESPACE = /^[A-Za-z0-9._-]+(?::[A-Za-z0-9._-]+)*$/;

export function keyLayout(namespace: string = DEFAULT_NAMESPACE): KeyLayout {
  if (!NAMESPACE.test(namespace)) {
    throw new SlacklineError('redis', `bad namespace "${namespace}": use letters, digits, '.', '_', '-' (':' between parts)`);
  }
  const ns = namespace;
  const runBase = (dagId: string): string => `${ns}:run:${dagId}`;
  return {
    namespace: ns,
    signatures: `${ns}:sigs`,
    workflow: (signature) => `${ns}:workflow:${signature}`,
    runIndex: (signature) => `${ns}:sig:${signature}:runs`,
    source: (signature) => `${ns}:source:${signature}`,
    runHeader: runBase,
    runList: (dagId, list) => `${runBase(dagId)}:${list}`,
    runPattern: (dagId) => `${escapeGlob(runBase(dagId))}*`,
    // The suffix of a run's own key is empty or `:<lowercase word>`; a longer dagId would
    // continue with its UUID and signature (digits, '_'), so it can never match.
    isRunKey: (dagId, key) => key.startsWith(runBase(dagId)) && /^(?::[a-z-]+)?$/.test(key.slice(runBase(dagId).length)),
  };
}

/** Escapes the characters Redis glob patterns treat specially. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** The signature a DAG id ends with (validates the id: a clear error on a malformed one). */
export function signatureOfDagId(dagId: string): string {
  return parseDagId(dagId).signature;
}
