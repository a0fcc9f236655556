/**
 * The zod schema of the dataset format, version 1: the structural half of validation
 * (types, required fields, ranges, no unknown keys). `validate-dataset.ts` adds the
 * semantic checks a schema cannot express (a DAG without cycles, signatures, plans that
 * cover every task...). `datasets/dataset-v1.schema.json` is generated from this file
 * (`npm run schema`), so the JSON Schema and the validator never disagree.
 *
 * The TypeScript types stay in `types.ts`; the compile-time check at the bottom keeps the
 * two in step.
 */
import { z } from 'zod';
import { SIGNATURE_LENGTH } from '../dag/dag-signature.js';
import { MAX_BYTES, MAX_MEMORY_MB, MAX_NORMALIZED_MS, MAX_TIME_MS, MIN_MEMORY_MB } from '../util/value-bounds.js';
import { DATASET_FORMAT, DATASET_VERSION } from './types.js';
import type { Dataset } from './types.js';

// Finite values absurd for their field are errors too (`util/value-bounds.ts`): a 1e308 ms
// record would otherwise validate and print Infinity downstream.
const bytes = z.number().nonnegative().max(MAX_BYTES, { message: `more than 1 PB (${MAX_BYTES} bytes): not a plausible byte count` }).describe('Bytes, a finite number from 0 to 1 PB (1e15)');
const ms = z.number().nonnegative().max(MAX_TIME_MS, { message: `more than 30 days (${MAX_TIME_MS} ms): not a plausible time` }).describe('Milliseconds, real (measured), from 0 to 30 days');
const msNormalized = z
  .number()
  .nonnegative()
  .max(MAX_NORMALIZED_MS, { message: `more than ${MAX_NORMALIZED_MS} ms (30 days at 1 TB normalized to 512 MB): not a plausible time` })
  .describe('The real time normalized to 512 MB with the linear rule: real * memoryMb / 512');
const memoryMb = z
  .number()
  .min(MIN_MEMORY_MB, { message: `below ${MIN_MEMORY_MB} MB: not a plausible worker memory size` })
  .max(MAX_MEMORY_MB, { message: `above 1 TB (${MAX_MEMORY_MB} MB): not a plausible worker memory size` })
  .describe('Worker memory size, MB, from 1 MB to 1 TB (1048576 MB)');
const nonEmpty = z.string().min(1);

export const datasetSourceSchema = z.strictObject({
  kind: z.enum(['synthetic', 'recorded']).describe('synthetic: made by the project recorder; recorded: converted from real traces'),
  origin: nonEmpty.describe('Where the data comes from: generator and seed, or repository and file'),
  license: nonEmpty.describe('SPDX license id of the data'),
  url: z.string().optional(),
  files: z.array(z.string()).optional().describe('Files of the original source'),
  notes: z.string().optional().describe('Notes on the conversion (assumed memory size, units...)'),
});

export const taskSpecSchema = z.strictObject({
  id: nonEmpty,
  func: nonEmpty.describe('Function name: the key for metrics look-ups'),
  inputBytes: bytes,
  outputBytes: bytes,
});

export const edgeSpecSchema = z.strictObject({
  from: nonEmpty,
  to: nonEmpty,
  bytes,
});

export const datasetWorkflowSchema = z.strictObject({
  name: nonEmpty,
  signature: z
    .string()
    .regex(new RegExp(`^[0-9a-f]{${SIGNATURE_LENGTH}}$`), `expected ${SIGNATURE_LENGTH} lowercase hex digits`)
    .describe('dagSignature of the workflow; runs name their workflow by it'),
  tasks: z.array(taskSpecSchema),
  edges: z.array(edgeSpecSchema),
});

export const plannedTaskSchema = z.strictObject({
  workerId: nonEmpty,
  memoryMb,
});

export const taskRecordSchema = z.strictObject({
  taskId: nonEmpty,
  func: nonEmpty,
  memoryMb,
  inputBytes: bytes,
  outputBytes: bytes,
  execMs: ms,
  execMsNormalized: msNormalized,
  workerId: nonEmpty,
  startMs: ms.describe('Start of execution, ms since the run started'),
});

export const transferRecordSchema = z.strictObject({
  taskId: nonEmpty.describe('Task that uploaded its output or downloaded an input'),
  peerTaskId: nonEmpty.optional().describe('For a download: the producer read; absent for external input'),
  direction: z.enum(['upload', 'download']),
  bytes,
  memoryMb,
  ms,
  msNormalized,
});

export const workerStartRecordSchema = z.strictObject({
  workerId: nonEmpty,
  memoryMb,
  kind: z.enum(['cold', 'warm']),
  ms,
  msNormalized,
});

export const recordedRunSchema = z.strictObject({
  dagId: nonEmpty.describe('<epochMs>_<sinkTaskId>_<uuid>_<signature>'),
  plan: z.record(z.string(), plannedTaskSchema).describe('Worker and memory of every task, keyed by task id'),
  makespanMs: ms,
  metrics: z.strictObject({
    tasks: z.array(taskRecordSchema),
    transfers: z.array(transferRecordSchema),
    workerStarts: z.array(workerStartRecordSchema),
  }),
});

export const datasetSchema = z
  .strictObject({
    format: z.literal(DATASET_FORMAT),
    version: z.literal(DATASET_VERSION),
    name: nonEmpty,
    description: z.string(),
    source: datasetSourceSchema,
    memoryLadderMb: z.array(memoryMb).min(1).describe('Memory sizes a planner may choose, MB, ascending'),
    platform: z
      .strictObject({
        overhead: z
          .strictObject({
            perTaskMs: z.number().finite().nonnegative().describe('Orchestration delay before every task, ms (a state transition, a scheduling cycle)'),
            perRunMs: z.number().finite().nonnegative().describe('Orchestration delay once per run, before the sources, ms'),
          })
          .optional(),
        cpuSharing: z.enum(['processor-sharing', 'none']).optional().describe('How tasks continuing in one container share its vCPUs (default processor-sharing)'),
      })
      .optional()
      .describe('Platform rules of the timing model that no task record holds (`slackline replay` fits the overhead)'),
    workflows: z.array(datasetWorkflowSchema).min(1),
    runs: z.array(recordedRunSchema),
  })
  .meta({
    title: 'Slackline dataset, format version 1',
    description: 'Recorded runs of serverless workflow DAGs: the workflows, the plans they ran with, and per task, transfer and worker start metrics. Real times, each with its 512 MB-normalized value beside it. See datasets/README.md.',
  });

/** The JSON Schema written to `datasets/dataset-v1.schema.json`. */
export function datasetJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(datasetSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
}

// Compile-time check that the schema and the types in types.ts describe the same thing.
type Parsed = z.infer<typeof datasetSchema>;
const _schemaMatchesTypes: (parsed: Parsed) => Dataset = (parsed) => parsed;
const _typesMatchSchema: (dataset: Dataset) => DeepMutable<Dataset> extends Parsed ? true : false = () => true;
void _schemaMatchesTypes;
void _typesMatchSchema;
type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
