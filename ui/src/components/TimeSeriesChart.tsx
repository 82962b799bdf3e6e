// A time-series chart on uPlot (canvas): several series, dashed limit lines, marked points,
// drag across the plot to zoom into a period and 重置缩放 to return, and uPlot's legend with the
// values under the cursor. Tick labels and the legend follow the UI language. The series are
// thinned (min/max per bucket) before drawing: see chart/timeSeries.ts, which builds
// everything drawn as plain data so it is tested without a canvas.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "./chart/localeGuard"; // must run before uPlot's module: see there
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { buildChartModel, yRange, type ChartInput, type SeriesSpec } from "./chart/timeSeries";
import { formatDate } from "../lib/dates";

type Props = {
  input: ChartInput;
  /** The y axis title, with its unit (e.g. "kg"). */
  yLabel: string;
  /** The legend's x entry title (e.g. "周"). */
  xLabel: string;
  /** The x value under the cursor, for the legend (default: the date). */
  formatX?: (x: number) => string;
  formatY?: (y: number) => string;
  height?: number;
  testId?: string;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  summary: string;
};

const DEFAULT_WIDTH = 800;

/** Tick labels for x values in Unix seconds (UTC days): MM-DD, with the year (YYYY) on a second
 *  line at the first tick and where the year changes, the same in every language and OS locale. */
export function tickFormatter(): (splits: number[]) => string[] {
  return (splits) => {
    let last: number | null = null;
    return splits.map((s) => {
      const d = new Date(s * 1000);
      const y = d.getUTCFullYear();
      const day = formatDate.monthDay(d);
      const label = last === null || y !== last ? `${day}\n${y}` : day;
      last = y;
      return label;
    });
  };
}

function toSeries(spec: SeriesSpec, formatY: (y: number) => string): uPlot.Series {
  const value = (_: uPlot, v: number | null) => (v === null || v === undefined ? "—" : formatY(v));
  if (spec.kind === "marks") {
    return {
      label: spec.label,
      stroke: spec.color,
      paths: () => null,
      value,
      points: { show: true, size: 10, width: 2, stroke: spec.color, fill: "#ffffff" },
    };
  }
  return { label: spec.label, stroke: spec.color, width: spec.width, dash: spec.dash, value, points: { show: false } };
}

export function TimeSeriesChart({ input, yLabel, xLabel, formatX, formatY, height = 280, testId, summary }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const model = useMemo(() => buildChartModel(input), [input]);
  const plotRef = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  const [zoomed, setZoomed] = useState(false);
  const x = model.data[0] ?? [];
  const first = x[0] ?? 0;
  const last = x.at(-1) ?? 0;

  // Follow the container's width (the window or the side panel changing size).
  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth > 0 ? el.clientWidth : DEFAULT_WIDTH);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // One uPlot per model and language; a width change only resizes it. The formatters are read
  // through a ref, so a caller passing new functions each render does not rebuild the chart.
  const widthNow = useRef(width);
  widthNow.current = width;
  const formats = useRef({ formatX, formatY });
  formats.current = { formatX, formatY };
  useEffect(() => {
    const el = plotRef.current;
    if (!el || x.length === 0) return;
    const number = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
    const fmtY = (v: number) => (formats.current.formatY ?? ((n: number) => number.format(n)))(v);
    const fmtX = (v: number) => (formats.current.formatX ?? ((n: number) => formatDate.day(new Date(n * 1000))))(v);
    const ticks = tickFormatter();
    const range = yRange(model);
    const opts: uPlot.Options = {
      width: widthNow.current,
      height,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
      scales: { x: { time: true }, y: { range: () => range } },
      cursor: { drag: { x: true, y: false, setScale: true } },
      legend: { show: true, live: true },
      axes: [
        {
          values: (_, splits) => ticks(splits),
          space: 72,
          size: 44,
          stroke: "#5f6b7a",
          grid: { stroke: "#e9edf1" },
          ticks: { stroke: "#d8dde3" },
        },
        {
          label: yLabel,
          labelSize: 18,
          size: 64,
          stroke: "#5f6b7a",
          grid: { stroke: "#e9edf1" },
          ticks: { stroke: "#d8dde3" },
          values: (_, splits) => splits.map((v) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(v)),
        },
      ],
      series: [{ label: xLabel, value: (_, v) => (v === null || v === undefined ? "—" : fmtX(v)) }, ...model.series.map((s) => toSeries(s, fmtY))],
      hooks: {
        setScale: [
          (u, key) => {
            if (key !== "x") return;
            const min = u.scales.x?.min;
            const max = u.scales.x?.max;
            setZoomed(min != null && max != null && (min > first || max < last));
          },
        ],
      },
    };
    const u = new uPlot(opts, model.data as uPlot.AlignedData, el);
    chart.current = u;
    setZoomed(false);
    return () => {
      u.destroy();
      chart.current = null;
    };
  }, [model, lang, height, yLabel, xLabel, x.length, first, last]);

  useEffect(() => {
    chart.current?.setSize({ width, height });
  }, [width, height]);

  return (
    <figure className="ts-chart" data-testid={testId} aria-label={summary}>
      <div className="ts-chart__bar">
        <span className="muted">{t("chart.zoomHint")}</span>
        <button
          type="button"
          className="btn btn--small"
          data-testid={testId ? `${testId}-reset` : undefined}
          disabled={!zoomed}
          onClick={() => chart.current?.setScale("x", { min: first, max: last })}
        >
          {t("chart.resetZoom")}
        </button>
      </div>
      <div ref={plotRef} className="ts-chart__plot" />
    </figure>
  );
}
