/**
 * The journal of the incremental critical path: while active, every value the propagation
 * overwrites is recorded (which array, which index, the old value), so a trial change
 * (`whatIf` by applying) can be rolled back exactly, newest first. Rolling back keeps the
 * values it undoes, so the trial can be replayed (`replay`) when the planner accepts the
 * very move it just tried, instead of propagating it a second time. Entries live in typed
 * arrays that double when full, so a trial allocates nothing once the journal has grown
 * to the largest cone seen.
 */

export class TimingJournal {
  /** Whether `record` keeps entries (only during a trial). */
  active = false;
  private kinds = new Uint8Array(1024);
  private indices = new Int32Array(1024);
  private olds = new Float64Array(1024);
  /** The value each undone write had written (filled by `rollBack`). */
  private redos = new Float64Array(1024);
  private size = 0;
  /** Entries `rollBack` undid and `replay` can redo (0 once anything else is recorded). */
  private undone = 0;

  get length(): number {
    return this.size;
  }

  /** Which array entry `j` overwrote (an index into the arrays given to `rollBack`). */
  kindAt(j: number): number {
    return this.kinds[j]!;
  }

  indexAt(j: number): number {
    return this.indices[j]!;
  }

  record(kind: number, index: number, old: number): void {
    this.undone = 0;
    if (this.size === this.kinds.length) this.grow();
    const j = this.size++;
    this.kinds[j] = kind;
    this.indices[j] = index;
    this.olds[j] = old;
  }

  /** Restores every recorded value, newest first, and empties the journal (keeping what `replay` needs). */
  rollBack(arrays: readonly Float64Array[]): void {
    const { kinds, indices, olds, redos } = this;
    for (let j = this.size - 1; j >= 0; j--) {
      const array = arrays[kinds[j]!]!;
      const i = indices[j]!;
      // Later writes to i are undone already: the array holds what write j wrote.
      redos[j] = array[i]!;
      array[i] = olds[j]!;
    }
    this.undone = this.size;
    this.size = 0;
  }

  /** Whether the last rolled-back trial can be replayed. */
  get replayable(): boolean {
    return this.undone > 0;
  }

  /** Redoes, oldest first, every write the last `rollBack` undid. */
  replay(arrays: readonly Float64Array[]): void {
    const { kinds, indices, redos } = this;
    for (let j = 0; j < this.undone; j++) arrays[kinds[j]!]![indices[j]!] = redos[j]!;
    this.undone = 0;
  }

  /** Drops every entry without undoing it (the trial's writes stay: it was applied). */
  forget(): void {
    this.size = 0;
    this.undone = 0;
  }

  /**
   * Redoes, oldest first, every write the last `rollBack` undid and keeps those entries,
   * so that the trial can go on (the journal active again) and be rolled back as a whole.
   */
  redo(arrays: readonly Float64Array[]): void {
    const undone = this.undone;
    this.replay(arrays);
    this.size = undone;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    const kinds = new Uint8Array(capacity);
    const indices = new Int32Array(capacity);
    const olds = new Float64Array(capacity);
    kinds.set(this.kinds);
    indices.set(this.indices);
    olds.set(this.olds);
    this.kinds = kinds;
    this.indices = indices;
    this.olds = olds;
    this.redos = new Float64Array(capacity);
  }
}
