/** Libraries inlined into the page as classic scripts (vega.min.js, elk-api.js). */
interface VegaView {
  runAsync(): Promise<VegaView>;
  finalize(): void;
}
declare const vega: {
  View: new (runtime: unknown, options: { renderer: 'svg' | 'canvas'; container: HTMLElement; hover?: boolean }) => VegaView;
  parse(spec: unknown): unknown;
};
interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkNode[];
  edges?: ElkEdge[];
  layoutOptions?: Record<string, string>;
}
interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  sections?: { startPoint: { x: number; y: number }; endPoint: { x: number; y: number }; bendPoints?: { x: number; y: number }[] }[];
}
declare const ELK: new (options: { workerFactory?: () => Worker; workerUrl?: string }) => { layout(graph: ElkNode): Promise<ElkNode> };
