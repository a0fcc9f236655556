/**
 * Checks that an importer's source folder exists and is a folder, so a typo in the path
 * says "folder not found" instead of "no <MEM>MB folders found" or an ENOTDIR stack trace.
 */
import { statSync } from 'node:fs';
import { SlacklineError } from '../errors.js';

export function requireFolder(module: string, dir: string): void {
  const stat = statSync(dir, { throwIfNoEntry: false });
  if (!stat) throw new SlacklineError(module, 'folder not found', { file: dir });
  if (!stat.isDirectory()) throw new SlacklineError(module, 'is a file; expected the folder of the source', { file: dir });
}
