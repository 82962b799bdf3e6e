// 图表: one parameter of one outfall over a date range. The core decimates (a year of minute
// data is half a million readings) into about as many buckets as the plot is wide; this draws
// them as a min–max band with the mean, the limit steps, exceedances in red and lab results as
// their own points. Dragging across the plot zooms, and the zoomed days are asked for again,
// so detail appears as one zooms in; 重置缩放 returns to the chosen range.
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "../../components/chart/localeGuard"; // before uPlot: see there
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { waterSeries, type Outfall, type Series } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { DATE_RE } from "../../lib/time";
import { BAND_FILL, buildWaterChart, COLORS, waterYRange, type WaterSeriesKind } from "./waterChart";
import { daysBefore, localDay, unitText } from "./format";
import { DateInput } from "../../components/DateInput";
import { formatDate } from "../../lib/dates";

type Props = { outfalls: Outfall[]; timezone: string; today: string };
type View = { from: string; to: string; zoom: [number, number] | null };

const DEFAULT_WIDTH = 900;

export function ChartTab({ outfalls, timezone, today }: Props) {
  const { t } = useTranslation();
  const [outfallId, setOutfallId] = useState(outfalls[0]?.id ?? "");
  const outfall = outfalls.find((o) => o.id === outfallId) ?? outfalls[0];
  const params = outfall?.params ?? [];
  const [paramId, setParamId] = useState("");
  const param = params.find((p) => p.id === paramId) ?? params[0];
  const [from, setFrom] = useState(daysBefore(today, 30));
  const [to, setTo] = useState(today);
  const [view, setView] = useState<View>({ from, to, zoom: null });
  const plotRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(DEFAULT_WIDTH);

  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const measure = () => setWidth(el.clientWidth > 0 ? el.clientWidth : DEFAULT_WIDTH);
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const o = new ResizeObserver(measure);
    o.observe(el);
    return () => o.disconnect();
  }, []);

  // A new choice of dates shows them whole.
  useEffect(() => {
    if (DATE_RE.test(from) && DATE_RE.test(to)) setView({ from, to, zoom: null });
  }, [from, to]);

  const buckets = Math.max(10, Math.round(width));
  const valid = DATE_RE.test(view.from) && DATE_RE.test(view.to) && param !== undefined;
  const loaded = useLoad(() => waterSeries(param!.id, view.from, view.to, buckets), [param?.id, view.from, view.to, buckets], {
    skip: !valid,
    describe: (e) => placeError(e, t, []).form,
  });

  return (
    <section data-testid="water-chart-tab">
      <div className="panel filters">
        <label>
          {t("water.outfall")}
          <select data-testid="chart-outfall" value={outfall?.id ?? ""} onChange={(e) => setOutfallId(e.target.value)}>
            {outfalls.map((o) => (
              <option key={o.id} value={o.id}>
                {o.code} · {o.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("water.param")}
          <select data-testid="chart-param" value={param?.id ?? ""} onChange={(e) => setParamId(e.target.value)}>
            {params.map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} · {p.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("water.from")}
          <DateInput data-testid="chart-from" value={from} onChange={(v) => setFrom(v)} />
        </label>
        <label>
          {t("water.to")}
          <DateInput data-testid="chart-to" value={to} onChange={(v) => setTo(v)} />
        </label>
        <button
          type="button"
          className="btn btn--small"
          data-testid="chart-reset"
          disabled={view.zoom === null}
          onClick={() => setView({ from, to, zoom: null })}
        >
          {t("chart.resetZoom")}
        </button>
      </div>
      <FormError message={loaded.error} testId="chart-error" />
      {outfalls.length === 0 ? <p className="muted panel">{t("water.noOutfalls")}</p> : null}
      <div className="panel">
        {loaded.data ? <ChartLegendLine s={loaded.data} /> : null}
        <div ref={plotRef} className={`ts-chart__plot${loaded.loading ? " is-stale" : ""}`}>
          {loaded.data ? (
            <WaterPlot
              s={loaded.data}
              width={width}
              timezone={timezone}
              zoom={view.zoom}
              onZoom={(min, max) => setView({ from: localDay(min, timezone), to: localDay(max, timezone), zoom: [min, max] })}
            />
          ) : null}
        </div>
        {loaded.data && loaded.data.x.length === 0 && loaded.data.samples.length === 0 ? (
          <p className="muted" data-testid="chart-empty">
            {t("water.chart.empty")}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function ChartLegendLine({ s }: { s: Series }) {
  const { t } = useTranslation();
  return (
    <p className="muted" data-testid="chart-info">
      {t("water.chart.info", {
        outfall: s.outfall_code,
        param: s.param_name,
        unit: unitText(s.unit),
        n: s.readings,
        interval: s.interval ? t(`water.interval.${s.interval}`) : "—",
        exceedances: s.exceedances.length,
        samples: s.samples.length,
      })}
    </p>
  );
}

type PlotProps = {
  s: Series;
  width: number;
  timezone: string;
  zoom: [number, number] | null;
  onZoom: (min: number, max: number) => void;
};

function WaterPlot({ s, width, timezone, zoom, onZoom }: PlotProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const model = useMemo(() => buildWaterChart(s), [s]);
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;
  const widthNow = useRef(width);
  widthNow.current = width;

  useEffect(() => {
    const host = el.current;
    if (!host) return;
    const unit = unitText(s.unit);
    const num = new Intl.NumberFormat(lang, { maximumFractionDigits: 3 });
    const value = (_: uPlot, v: number | null) => (v === null || v === undefined ? "—" : `${num.format(v)} ${unit}`.trim());
    // Ticks in the plant's zone, MM-DD and 24-hour HH:mm whatever the OS locale: days over a long
    // range; hours (with the day at midnight) over three days or less.
    const ticks = (splits: number[], span: number) =>
      splits.map((v) => {
        const d = new Date(v * 1000);
        if (span > 3 * 86_400) return formatDate.monthDay(d, timezone);
        const h = formatDate.time(d, timezone);
        return h === "00:00" ? `${h}\n${formatDate.monthDay(d, timezone)}` : h;
      });
    const spec = (k: WaterSeriesKind): uPlot.Series => {
      const label = t(`water.chart.series.${k}`);
      switch (k) {
        case "min":
        case "max":
          return { label, stroke: COLORS[k], width: 1, spanGaps: true, value, points: { show: false } };
        case "mean":
          return { label, stroke: COLORS[k], width: 1.5, spanGaps: true, value, points: { show: false } };
        case "upper":
        case "lower":
          return { label, stroke: COLORS[k], width: 1.5, dash: [6, 4], value, points: { show: false } };
        case "exceedance":
          return { label, stroke: COLORS[k], paths: () => null, value, points: { show: true, size: 8, width: 2, stroke: COLORS[k], fill: COLORS[k] } };
        case "sample":
          return { label, stroke: COLORS[k], paths: () => null, value, points: { show: true, size: 9, width: 2, stroke: COLORS[k], fill: "#ffffff" } };
      }
    };
    const minIdx = model.kinds.indexOf("min") + 1;
    const maxIdx = model.kinds.indexOf("max") + 1;
    const range = waterYRange(model);
    const opts: uPlot.Options = {
      width: widthNow.current,
      height: 340,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timezone),
      scales: { x: { time: true, ...(zoom ? { min: zoom[0], max: zoom[1] } : {}) }, y: { range: () => range } },
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { show: true, live: true },
      bands: [{ series: [maxIdx, minIdx], fill: BAND_FILL }],
      axes: [
        {
          stroke: "#5f6b7a",
          grid: { stroke: "#e9edf1" },
          ticks: { stroke: "#d8dde3" },
          space: 80,
          size: 44,
          values: (u, splits) => ticks(splits, (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0)),
        },
        { label: unit, labelSize: 18, size: 64, stroke: "#5f6b7a", grid: { stroke: "#e9edf1" }, ticks: { stroke: "#d8dde3" } },
      ],
      series: [
        { label: t("water.chart.time"), value: (_, v) => (v === null || v === undefined ? "—" : formatDate.minute(new Date(v * 1000), timezone)) },
        ...model.kinds.map(spec),
      ],
      hooks: {
        // A drag selects a period: asked for again at that resolution.
        setSelect: [
          (u) => {
            if (u.select.width < 4) return;
            const min = u.posToVal(u.select.left, "x");
            const max = u.posToVal(u.select.left + u.select.width, "x");
            u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
            zoomRef.current(Math.floor(min), Math.ceil(max));
          },
        ],
      },
    };
    const u = new uPlot(opts, model.data as uPlot.AlignedData, host);
    chart.current = u;
    return () => {
      u.destroy();
      chart.current = null;
    };
    // Rebuilt for new data, zoom or language; a width change only resizes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [model, lang, timezone, zoom]);

  useEffect(() => {
    chart.current?.setSize({ width, height: 340 });
  }, [width]);

  return (
    <div
      ref={el}
      className="water-chart"
      data-testid="water-chart"
      aria-label={t("water.chart.summary", { outfall: s.outfall_code, param: s.param_name })}
    />
  );
}
