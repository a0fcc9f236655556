/**
 * A min-priority queue of task indices for propagating changes in topological-index order
 * (smallest index first; a backward pass pushes `n - 1 - i`). Popping in index order means a
 * task is recomputed only after every predecessor that could still change (predecessors
 * have smaller indices); a task already queued is not queued twice.
 *
 * Small queues are a binary heap (O(log k) per operation). Once more than SCAN_THRESHOLD
 * indices are waiting, the cone is large and the queue switches to a scan over its
 * membership flags from the smallest waiting index (O(1) per push, O(range) in total for
 * the pops, skipping four empty flags at a time), which is what a full pass does and
 * several times cheaper than heap operations on every task. Capacity n, no allocation
 * after construction.
 */
const SCAN_THRESHOLD = 64;

export class IndexQueue {
  private readonly heap: Int32Array;
  private readonly queued: Uint8Array;
  /** `queued` four flags at a time, for the scan to skip empty stretches. */
  private readonly queuedWords: Uint32Array;
  private size = 0;
  private scanning = false;
  /** Scan mode: every queued index is in [cursor, last]. */
  private cursor = 0;
  private last = -1;

  constructor(capacity: number) {
    this.heap = new Int32Array(Math.max(capacity, 1));
    const words = Math.ceil(Math.max(capacity, 1) / 4);
    this.queuedWords = new Uint32Array(words);
    this.queued = new Uint8Array(this.queuedWords.buffer);
  }

  push(i: number): void {
    if (this.queued[i] === 1) return;
    this.queued[i] = 1;
    if (this.scanning) {
      if (i < this.cursor) this.cursor = i;
      if (i > this.last) this.last = i;
      return;
    }
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
    if (this.size > SCAN_THRESHOLD) this.startScan();
  }

  /** Removes and returns the smallest index; -1 when empty. */
  pop(): number {
    if (this.scanning) {
      const { queued, queuedWords } = this;
      let i = this.cursor;
      const last = this.last;
      while (i <= last && queued[i] === 0) i += (i & 3) === 0 && queuedWords[i >> 2] === 0 ? 4 : 1;
      if (i > last) {
        this.scanning = false;
        return -1;
      }
      queued[i] = 0;
      this.cursor = i + 1;
      return i;
    }
    if (this.size === 0) return -1;
    const heap = this.heap;
    const top = heap[0]!;
    this.queued[top] = 0;
    const moved = heap[--this.size]!;
    const size = this.size;
    let k = 0;
    for (;;) {
      const left = 2 * k + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && heap[right]! < heap[left]! ? right : left;
      if (heap[child]! >= moved) break;
      heap[k] = heap[child]!;
      k = child;
    }
    if (size > 0) heap[k] = moved;
    return top;
  }

  /** Empties the queue: O(waiting) for a heap, one fill over [cursor, last] when scanning (a stopped trial leaves many). */
  clear(): void {
    if (this.scanning) {
      if (this.cursor <= this.last) this.queued.fill(0, this.cursor, this.last + 1);
      this.scanning = false;
      return;
    }
    for (let k = 0; k < this.size; k++) this.queued[this.heap[k]!] = 0;
    this.size = 0;
  }

  /** The heap's members are already flagged in `queued`: only the bounds are needed. */
  private startScan(): void {
    let last = -1;
    for (let k = 0; k < this.size; k++) if (this.heap[k]! > last) last = this.heap[k]!;
    this.cursor = this.heap[0]!;
    this.last = last;
    this.size = 0;
    this.scanning = true;
  }
}
