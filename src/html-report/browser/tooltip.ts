/** One floating tooltip for the whole page, placed next to the pointer and kept on screen. */
import { byId } from './dom.js';

export function showTooltip(event: MouseEvent, content: Node): void {
  const tip = byId('tooltip');
  tip.replaceChildren(content);
  tip.hidden = false;
  const pad = 14;
  const { innerWidth, innerHeight } = window;
  const rect = tip.getBoundingClientRect();
  let left = event.clientX + pad;
  let top = event.clientY + pad;
  if (left + rect.width > innerWidth - 4) left = Math.max(4, event.clientX - rect.width - pad);
  if (top + rect.height > innerHeight - 4) top = Math.max(4, innerHeight - rect.height - 4);
  tip.style.left = `${left}px`;
  tip.style.top = `${top}px`;
}

export function hideTooltip(): void {
  byId('tooltip').hidden = true;
}
