/**
 * The journal of the incremental critical path: while active, every value the propagation
 * overwrites is recorded (which array, which index, the old value), so a trial change
 * (`whatIf` by applying) can be rolled back exactly, newest first.
 */

export class TimingJournal {
  /** Whether `record` keeps entries (only during a trial). */
  active = false;
  private readonly kinds: number[] = [];
  private readonly indices: number[] = [];
  private readonly olds: number[] = [];

  get length(): number {
    return this.kinds.length;
  }

  /** Which array entry `j` overwrote (an index into the arrays given to `rollBack`). */
  kindAt(j: number): number {
    return this.kinds[j]!;
  }

  indexAt(j: number): number {
    return this.indices[j]!;
  }

  record(kind: number, index: number, old: number): void {
    this.kinds.push(kind);
    this.indices.push(index);
    this.olds.push(old);
  }

  /** Restores every recorded value, newest first, and empties the journal. */
  rollBack(arrays: readonly Float64Array[]): void {
    for (let j = this.kinds.length - 1; j >= 0; j--) arrays[this.kinds[j]!]![this.indices[j]!] = this.olds[j]!;
    this.kinds.length = 0;
    this.indices.length = 0;
    this.olds.length = 0;
  }
}
