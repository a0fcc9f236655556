/**
 * A binary min-heap of task indices with membership flags, for propagating changes in
 * topological-index order (smallest index first). Popping in index order guarantees that a
 * task is recomputed only after every predecessor that could still change (predecessors
 * have smaller indices). A task already queued is not queued twice. Capacity n, no
 * allocation after construction. For a backward pass push `n - 1 - i` instead.
 */
export class IndexHeap {
  private readonly heap: Int32Array;
  private readonly queued: Uint8Array;
  private size = 0;

  constructor(capacity: number) {
    this.heap = new Int32Array(Math.max(capacity, 1));
    this.queued = new Uint8Array(Math.max(capacity, 1));
  }

  get length(): number {
    return this.size;
  }

  push(i: number): void {
    if (this.queued[i] === 1) return;
    this.queued[i] = 1;
    const heap = this.heap;
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const p = heap[parent]!;
      if (p <= i) break;
      heap[k] = p;
      k = parent;
    }
    heap[k] = i;
  }

  /** Removes and returns the smallest index; -1 when empty. */
  pop(): number {
    if (this.size === 0) return -1;
    const heap = this.heap;
    const top = heap[0]!;
    this.queued[top] = 0;
    const last = heap[--this.size]!;
    const size = this.size;
    let k = 0;
    for (;;) {
      const left = 2 * k + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && heap[right]! < heap[left]! ? right : left;
      if (heap[child]! >= last) break;
      heap[k] = heap[child]!;
      k = child;
    }
    if (size > 0) heap[k] = last;
    return top;
  }
}
