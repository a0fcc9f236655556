/**
 * One colour and one shape per planner setting, the same in every chart of a sweep: the
 * SVG files (`charts.ts`) and the HTML report (`src/report/`) both take them from here.
 *
 * Labels are ordered by the planner's position in the registry (then by label), so the
 * same sweep always maps a planner to the same style, and the first planners get the most
 * distinct colours. Colours: Tableau 10 without its red and grey (red is kept for the
 * critical path and the deadline, grey for the Pareto frontier); shapes: vega's symbol
 * names. Colour and shape advance together but at different periods, so no two of the
 * first 56 labels share both.
 */

export const PLANNER_COLOURS: readonly string[] = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#9c755f', '#edc948', '#ff9da7'];
export const PLANNER_SHAPES: readonly string[] = ['circle', 'square', 'triangle-up', 'diamond', 'cross', 'triangle-down', 'wedge'];

/** Red of the critical path and the deadline; grey of the Pareto frontier. */
export const CRITICAL_COLOUR = '#d62728';
export const FRONTIER_COLOUR = '#777777';

export interface PlannerStyle {
  readonly label: string;
  readonly colour: string;
  readonly shape: string;
}

/** Styles for the labels, ordered by `plannerOrder` (planner ids in registry order), then by label. */
export function plannerStyles(labels: Iterable<string>, plannerOrder: readonly string[] = []): PlannerStyle[] {
  const rank = (label: string) => {
    const id = label.split(' ')[0]!;
    const index = plannerOrder.indexOf(id);
    return index < 0 ? plannerOrder.length : index;
  };
  const sorted = [...new Set(labels)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return sorted.map((label, i) => ({ label, colour: PLANNER_COLOURS[i % PLANNER_COLOURS.length]!, shape: PLANNER_SHAPES[i % PLANNER_SHAPES.length]! }));
}

/** Vega-Lite scales for the colour and shape channels: fixed domain and range, so charts agree. */
export function plannerScales(styles: readonly PlannerStyle[]): { color: { domain: string[]; range: string[] }; shape: { domain: string[]; range: string[] } } {
  const domain = styles.map((s) => s.label);
  return { color: { domain, range: styles.map((s) => s.colour) }, shape: { domain: [...domain], range: styles.map((s) => s.shape) } };
}
