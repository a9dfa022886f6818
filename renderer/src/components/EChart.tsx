import { useEffect, useRef } from 'react';
import { useLatest } from '../hooks/useLatest';
import { echarts, type EChartsOption } from './echarts';

export interface ChartClick {
  seriesId?: string;
  seriesName?: string;
  name?: string;
  data?: unknown;
  dataIndex?: number;
}

/**
 * A small React wrapper: one ECharts instance a div, resized with its box, options replaced. Every
 * chart counts time in UTC (`useUTC`): study dates are calendar days at UTC midnight, and a time
 * axis in the viewer's zone would put its ticks at local midnights, which read in UTC are the day
 * before in Seoul.
 */
export function EChart({
  option,
  height = 240,
  onClick,
  ariaLabel,
  className,
}: {
  option: EChartsOption;
  height?: number | string;
  onClick?: (event: ChartClick) => void;
  ariaLabel: string;
  className?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useLatest(onClick);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = echarts.init(element, null, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.(params as ChartClick));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [clickRef]);

  useEffect(() => {
    chart.current?.setOption({ useUTC: true, ...option }, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      className={className ? `chart ${className}` : 'chart'}
      style={{ height, cursor: onClick ? 'pointer' : undefined }}
      role="img"
      aria-label={ariaLabel}
    />
  );
}
