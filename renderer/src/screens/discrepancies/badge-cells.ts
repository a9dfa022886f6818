import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { Discrepancy } from '../../../../shared/api/discrepancies';

/**
 * Status and severity cells as plain DOM renderers (no React per cell): the grid creates many of
 * them while scrolling a long list. They draw the same badges as StatusBadge / SeverityBadge.
 */
type Params = ICellRendererParams<Discrepancy, string> & { label: (value: string) => string };

const SVG = 'http://www.w3.org/2000/svg';
const ICONS: Record<string, string> = {
  OPEN: 'M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z',
  QUERIED: 'M4 12l16-8-6 16-2-7z',
  ANSWERED: 'M10 8L5 12l5 4M5 12h9a5 5 0 0 1 5 5v2',
  CLOSED: 'M5 12l5 5 9-10',
  ACCEPTED: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM8 12l3 3 5-6',
  RESOLVED: 'M4 12h4l3 5 6-10h3',
};
const MARKS: Record<string, string> = { critical: '!!!', major: '!!', minor: '!' };

function icon(path: string): SVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('width', '12');
  svg.setAttribute('height', '12');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.8');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  const p = document.createElementNS(SVG, 'path');
  p.setAttribute('d', path);
  svg.appendChild(p);
  return svg;
}

/** A grid cell drawn once per value change by `draw` (AG Grid calls init, then refresh). */
abstract class BadgeCell implements ICellRendererComp<Discrepancy> {
  protected gui = document.createElement('span');

  init(params: Params) {
    this.draw(params);
  }

  getGui() {
    return this.gui;
  }

  refresh(params: Params) {
    this.draw(params);
    return true;
  }

  protected abstract draw(params: Params): void;
}

export class StatusCell extends BadgeCell {
  protected draw({ value, label }: Params) {
    this.gui.replaceChildren();
    if (!value) return;
    this.gui.className = `status status-${value.toLowerCase()}`;
    const path = ICONS[value];
    if (path) this.gui.appendChild(icon(path));
    const text = document.createElement('span');
    text.textContent = label(value);
    this.gui.appendChild(text);
  }
}

export class SeverityCell extends BadgeCell {
  protected draw({ value, label }: Params) {
    this.gui.replaceChildren();
    if (!value) return;
    this.gui.className = `severity severity-${value}`;
    const mark = document.createElement('span');
    mark.className = 'severity-mark';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = MARKS[value] ?? '';
    this.gui.append(mark, label(value));
  }
}
