import { describe, expect, it } from 'vitest';
import { buildDag } from '../src/dag/build-dag.js';
import type { WorkflowSpec } from '../src/dag/types.js';
import { SlacklineError } from '../src/errors.js';

const task = (id: string, extra: Partial<{ func: string; inputBytes: number; outputBytes: number }> = {}) => ({ id, func: extra.func ?? 'f', inputBytes: extra.inputBytes ?? 10, outputBytes: extra.outputBytes ?? 10 });
const edge = (from: string, to: string, bytes = 10) => ({ from, to, bytes });

function problemsOf(workflow: WorkflowSpec): readonly string[] {
  try {
    buildDag(workflow, { file: 'w.json', path: '$.workflows[0]' });
  } catch (e) {
    expect(e).toBeInstanceOf(SlacklineError);
    const error = e as SlacklineError;
    expect(error.message).toContain('w.json');
    return error.details;
  }
  throw new Error('expected buildDag to throw');
}

describe('buildDag validation', () => {
  it('accepts a diamond with several sources and sinks', () => {
    const graph = buildDag({ name: 'ok', tasks: [task('a'), task('b'), task('c'), task('d'), task('e')], edges: [edge('a', 'b'), edge('a', 'c'), edge('b', 'd'), edge('c', 'd')] });
    expect(graph.order).toBe(5);
    expect(graph.size).toBe(4);
  });

  it('reports a duplicate task id with its path', () => {
    const problems = problemsOf({ name: 'w', tasks: [task('a'), task('a')], edges: [] });
    expect(problems).toEqual([expect.stringMatching(/^\$\.workflows\[0\]\.tasks\[1\]\.id: duplicate task id "a"/)]);
  });

  it('reports an edge to an unknown task', () => {
    const problems = problemsOf({ name: 'w', tasks: [task('a')], edges: [edge('a', 'ghost')] });
    expect(problems).toEqual([expect.stringMatching(/edges\[0\]\.to: .*unknown task "ghost"/)]);
  });

  it('reports a self-loop', () => {
    const problems = problemsOf({ name: 'w', tasks: [task('a')], edges: [edge('a', 'a')] });
    expect(problems).toEqual([expect.stringContaining('self-loop on task "a"')]);
  });

  it('reports negative and NaN byte counts', () => {
    const problems = problemsOf({ name: 'w', tasks: [task('a', { inputBytes: -1 }), task('b', { outputBytes: Number.NaN })], edges: [edge('a', 'b', -5)] });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('tasks[0].inputBytes');
    expect(problems[1]).toContain('tasks[1].outputBytes');
    expect(problems[2]).toContain('edges[0].bytes');
  });

  it('names the tasks of a cycle', () => {
    const problems = problemsOf({ name: 'w', tasks: [task('src'), task('x'), task('y'), task('z')], edges: [edge('src', 'x'), edge('x', 'y'), edge('y', 'z'), edge('z', 'x')] });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/cycle through tasks/);
    for (const id of ['x', 'y', 'z']) expect(problems[0]).toContain(id);
    expect(problems[0]).not.toContain('src');
  });

  it('lists several problems, not only the first', () => {
    const problems = problemsOf({
      name: 'w',
      tasks: [task('a'), task('a'), task('b', { inputBytes: -1 })],
      edges: [edge('a', 'nope'), edge('b', 'b'), edge('a', 'b'), edge('a', 'b')],
    });
    expect(problems.length).toBeGreaterThanOrEqual(5);
    expect(problems.join('\n')).toMatch(/duplicate task id[\s\S]*inputBytes[\s\S]*unknown task "nope"[\s\S]*self-loop[\s\S]*duplicate edge/);
  });
});
