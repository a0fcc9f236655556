/**
 * One error type for everything a user can get wrong: bad files, bad fields, bad tasks.
 * The message is prefixed with the module that raised it (graphology's habit) and names
 * where the problem is, so the CLI can print it as is and exit non-zero.
 */
export interface ErrorLocation {
  /** File the problem is in, when it came from a file. */
  readonly file?: string;
  /** JSON path inside the file, e.g. `$.workflows[0].tasks[3].id`. */
  readonly path?: string;
  /** Task ids involved (a cycle, a duplicate, a task lacking data...). */
  readonly tasks?: readonly string[];
}

export class SlacklineError extends Error {
  readonly module: string;
  readonly location: ErrorLocation;
  /** Further problems found in the same input (validators report all, not the first). */
  readonly details: readonly string[];

  constructor(module: string, message: string, location: ErrorLocation = {}, details: readonly string[] = []) {
    const where = [location.file, location.path].filter(Boolean).join(' ');
    super(`slackline/${module}: ${where ? `${where}: ` : ''}${message}`);
    this.name = 'SlacklineError';
    this.module = module;
    this.location = location;
    this.details = details;
  }
}

export function isSlacklineError(error: unknown): error is SlacklineError {
  return error instanceof SlacklineError;
}
