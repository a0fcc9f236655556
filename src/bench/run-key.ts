/**
 * The deterministic key of one benchmark run: (dataset, workflow, planner, parameters
 * sorted by name, SLA, deadline, seed). The same run always gets the same key whatever the
 * order of flags or config entries, so a rerun finds what is already done (ann-benchmarks'
 * habit). The readable key is stored in the row; the file name uses a short hash of it.
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
  /** Worker-assignment strategy; absent (and left out of the key) for the default `chain`, so earlier keys stay valid. */
  readonly assignment?: string;
}

export interface RunKey {
  /** Readable, e.g. `montage/wf/deadline-downgrade/order=saving,margin=0/sla=p90/deadline=1.2x/seed=1`. */
  readonly key: string;
  /** 12 hex digits of SHA-256 of `key`. */
  readonly hash: string;
  /** File-name safe: `<dataset>--<planner>--<hash>`. */
  readonly fileName: string;
}

export function sortedParams(params: Readonly<Record<string, ParamValue>>): string {
  return Object.keys(params)
    .sort()
    .map((name) => `${name}=${String(params[name])}`)
    .join(',');
}

export function runKey(spec: RunSpec): RunKey {
  const key = [
    spec.dataset,
    spec.workflow,
    spec.planner,
    sortedParams(spec.params) || '-',
    `sla=${spec.sla}`,
    `deadline=${spec.deadline ?? 'none'}`,
    `seed=${spec.seed}`,
    ...(spec.assignment !== undefined && spec.assignment !== 'chain' ? [`assignment=${spec.assignment}`] : []),
  ].join('/');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60);
  return { key, hash, fileName: `${safe(spec.dataset)}--${safe(spec.planner)}--${hash}` };
}
