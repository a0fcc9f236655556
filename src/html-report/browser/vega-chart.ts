/** Draws a vega spec compiled at build time (the same specs as the SVG files) into a container, as SVG. */
const views = new WeakMap<HTMLElement, VegaView>();

export async function drawVega(container: HTMLElement, spec: unknown): Promise<void> {
  views.get(container)?.finalize();
  container.replaceChildren();
  const view = new vega.View(vega.parse(spec), { renderer: 'svg', container, hover: true });
  views.set(container, view);
  await view.runAsync();
}
