/**
 * Builds a dataset (format v1) from single-function measurements: one single-task workflow
 * per func, one recorded run per invocation, at the memory size it ran with. Times keep
 * their real value; the normalized field is the linear rule, as the format requires.
 * There are no transfers or worker starts (the sources do not measure them separately).
 * Run ids are deterministic (epoch = a fixed base + the invocation's index; UUIDs from a
 * seeded source), so converting twice gives the same file.
 */
import { dagSignature } from '../dag/dag-signature.js';
import { formatDagId, uuidFromRandom } from '../dag/dag-id.js';
import { normalizeLinear } from '../metrics/normalize.js';
import { seededRandom } from '../util/random.js';
import { DATASET_FORMAT, DATASET_VERSION, type Dataset, type DatasetSource, type DatasetWorkflow, type RecordedRun } from '../dataset/types.js';

export interface Invocation {
  readonly func: string;
  readonly memoryMb: number;
  /** Real execution time, ms. */
  readonly execMs: number;
  /** Where it was read, for messages: `<file> line <n>`. */
  readonly source?: string;
}

export interface SingleFunctionMeta {
  readonly name: string;
  readonly description: string;
  readonly source: DatasetSource;
}

/** Fixed epoch for converted runs (2020-01-01T00:00:00Z): the sources' run times are not kept. */
const BASE_EPOCH_MS = 1577836800000;

export function singleFunctionDataset(meta: SingleFunctionMeta, invocations: readonly Invocation[]): Dataset {
  const workflows = new Map<string, DatasetWorkflow>();
  const sizes = new Set<number>();
  const random = seededRandom(20260101);
  const runs: RecordedRun[] = [];
  invocations.forEach((inv, index) => {
    let workflow = workflows.get(inv.func);
    if (!workflow) {
      const spec = { name: inv.func, tasks: [{ id: inv.func, func: inv.func, inputBytes: 0, outputBytes: 0 }], edges: [] };
      workflow = { ...spec, signature: dagSignature(spec) };
      workflows.set(inv.func, workflow);
    }
    sizes.add(inv.memoryMb);
    const workerId = `w${index}`;
    runs.push({
      dagId: formatDagId({ epochMs: BASE_EPOCH_MS + index, sinkTaskId: inv.func, uuid: uuidFromRandom(random), signature: workflow.signature }),
      plan: { [inv.func]: { workerId, memoryMb: inv.memoryMb } },
      makespanMs: inv.execMs,
      metrics: {
        tasks: [{ taskId: inv.func, func: inv.func, memoryMb: inv.memoryMb, inputBytes: 0, outputBytes: 0, execMs: inv.execMs, execMsNormalized: normalizeLinear(inv.execMs, inv.memoryMb), workerId, startMs: 0 }],
        transfers: [],
        workerStarts: [],
      },
    });
  });
  return {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name: meta.name,
    description: meta.description,
    source: meta.source,
    memoryLadderMb: [...sizes].sort((a, b) => a - b),
    workflows: [...workflows.values()],
    runs,
  };
}
