// The safety view's chart: one category per column (the group total, then each segment) — the
// hazards found as bars on the left axis and the on-time rate as points on a 0–100 % axis on the
// right. uPlot (canvas); what it draws is built by `safetyChartModel` as plain data, so it is
// tested without a canvas. The legend shows the rate as the core's text, never re-rounded.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "../../components/chart/localeGuard"; // must run before uPlot's module: see there
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Safety } from "../../ipc/api";
import { PALETTE } from "../../components/chart/timeSeries";
import { segmentName } from "./format";

export type SafetyChartModel = {
  /** The category names: the group, then the segments. */
  labels: string[];
  /** Hazards found per category (null: no data). */
  found: (number | null)[];
  /** The on-time rate per category as a number for drawing (null: nothing due / no data). */
  rate: (number | null)[];
  /** The rate as the core wrote it ("99.96", "—"), for the legend. */
  rateText: string[];
};

/** The chart's data from the view: the group total first, then the segments in view order. */
export function safetyChartModel(sv: Safety, language: string, groupLabel: string): SafetyChartModel {
  const found = sv.rows.find((r) => r.key === "hazards_found");
  const rates = [sv.rate.group, ...sv.rate.segments];
  return {
    labels: [groupLabel, ...sv.segments.map((s) => segmentName(s, language))],
    found: [found?.group.exact ?? null, ...sv.segments.map((_, i) => found?.segments[i]?.exact ?? null)],
    rate: rates.map((r) => (r.text === "—" ? null : Number(r.text))),
    rateText: rates.map((r) => r.text),
  };
}

type Props = { model: SafetyChartModel; testId?: string; summary: string };

const DEFAULT_WIDTH = 640;
const FOUND_COLOR = PALETTE[0]!;
const RATE_COLOR = PALETTE[5]!;

export function SafetyChart({ model, testId, summary }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const plotRef = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  const widthNow = useRef(width);
  widthNow.current = width;

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

  useEffect(() => {
    const el = plotRef.current;
    if (!el || model.labels.length === 0) return;
    const x = model.labels.map((_, i) => i);
    const int = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    const maxFound = Math.max(1, ...model.found.map((v) => v ?? 0));
    // uPlot's bar path builder (absent from a test's stand-in: the series then draws as a line).
    const bars = uPlot.paths?.bars?.({ size: [0.5, 64] });
    const opts: uPlot.Options = {
      width: widthNow.current,
      height: 260,
      scales: {
        x: { time: false, range: [-0.5, x.length - 0.5] },
        count: { range: [0, Math.ceil(maxFound * 1.15)] },
        pct: { range: [0, 105] },
      },
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
      axes: [
        {
          splits: () => x,
          values: (_, splits) => splits.map((s) => model.labels[s] ?? ""),
          stroke: "#5f6b7a",
          grid: { show: false },
          ticks: { show: false },
        },
        {
          scale: "count",
          label: t("hq.safety.chartFound"),
          labelSize: 18,
          size: 56,
          stroke: FOUND_COLOR,
          grid: { stroke: "#e9edf1" },
          values: (_, splits) => splits.map((v) => (Number.isInteger(v) ? int.format(v) : "")),
        },
        {
          scale: "pct",
          side: 1,
          label: t("hq.safety.chartRate"),
          labelSize: 18,
          size: 56,
          stroke: RATE_COLOR,
          grid: { show: false },
          splits: () => [0, 25, 50, 75, 100],
        },
      ],
      series: [
        { label: t("hq.safety.chartColumn"), value: (_, v) => (v === null || v === undefined ? "—" : (model.labels[v] ?? "")) },
        {
          label: t("hq.safety.chartFound"),
          scale: "count",
          stroke: FOUND_COLOR,
          fill: `${FOUND_COLOR}99`,
          width: 1,
          paths: bars,
          points: { show: false },
          value: (_, v) => (v === null || v === undefined ? "—" : int.format(v)),
        },
        {
          label: t("hq.safety.chartRate"),
          scale: "pct",
          stroke: RATE_COLOR,
          width: 2,
          paths: () => null,
          points: { show: true, size: 11, width: 2, stroke: RATE_COLOR, fill: "#ffffff" },
          value: (_, v, _s, idx) => (idx === null ? "—" : (model.rateText[idx] ?? "—")) + (v === null || v === undefined ? "" : " %"),
        },
      ],
    };
    const u = new uPlot(opts, [x, model.found, model.rate] as uPlot.AlignedData, el);
    chart.current = u;
    return () => {
      u.destroy();
      chart.current = null;
    };
  }, [model, lang, t]);

  useEffect(() => {
    chart.current?.setSize({ width, height: 260 });
  }, [width]);

  return (
    <figure className="ts-chart" data-testid={testId} aria-label={summary}>
      <div ref={plotRef} className="ts-chart__plot" />
    </figure>
  );
}
