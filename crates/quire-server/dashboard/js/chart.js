// A small bar chart of a key's requests per day (the last 30 days), as accessible inline SVG.

import { h, svg } from './dom.js';
import { formatNumber } from './format.js';

/** `days`: `[{date, requests, status2xx, status4xx, status5xx}]` from the usage report. */
export function usageChart(days, { width = 110, height = 28 } = {}) {
  const total = days.reduce((sum, d) => sum + d.requests, 0);
  const max = Math.max(1, ...days.map((d) => d.requests));
  const gap = 1;
  const barWidth = Math.max(1, (width - gap * (days.length - 1)) / Math.max(1, days.length));
  const label = `${formatNumber(total)} requests in the last ${days.length} days`;
  const bars = days.map((d, i) => {
    const barHeight = d.requests === 0 ? 1 : Math.max(2, (d.requests / max) * (height - 2));
    const failed = (d.status4xx ?? 0) + (d.status5xx ?? 0);
    return svg('rect', {
      x: (i * (barWidth + gap)).toFixed(2),
      y: (height - barHeight).toFixed(2),
      width: barWidth.toFixed(2),
      height: barHeight.toFixed(2),
      rx: 1,
      class: d.requests === 0 ? 'bar empty' : failed > d.requests / 2 ? 'bar failing' : 'bar',
    }, svg('title', {}, `${d.date}: ${formatNumber(d.requests)} requests (${formatNumber(failed)} failed)`));
  });
  return h('figure', { class: 'usage-chart', 'data-testid': 'usage-chart' },
    svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label }, bars),
    h('figcaption', { class: 'visually-hidden', text: label }));
}
