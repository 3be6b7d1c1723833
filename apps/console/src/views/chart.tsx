import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

export const PALETTE = [
  '#1f6feb',
  '#d1242f',
  '#1a7f37',
  '#9a6700',
  '#8250df',
  '#bf3989',
  '#0a7ea4',
  '#6e7781',
  '#e16f24',
  '#2da44e',
  '#57606a',
];

export interface ChartSeries {
  label: string;
  counts: number[];
}

/**
 * Counts per bucket as lines (uPlot on a canvas). The table beside it carries the same numbers
 * for keyboards and screen readers.
 */
export function TimeChart({
  buckets,
  series,
  title,
}: {
  buckets: string[];
  series: ChartSeries[];
  title: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const xs = buckets.map((b) => Date.parse(b) / 1000);
    const width = () => Math.max(320, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 320,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        legend: { show: true },
        cursor: { drag: { x: false, y: false } },
        scales: {
          x: { time: true },
          y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
        },
        axes: [{}, { label: 'decisions', size: 60 }],
        series: [
          { label: 'bucket (UTC)' },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: PALETTE[i % PALETTE.length],
            width: 2,
            points: { show: buckets.length < 60 },
          })),
        ],
      },
      [xs, ...series.map((s) => s.counts)],
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 320 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [buckets, series]);
  return <div class="chart" ref={box} role="img" aria-label={title} data-testid="chart" />;
}
