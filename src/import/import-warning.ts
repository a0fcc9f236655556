/**
 * A problem an importer worked around instead of failing: which task (when one), which
 * field of the source, and what was done. Importers collect these; the CLI prints them to
 * stderr grouped by field and message, with the task ids.
 */
export interface ImportWarning {
  readonly taskId?: string;
  readonly field: string;
  readonly message: string;
}

/**
 * Groups warnings that share field and message into one line listing their task ids
 * (at most `maxIds` of them, then a count), so a 1,700-task file prints a screenful.
 */
export function formatWarnings(warnings: readonly ImportWarning[], maxIds = 8): string[] {
  const groups = new Map<string, { field: string; message: string; ids: string[] }>();
  for (const w of warnings) {
    const key = `${w.field}\u0000${w.message}`;
    let group = groups.get(key);
    if (!group) {
      group = { field: w.field, message: w.message, ids: [] };
      groups.set(key, group);
    }
    if (w.taskId !== undefined) group.ids.push(w.taskId);
  }
  return [...groups.values()].map(({ field, message, ids }) => {
    if (ids.length === 0) return `warning: ${field}: ${message}`;
    const shown = ids.slice(0, maxIds).join(', ');
    const more = ids.length > maxIds ? ` and ${ids.length - maxIds} more` : '';
    return `warning: ${field}: ${message} [task${ids.length > 1 ? 's' : ''} ${shown}${more}]`;
  });
}
