import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  DataZoomComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

// An ECharts chart that follows `option` and the size of its box. SVG, so screenshots and
// zoomed pages stay sharp.
export function Chart({
  option,
  height,
  label,
  testId,
  points,
  marks = {},
}: {
  option: ChartOption;
  height: number;
  label: string;
  testId?: string;
  points?: number;
  // What else the chart draws, as data-* attributes for tests (a canvas cannot be read).
  marks?: Record<string, string | number>;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(box.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return (
    <div
      ref={box}
      className="chart"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid={testId}
      data-points={points}
      {...Object.fromEntries(Object.entries(marks).map(([k, v]) => [`data-${k}`, v]))}
    />
  );
}
