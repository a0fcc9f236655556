/**
 * The deterministic key of one benchmark run, in two parts:
 * - its identity (dataset, workflow, planner, parameters sorted by name, SLA, deadline,
 *   seed): the same run always gets the same key whatever the order of flags or config
 *   entries, so a rerun finds what is already done (ann-benchmarks' habit). The readable
 *   key is stored in the row; the file name uses a short hash of it, so a row is replaced
 *   in place when it is recomputed;
 * - its inputs fingerprint: content hashes of what the row is computed from (the
 *   workflow, memory ladder and recorded runs the predictor is fitted on), the planner
 *   module's version (hash of its source closure) and the project version (package version
 *   plus the hash of the sweep's engine code). A stored row whose fingerprint differs is
 *   stale: the sweep reruns it and says so.
 * This file and `results-store.ts` are the single place keys and row files are computed.
 */
import { createHash } from 'node:crypto';
import type { ParamValue } from '../planning/types.js';

export interface RunSpec {
  readonly dataset: string;
  /** Workflow name inside the dataset. */
  readonly workflow: string;
  readonly planner: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly sla: string;
  /** Deadline as given (`1.2x`, `5000ms`), or null for none. */
  readonly deadline: string | null;
  readonly seed: number;
  /** Probability with which the deadline should be met (`--confidence` axis); absent or null: none. */
  readonly confidence?: number | null;
  /** `holdout`: the predictor is fitted on a training share of the runs, attainment measured on the rest. */
  readonly evaluate?: 'holdout';
  /** Worker-assignment strategy; absent (and left out of the key) for the default `chain`, so earlier keys stay valid. */
  readonly assignment?: string;
}

/** What a row is computed from, each as a content hash or version. */
export interface RunInputs {
  /** Hash of the workflow, the memory ladder and the runs the predictor is fitted on. */
  readonly data: string;
  /** Version of the planner module (hash of its source and of everything it imports). */
  readonly planner: string;
  /** Project version: `<package version>+<engine source hash>`. */
  readonly project: string;
}

export interface RunKey {
  /** Readable, e.g. `montage/wf/deadline-downgrade/order=saving,margin=0/sla=p90/deadline=1.2x/seed=1`. */
  readonly key: string;
  /** 12 hex digits of SHA-256 of `key`. */
  readonly hash: string;
  /** File-name safe: `<dataset>--<planner>--<hash>`. */
  readonly fileName: string;
  readonly inputs: RunInputs;
  /** 16 hex digits of SHA-256 of the inputs; a stored row with another one is stale. */
  readonly fingerprint: string;
}

export function sortedParams(params: Readonly<Record<string, ParamValue>>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${name}=${String(params[name])}`)
    .join(',');
}

export function inputsFingerprint(inputs: RunInputs): string {
  return createHash('sha256').update(`data=${inputs.data}/planner=${inputs.planner}/project=${inputs.project}`).digest('hex').slice(0, 16);
}

export function runKey(spec: RunSpec, inputs: RunInputs): RunKey {
  const key = [
    spec.dataset,
    spec.workflow,
    spec.planner,
    sortedParams(spec.params) || '-',
    `sla=${spec.sla}`,
    `deadline=${spec.deadline ?? 'none'}`,
    `seed=${spec.seed}`,
    // Only when set, so the keys of runs without them stay what they were.
    ...(spec.confidence !== undefined && spec.confidence !== null ? [`confidence=${spec.confidence}`] : []),
    ...(spec.evaluate !== undefined ? [`evaluate=${spec.evaluate}`] : []),
    ...(spec.assignment !== undefined && spec.assignment !== 'chain' ? [`assignment=${spec.assignment}`] : []),
  ].join('/');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return { key, hash, fileName: `${safe(spec.dataset)}--${safe(spec.planner)}--${hash}`, inputs, fingerprint: inputsFingerprint(inputs) };
}
