/**
 * The version of a module as the content hash of its source and of every module it
 * imports through relative paths, transitively (static `from '...'`, `import '...'` and
 * `import('...')`). A change anywhere in the code a planner runs changes its version, so the
 * sweep reruns its rows instead of printing a stale one. Works on the TypeScript sources and
 * on compiled JavaScript alike (a `.js` specifier is looked up as `.js`, then `.ts`); a
 * compiled entry under `dist/` is hashed from its TypeScript source when that is present.
 * Iterative (no recursion), each file read once, results cached per process.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

const cache = new Map<string, string>();

/** Resolves a relative specifier as Node (compiled `.js`) or tsx (`.ts` sources behind `.js`) would. */
function resolveSpecifier(fromFile: string, specifier: string): string | undefined {
  const target = resolve(dirname(fromFile), specifier);
  const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.mjs$/, '.mts'), `${target}.ts`, `${target}.js`];
  return candidates.find((file) => existsSync(file) && !file.endsWith('/'));
}

/** A source file read once per process: its bytes and the files its relative imports resolve to (the closures of every planner share most files). */
const files = new Map<string, { readonly bytes: Buffer; readonly imports: readonly string[] }>();

function sourceFile(file: string): { readonly bytes: Buffer; readonly imports: readonly string[] } {
  let entry = files.get(file);
  if (entry === undefined) {
    const bytes = readFileSync(file);
    const imports: string[] = [];
    for (const match of bytes.toString('utf8').matchAll(IMPORT)) {
      const next = resolveSpecifier(file, match[1]!);
      if (next !== undefined) imports.push(next);
    }
    files.set(file, (entry = { bytes, imports }));
  }
  return entry;
}

/** Every file in the relative-import closure of `entry` (absolute paths, sorted). */
export function importClosure(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    for (const next of sourceFile(file).imports) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return [...seen].sort();
}

/**
 * The TypeScript source of a compiled module (`<root>/dist/x/y.js` -> `<root>/x/y.ts`) when
 * it is there, so the compiled CLI and the sources (tests, tsx) compute the same version.
 */
export function preferSource(file: string, root?: string): string {
  if (root === undefined) return file;
  const rel = relative(join(root, 'dist'), file);
  if (rel.startsWith('..') || !rel.endsWith('.js')) return file;
  const source = join(root, `${rel.slice(0, -3)}.ts`);
  return existsSync(source) ? source : file;
}

/** 16 hex digits of SHA-256 over (path relative to the entry's root, content) of the closure. */
export function sourceVersion(entryFileOrUrl: string, root?: string): string {
  const entry = preferSource(entryFileOrUrl.startsWith('file:') ? fileURLToPath(entryFileOrUrl) : resolve(entryFileOrUrl), root);
  const cached = cache.get(`${entry}\u0000${root ?? ''}`);
  if (cached !== undefined) return cached;
  const base = root ?? dirname(entry);
  const hash = createHash('sha256');
  for (const file of importClosure(entry)) {
    hash.update(relative(base, file).replace(/\\/g, '/')).update('\u0000').update(sourceFile(file).bytes).update('\u0000');
  }
  const version = hash.digest('hex').slice(0, 16);
  cache.set(`${entry}\u0000${root ?? ''}`, version);
  return version;
}

/** Forgets cached versions (tests that edit sources between two sweeps). */
export function clearSourceVersionCache(): void {
  cache.clear();
  files.clear();
}
