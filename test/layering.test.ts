/**
 * Data flows one way: read from the import statements of every source file. A layer of
 * the chain timing -> planning -> algorithms -> simulate -> report -> bench -> html-report
 * (the sweep's HTML report reads the sweep's results) -> cli never
 * imports a later one; nothing in src/ or algorithms/ imports benchmarks/ or test/, and
 * benchmarks/ never import test/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/run-cli.js';

const CHAIN = ['src/timing', 'src/planning', 'algorithms', 'src/simulate', 'src/report', 'src/bench', 'src/html-report', 'src/cli'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(REPO_ROOT, join(e.parentPath, e.name)));
}

/** Repository-relative targets of a file's relative imports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(REPO_ROOT, file), 'utf8');
  const targets: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) targets.push(relative(REPO_ROOT, resolve(REPO_ROOT, dirname(file), m[1]!)));
  return targets;
}

const rank = (path: string) => CHAIN.findIndex((layer) => path === layer || path.startsWith(`${layer}/`));

describe('layering', () => {
  it('no layer of the chain imports a later one', () => {
    const violations: string[] = [];
    for (const layer of CHAIN) {
      for (const file of sourceFiles(layer)) {
        for (const target of importsOf(file)) if (rank(target) > rank(file)) violations.push(`${file} -> ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('the engine imports neither benchmarks nor tests, and benchmarks import no tests', () => {
    const violations: string[] = [];
    for (const file of [...sourceFiles('src'), ...sourceFiles('algorithms'), ...sourceFiles('benchmarks')]) {
      for (const target of importsOf(file)) {
        if (target.startsWith('test/') || (!file.startsWith('benchmarks/') && target.startsWith('benchmarks/'))) violations.push(`${file} -> ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('sees the imports it checks', () => {
    expect(importsOf('src/simulate/simulate-plan.ts')).toContain('src/timing/plan-cost.js');
  });
});
