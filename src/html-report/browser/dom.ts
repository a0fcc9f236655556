/** Small DOM helpers: element builders and number formats shared by every view. */
const SVG_NS = 'http://www.w3.org/2000/svg';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

export function svg(tag: string, attrs: Record<string, string | number> = {}): SVGElement {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`report: no element #${id}`);
  return node as T;
}

export const ms = (v: number) => (Math.abs(v) >= 100 ? `${Math.round(v).toLocaleString('en-US')} ms` : `${v.toFixed(v >= 10 ? 1 : 2)} ms`);
export const usd = (v: number) => `$${v >= 0.01 ? v.toFixed(4) : v.toPrecision(3)}`;
export const mb = (v: number) => (v >= 1024 && v % 1024 === 0 ? `${v / 1024} GB` : `${v} MB`);

/** A metric value as the markdown table writes it. */
export function formatMetric(id: string, v: number | null): string {
  if (v === null) return '-';
  switch (id) {
    case 'makespanMs':
      return Math.round(v).toLocaleString('en-US');
    case 'costUsd':
      return v.toExponential(3);
    case 'makespanRatio':
      return v.toFixed(3);
    case 'costSaving':
      return `${(v * 100).toFixed(1).replace('-0.0', '0.0')}%`;
    case 'deadlineMet':
      return v >= 1 ? 'yes' : v <= 0 ? 'no' : `${(v * 100).toFixed(0)}%`;
    case 'bytesMoved':
      return v < 1024 ? `${Math.round(v)} B` : v < 1024 ** 2 ? `${(v / 1024).toFixed(1)} KiB` : v < 1024 ** 3 ? `${(v / 1024 ** 2).toFixed(1)} MiB` : `${(v / 1024 ** 3).toFixed(1)} GiB`;
    case 'planningMs':
      return v < 10 ? v.toFixed(2) : v.toFixed(0);
    default:
      return Number.isInteger(v) ? String(v) : v.toFixed(2);
  }
}
