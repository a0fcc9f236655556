/**
 * A small helper the generators share: add tasks and edges by id, then `build()` fills each
 * task's `inputBytes` as external input plus the bytes of its incoming edges, so the byte
 * counts of a generated workflow are always consistent. Byte sizes get seeded jitter, so
 * two tasks of one stage are alike but not identical (as in real traces).
 */
import { SlacklineError } from '../errors.js';
import type { EdgeSpec, TaskSpec, WorkflowSpec } from '../dag/types.js';
import type { RandomSource } from '../util/random.js';

export const KB = 1024;
export const MB = 1024 * 1024;

export class WorkflowBuilder {
  private readonly tasks: { id: string; func: string; externalBytes: number; outputBytes: number }[] = [];
  private readonly edges: EdgeSpec[] = [];
  private readonly index = new Map<string, number>();
  private readonly incoming = new Map<string, number>();

  constructor(private readonly name: string) {}

  /** Adds a task; `externalBytes` is input read from outside the workflow (sources). */
  task(id: string, func: string, outputBytes: number, externalBytes = 0): string {
    if (this.index.has(id)) throw new Error(`slackline/generate: duplicate task id "${id}"`);
    this.index.set(id, this.tasks.length);
    this.tasks.push({ id, func, externalBytes: Math.round(externalBytes), outputBytes: Math.round(outputBytes) });
    return id;
  }

  /** Output bytes of a task added before. */
  outputOf(id: string): number {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`slackline/generate: unknown task "${id}"`);
    return this.tasks[i]!.outputBytes;
  }

  /** Sum of the bytes of the edges into `id` added so far. */
  incomingBytes(id: string): number {
    return this.incoming.get(id) ?? 0;
  }

  /** Sets a task's output once its inputs are known (e.g. a merge writes half of what it reads). */
  setOutput(id: string, outputBytes: number): void {
    const i = this.index.get(id);
    if (i === undefined) throw new Error(`slackline/generate: unknown task "${id}"`);
    this.tasks[i]!.outputBytes = Math.max(1, Math.round(outputBytes));
  }

  /** Adds an edge; `bytes` defaults to the producer's whole output. */
  edge(from: string, to: string, bytes?: number): void {
    const size = Math.round(bytes ?? this.outputOf(from));
    this.edges.push({ from, to, bytes: size });
    this.incoming.set(to, (this.incoming.get(to) ?? 0) + size);
  }

  build(): WorkflowSpec {
    const tasks: TaskSpec[] = this.tasks.map((t) => ({ id: t.id, func: t.func, inputBytes: t.externalBytes + this.incomingBytes(t.id), outputBytes: t.outputBytes }));
    return { name: this.name, tasks, edges: this.edges };
  }
}

/** `base` scaled by a seeded factor in [1 - spread, 1 + spread]. */
export function jitter(random: RandomSource, base: number, spread = 0.2): number {
  return Math.max(1, Math.round(base * (1 - spread + 2 * spread * random())));
}

/** Checks a size option: a safe integer >= min. */
export function requireCount(generator: string, option: string, value: number, min: number): number {
  if (!Number.isSafeInteger(value) || value < min) throw new SlacklineError('generate', `${generator}: ${option} must be an integer >= ${min}, got ${String(value)}`);
  return value;
}
