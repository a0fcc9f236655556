/**
 * Copies the typed arrays of a compact DAG, a duration table and quantile grids onto SharedArrayBuffers,
 * once per instance, so every job posted to the pool shares them instead of copying them
 * (and the main thread keeps using them: nothing is transferred away).
 */
import type { CompactDag } from '../dag/compact-dag.js';
import type { QuantileGrids } from '../predict/quantile-grids.js';
import type { DurationTable } from '../timing/types.js';

type Typed = Int32Array | Float64Array;

function shared<T extends Typed>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Ctor = array.constructor as { new (buffer: SharedArrayBuffer): T };
  const copy = new Ctor(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** A zeroed Float64Array on a SharedArrayBuffer (grids are built straight onto one, not copied). */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(length * Float64Array.BYTES_PER_ELEMENT));
}

export function shareCompactDag(dag: CompactDag): CompactDag {
  return {
    taskCount: dag.taskCount,
    edgeCount: dag.edgeCount,
    taskIds: dag.taskIds,
    funcNames: dag.funcNames,
    funcOf: shared(dag.funcOf),
    inputBytes: shared(dag.inputBytes),
    outputBytes: shared(dag.outputBytes),
    succStart: shared(dag.succStart),
    predStart: shared(dag.predStart),
    predTask: shared(dag.predTask),
    predEdge: shared(dag.predEdge),
    edgeFrom: shared(dag.edgeFrom),
    edgeTo: shared(dag.edgeTo),
    edgeBytes: shared(dag.edgeBytes),
  };
}

export function shareDurationTable(table: DurationTable): DurationTable {
  return {
    ladderMb: shared(table.ladderMb),
    levels: table.levels,
    execMs: shared(table.execMs),
    uploadMs: shared(table.uploadMs),
    downloadMs: shared(table.downloadMs),
    inputDownloadMs: shared(table.inputDownloadMs),
    coldStartMs: shared(table.coldStartMs),
    warmStartMs: shared(table.warmStartMs),
    ...(table.rules !== undefined ? { rules: { ...table.rules } } : {}),
  };
}

/** The quantile grids' arrays on SharedArrayBuffers. */
export function shareGrids(grids: QuantileGrids): QuantileGrids {
  return {
    ladderMb: shared(grids.ladderMb),
    levels: grids.levels,
    points: grids.points,
    execMs: shared(grids.execMs),
    uploadMs: shared(grids.uploadMs),
    downloadMs: shared(grids.downloadMs),
    inputDownloadMs: shared(grids.inputDownloadMs),
    coldStartMs: shared(grids.coldStartMs),
    warmStartMs: shared(grids.warmStartMs),
  };
}

/** True when every numeric array of the DAG lives on a SharedArrayBuffer. */
export function isSharedDag(dag: CompactDag): boolean {
  return [dag.funcOf, dag.inputBytes, dag.outputBytes, dag.succStart, dag.predStart, dag.predTask, dag.predEdge, dag.edgeFrom, dag.edgeTo, dag.edgeBytes].every((a) => a.buffer instanceof SharedArrayBuffer);
}
