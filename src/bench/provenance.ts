/**
 * Where a sweep's numbers come from, written into every summary (`summary.md`,
 * `summary.json` under one `provenance` key, and what reports read from it): the command
 * line, the resolved config, the code (git commit when run from a checkout, else the
 * package version; always the project version that goes into run keys, and each
 * planner's version), Node, the machine, the hash of every dataset workflow the rows were
 * computed from, and the start and end time.
 */
import { machineDescription, type MachineDescription } from '../util/machine.js';
import { gitCommit, packageInfo } from '../util/package-info.js';
import type { DatasetSource } from './bench-instance.js';
import type { SweepConfig } from './config.js';
import type { PlannerRegistry } from './planner-registry.js';
import { plannerVersion } from './planner-registry.js';
import { projectVersion } from './project-version.js';

/** What any command that writes a summary records: who ran what, with which code, where, when. */
export interface CommandProvenance {
  /** The arguments after `node`, as given. */
  readonly command: readonly string[];
  readonly cwd: string;
  /** Git checkout, or the installed package when there is none. */
  readonly code: { readonly kind: 'git'; readonly commit: string; readonly dirty: boolean } | { readonly kind: 'package'; readonly name: string; readonly version: string };
  readonly packageVersion: string;
  readonly node: string;
  readonly machine: MachineDescription;
  readonly startedAt: string;
  readonly finishedAt: string;
}

export function commandProvenance(argv: readonly string[], startedAt: Date, finishedAt: Date): CommandProvenance {
  const pkg = packageInfo();
  const git = gitCommit(pkg.root);
  return {
    command: [...argv],
    cwd: process.cwd(),
    code: git ? { kind: 'git', commit: git.commit, dirty: git.dirty } : { kind: 'package', name: pkg.name, version: pkg.version },
    packageVersion: pkg.version,
    node: process.version,
    machine: machineDescription(),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  };
}

/** One markdown line for the code: the commit (and whether the checkout had changes), else the package. */
export function codeLine(code: CommandProvenance['code']): string {
  return code.kind === 'git' ? `git commit ${code.commit}${code.dirty ? ' (with uncommitted changes)' : ''}` : `package ${code.name} ${code.version} (not a git checkout)`;
}

export interface Provenance {
  /** The arguments after `node`, as given. */
  readonly command: readonly string[];
  readonly cwd: string;
  readonly config: SweepConfig;
  /** Git checkout, or the installed package when there is none. */
  readonly code: CommandProvenance['code'];
  readonly packageVersion: string;
  /** `<package version>+engine.<hash>`: part of every run key. */
  readonly projectVersion: string;
  /** Version (source hash) of each planner that ran. */
  readonly planners: Readonly<Record<string, string>>;
  readonly node: string;
  readonly machine: MachineDescription;
  readonly datasets: readonly { readonly name: string; readonly file?: string; readonly workflows: readonly { readonly name: string; readonly signature: string; readonly dataHash: string }[] }[];
  readonly startedAt: string;
  readonly finishedAt: string;
}

export interface ProvenanceInput {
  readonly argv?: readonly string[];
  readonly config: SweepConfig;
  readonly registry: PlannerRegistry;
  readonly plannerIds: readonly string[];
  readonly sources: readonly DatasetSource[];
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

export function sweepProvenance(input: ProvenanceInput): Provenance {
  const base = commandProvenance(input.argv ?? process.argv.slice(1), input.startedAt, input.finishedAt);
  return {
    command: base.command,
    cwd: base.cwd,
    config: input.config,
    code: base.code,
    packageVersion: base.packageVersion,
    projectVersion: projectVersion(),
    planners: Object.fromEntries(input.plannerIds.map((id) => [id, plannerVersion(input.registry, id)])),
    node: base.node,
    machine: base.machine,
    datasets: input.sources.map((s) => ({ name: s.name, ...(s.file !== undefined ? { file: s.file } : {}), workflows: s.workflows.map((w) => ({ name: w.name, signature: w.signature, dataHash: w.dataHash })) })),
    startedAt: base.startedAt,
    finishedAt: base.finishedAt,
  };
}

/** The markdown block at the top of `summary.md`. */
export function provenanceMarkdown(p: Provenance): string {
  const m = p.machine;
  const code = codeLine(p.code);
  const c = p.config;
  const lines = [
    `- Command: \`${p.command.join(' ')}\` (in ${p.cwd})`,
    `- Code: ${code}; project version ${p.projectVersion}`,
    `- Config: datasets ${c.datasets.length > 0 ? c.datasets.join(', ') : 'all shipped'}; planners ${c.algorithms.length > 0 ? c.algorithms.join(', ') : 'all registered'}; params ${JSON.stringify(c.params)}; sla ${c.sla.join(', ')}; deadline ${c.deadline.join(', ')}; seeds ${c.seeds.join(', ')}; ${c.workers} worker thread(s); time limit ${c.timeoutMs} ms; try budget ${c.tryBudget}`,
    `- Planner versions: ${Object.entries(p.planners).map(([id, v]) => `${id} ${v}`).join(', ') || 'none'}`,
    `- Node ${p.node}; machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}`,
    `- Data: ${p.datasets.map((d) => d.workflows.map((w) => `${d.name}${d.workflows.length > 1 ? `/${w.name}` : ''} ${w.dataHash}`).join(', ')).join('; ')}`,
    `- Started ${p.startedAt}, finished ${p.finishedAt}`,
  ];
  return lines.join('\n');
}
