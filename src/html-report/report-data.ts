/**
 * The data the HTML report embeds (one JSON document inline in `report.html`), shared by
 * the builder (Node) and the page's script (`browser/`): types only, no code, so the page
 * imports nothing from Node. Per-task and per-edge facts are parallel arrays indexed by
 * the compact DAG's task index (topological order) and edge index, to keep the file small.
 * Times are ms rounded to 0.01.
 */

export const REPORT_DATA_FORMAT = 'slackline-html-report';
export const REPORT_DATA_VERSION = 1;

/** DAGs above this many tasks are drawn aggregated (one node per func and band of topological depths). */
export const AGGREGATE_ABOVE_TASKS = 2000;

export interface PlannerStyleData {
  readonly label: string;
  readonly colour: string;
  readonly shape: string;
}

export interface MetricColumn {
  readonly id: string;
  readonly label: string;
  readonly direction: 'lower' | 'higher';
  readonly description: string;
}

/** One line of the summary table (means over seeds). */
export interface SummaryRowData {
  readonly instance: string;
  readonly dataset: string;
  readonly workflow: string;
  readonly sla: string;
  readonly deadline: string;
  readonly tasks: number;
  readonly planner: string;
  readonly state: string;
  readonly note: string | null;
  readonly values: Readonly<Record<string, number | null>>;
}

/** Structure of a workflow at one SLA (shared by every deadline and planner of it). */
export interface WorkflowData {
  readonly id: string;
  readonly dataset: string;
  readonly workflow: string;
  readonly sla: string;
  readonly tasks: number;
  readonly edges: number;
  readonly ladderMb: readonly number[];
  readonly taskIds: readonly string[];
  readonly funcNames: readonly string[];
  readonly funcOf: readonly number[];
  readonly edgeFrom: readonly number[];
  readonly edgeTo: readonly number[];
  /** Predicted execution of task i at level l: `[i * levels + l]`; null when aggregated. */
  readonly execMs: readonly number[] | null;
  readonly pricePerGbSecond: number;
  /** Set above `AGGREGATE_ABOVE_TASKS`: the DAG is drawn by groups. */
  readonly aggregate: AggregateData | null;
}

export interface AggregateData {
  /** What a group is: the tasks of one func in one band of topological depths. */
  readonly by: 'depth-band-and-func';
  /** `depth`..`depthTo`: the band's depths (longest path from a source, in edges). */
  readonly groups: readonly { readonly depth: number; readonly depthTo: number; readonly func: string; readonly count: number }[];
  readonly groupOf: readonly number[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly count: number }[];
}

/** One stored plan drawn in the DAG and Gantt views. */
export interface PlanData {
  readonly planner: string;
  readonly seed: number;
  readonly makespanMs: number;
  readonly costUsd: number;
  readonly deadlineMet: boolean | null;
  readonly planningMs: number;
  readonly workerCount: number;
  readonly workerOf: readonly number[];
  /** Memory level of each worker (index into the workflow's ladder). */
  readonly levelOf: readonly number[];
  readonly earliestStartMs: readonly number[];
  readonly slackMs: readonly number[];
  /** 4 per task: worker start, downloads, execution, upload (ms); they sum to finish - start. */
  readonly segmentsMs: readonly number[];
  /** Tasks that preload their inputs (their downloads overlap the producers; not drawn as a segment). */
  readonly preload: readonly number[];
  /** Task indices of one critical path, source to sink. */
  readonly criticalPath: readonly number[];
  /** Gantt: row of each worker (ordered by first start), and sub-lane of each task within its worker's row. */
  readonly rowOfWorker: readonly number[];
  readonly lanesOfWorker: readonly number[];
  readonly laneOf: readonly number[];
}

export interface InstanceData {
  /** `dataset--workflow--sla--deadline`, as in the SVG chart file names. */
  readonly id: string;
  readonly title: string;
  readonly workflow: number;
  readonly deadline: string | null;
  readonly deadlineMs: number | null;
  /** Compiled vega spec of the cost vs makespan chart. */
  readonly paretoSpec: unknown;
  readonly plans: readonly PlanData[];
  /** Index into `plans` shown first: the cheapest plan that meets the deadline (else the cheapest). */
  readonly defaultPlan: number;
  /** Planner settings of this instance without a drawable plan, with the reason. */
  readonly withoutPlan: readonly { readonly planner: string; readonly reason: string }[];
}

export interface ReplayRunData {
  readonly dataset: string;
  readonly workflow: string;
  readonly dagId: string;
  readonly tasks: number;
  readonly recordedMakespanMs: number;
  readonly recordedCriticalPathMs: number;
  /** Leave-one-run-out prediction; null with one recorded run. */
  readonly predictedMakespanMs: number | null;
  /**
   * Quantiles of the predicted makespan distribution (Monte Carlo), when the predictor
   * provides one; drawn as an interval around the prediction.
   */
  readonly predictedQuantilesMs?: { readonly p5: number; readonly p50: number; readonly p95: number };
}

export interface ReplayData {
  readonly sla: string | null;
  readonly runs: readonly ReplayRunData[];
  /** Compiled vega spec; null without runs. */
  readonly spec: unknown;
  readonly notes: readonly string[];
}

export interface ReportData {
  readonly format: typeof REPORT_DATA_FORMAT;
  readonly version: typeof REPORT_DATA_VERSION;
  readonly generatedAt: string;
  readonly resultsDir: string;
  readonly machine: Readonly<Record<string, unknown>> | null;
  /** `summary.json`'s `provenance` (command line, config, commit, ...), when the sweep recorded it. */
  readonly provenance: Readonly<Record<string, unknown>> | null;
  readonly planners: readonly PlannerStyleData[];
  readonly metrics: readonly MetricColumn[];
  readonly summary: readonly SummaryRowData[];
  readonly overview: readonly Readonly<Record<string, string | number | null>>[];
  readonly workflows: readonly WorkflowData[];
  readonly instances: readonly InstanceData[];
  readonly planningTimeSpec: unknown;
  readonly replay: ReplayData;
  /** One colour per memory level index (light = small, dark = large). */
  readonly memoryColours: readonly string[];
}
