/**
 * Progress of a sweep: a bar with ETA (cli-progress) when stderr is an interactive
 * terminal and not CI; otherwise one plain line per finished run, which reads well in CI
 * logs and in files.
 */
import { SingleBar, Presets } from 'cli-progress';

export interface Progress {
  start(total: number): void;
  /** One run finished; `label` says which and how. */
  tick(label: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** @default process.stderr.isTTY && !process.env.CI (the bar is drawn on stderr) */
  readonly interactive?: boolean;
  /** Where plain lines go. @default console.log */
  readonly log?: (line: string) => void;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const interactive = options.interactive ?? (process.stderr.isTTY === true && !process.env.CI);
  const log = options.log ?? ((line: string) => console.log(line));
  if (interactive) {
    const bar = new SingleBar({ format: 'sweep [{bar}] {value}/{total} | ETA {eta_formatted} | {label}', hideCursor: true, etaBuffer: 20 }, Presets.shades_classic);
    return {
      start: (total) => bar.start(total, 0, { label: '' }),
      tick: (label) => bar.increment(1, { label }),
      stop: () => bar.stop(),
    };
  }
  let done = 0;
  let total = 0;
  let started = 0;
  return {
    start(t) {
      total = t;
      started = Date.now();
      log(`sweep: ${total} run(s) to do`);
    },
    tick(label) {
      done++;
      const elapsed = (Date.now() - started) / 1000;
      const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
      log(`[${done}/${total}] ${label} (${elapsed.toFixed(1)} s elapsed, ETA ${eta.toFixed(0)} s)`);
    },
    stop() {},
  };
}

/** A progress that prints nothing (tests, benchmarks). */
export const silentProgress: Progress = { start() {}, tick() {}, stop() {} };
