// 周报审核 (the review grid): a year's ISO weeks across, one row per plant down — each cell
// coloured by its state (not expected, due, missing, received, returned, accepted) with a mark for
// late (L), restated (r), restated after review (R) or a broken anchor (!). Filters by segment
// and by "only plants with …"; the counts over the whole filter come from the core. Plants are
// paged by the core (200 at a time) and the rows of a page are virtualized (TanStack Virtual),
// so a group of a thousand plants stays quick. A cell opens the week's history beside the grid,
// where the analyst accepts, returns or reopens; the grid reloads after each decision.
import { useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { hqGrid, hqSegments, type Cell, type CellState, type GridCounts, type GridRow, type HqOrg } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { mondayOf, sundayOf } from "../../lib/isoWeek";
import { FormError } from "../../components/Field";
import { atLocal, cellMarks, MARK_GLYPH, parseYear, segmentName } from "./format";
import { WeekPanel } from "./WeekPanel";
import { YearInput } from "./YearInput";

/** Plants per page asked of the core. */
export const GRID_PAGE = 200;
/** Row height (px) for the virtualizer. */
const ROW_PX = 22;
/** Viewport assumed while the scrolling box has no height yet (not laid out). */
const UNMEASURED_VIEW_PX = 600;

export const ONLY = ["missing", "late", "restated", "returned", "accepted", "anchor_broken"] as const;
export const CELL_STATES: readonly CellState[] = ["not_expected", "due", "missing", "received", "returned", "accepted"];
const COUNT_KEYS: readonly (keyof GridCounts)[] = [
  "expected",
  "received",
  "due",
  "missing",
  "late",
  "restated",
  "returned",
  "accepted",
  "anchor_broken",
];

type Selected = { row: GridRow; cell: Cell };

/** The tooltip of a cell: plant, week and its days, state, revisions, flags, received, deadline. */
export function cellTitle(t: TFunction, row: GridRow, c: Cell, timezone: string): string {
  const lines = [
    t("hq.grid.cellHead", { plant: row.plant_code, week: c.week, from: mondayOf(c.week), to: sundayOf(c.week) }),
    t(`hq.state.${c.state}`),
  ];
  if (c.revision !== null) lines.push(t("hq.grid.cellRevision", { rev: c.revision, counted: c.counted_revision ?? "—" }));
  for (const m of cellMarks(c)) lines.push(t(`hq.mark.${m}`));
  if (c.first_received_at) lines.push(t("hq.grid.cellReceived", { at: atLocal(c.first_received_at, timezone) }));
  if (c.state !== "not_expected") lines.push(t("hq.grid.cellDeadline", { at: atLocal(c.deadline, timezone) }));
  return lines.join("\n");
}

export function GridTab({ group, year, onYear }: { group: HqOrg; year: string; onYear: (y: string) => void }) {
  const { t, i18n } = useTranslation();
  const y = parseYear(year);
  const [segment, setSegment] = useState("");
  const [only, setOnly] = useState<string[]>([]);
  const [offset, setOffset] = useState(0);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<Selected | null>(null);
  const describe = (e: unknown) => placeError(e, t, []).form;
  const segments = useLoad(hqSegments, [], { describe });
  const onlyKey = only.join(",");
  const load = useLoad(
    () => hqGrid({ year: y ?? 0, segment_code: segment || null, only, offset, limit: GRID_PAGE }),
    [y, segment, onlyKey, offset, version],
    { skip: y === null, describe },
  );
  const grid = load.data;

  const toggle = (o: string) => {
    setOffset(0);
    setOnly((cur) => (cur.includes(o) ? cur.filter((x) => x !== o) : [...cur, o]));
  };

  // The selected cell as the newest grid shows it (after a decision, its new state).
  const shown = useMemo(() => {
    if (!selected || !grid) return selected;
    const row = grid.rows.find((r) => r.plant_code === selected.row.plant_code);
    const cell = row?.cells.find((c) => c.week === selected.cell.week);
    return row && cell ? { row, cell } : selected;
  }, [selected, grid]);

  const pages = grid ? Math.max(1, Math.ceil(grid.plants_total / GRID_PAGE)) : 1;
  const page = Math.floor(offset / GRID_PAGE);

  return (
    <section className="page hq-grid-page">
      <div className="page__head">
        <h1>{t("hq.grid.title")}</h1>
        <span className="muted">{t("hq.grid.basis", { days: grid ? String(grid.deadline_days) : "…" })}</span>
      </div>
      <div className="panel filters hq-grid__filters">
        <YearInput
          testId="hq-grid-year"
          value={year}
          onChange={(v) => {
            setOffset(0);
            onYear(v);
          }}
        />
        <label>
          {t("hq.segment")}
          <select
            data-testid="hq-grid-segment"
            value={segment}
            onChange={(e) => {
              setOffset(0);
              setSegment(e.target.value);
            }}
          >
            <option value="">{t("hq.allSegments")}</option>
            {(segments.data ?? []).map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} · {segmentName(s, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <span className="hq-chips" role="group" aria-label={t("hq.grid.only")}>
          <span className="muted">{t("hq.grid.only")}</span>
          {ONLY.map((o) => (
            <button
              key={o}
              type="button"
              className={`hq-chip${only.includes(o) ? " hq-chip--on" : ""}`}
              data-testid={`hq-grid-only-${o}`}
              aria-pressed={only.includes(o)}
              onClick={() => toggle(o)}
            >
              {t(`hq.only.${o}`)}
            </button>
          ))}
        </span>
      </div>
      <FormError message={segments.error ?? load.error} testId="hq-grid-error" />
      {y === null ? <p className="form-error">{t("hq.yearInvalid")}</p> : null}
      {grid ? (
        <div className="hq-counts" data-testid="hq-grid-counts">
          {COUNT_KEYS.map((k) => (
            <span key={k} className={`hq-counts__item hq-counts__item--${k}`} data-count={k} data-value={grid.counts[k]}>
              {t(`hq.counts.${k}`)} <strong>{grid.counts[k]}</strong>{" "}
            </span>
          ))}
          <span className="muted">{t("hq.grid.plants", { n: grid.plants_total })}</span>
        </div>
      ) : null}
      <Legend />
      <div className="hq-grid__body">
        <div className="hq-grid__main">
          {grid ? (
            <Matrix
              rows={grid.rows}
              weeks={grid.weeks}
              timezone={group.timezone}
              stale={load.loading}
              selected={shown ? `${shown.row.plant_code}|${shown.cell.week}` : null}
              onPick={(row, cell) => setSelected({ row, cell })}
            />
          ) : load.loading ? (
            <p className="muted" data-testid="hq-grid-loading">
              {t("table.loading")}
            </p>
          ) : null}
          {grid && pages > 1 ? (
            <div className="pager">
              <span>
                {t("hq.grid.pageRange", {
                  from: offset + 1,
                  to: Math.min(offset + GRID_PAGE, grid.plants_total),
                  total: grid.plants_total,
                })}
              </span>
              <span className="pager__nav">
                <button
                  type="button"
                  className="btn btn--small"
                  data-testid="hq-grid-prev"
                  disabled={page === 0 || load.loading}
                  onClick={() => setOffset(offset - GRID_PAGE)}
                >
                  {t("table.prev")}
                </button>
                <span data-testid="hq-grid-page">{t("table.page", { page: page + 1, pages })}</span>
                <button
                  type="button"
                  className="btn btn--small"
                  data-testid="hq-grid-next"
                  disabled={page + 1 >= pages || load.loading}
                  onClick={() => setOffset(offset + GRID_PAGE)}
                >
                  {t("table.next")}
                </button>
              </span>
            </div>
          ) : null}
        </div>
        {shown ? (
          <WeekPanel
            key={`${shown.row.plant_code}|${shown.cell.week}`}
            row={shown.row}
            cell={shown.cell}
            timezone={group.timezone}
            onChanged={() => setVersion((n) => n + 1)}
            onClose={() => setSelected(null)}
          />
        ) : null}
      </div>
    </section>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <div className="hq-legend" data-testid="hq-grid-legend">
      {CELL_STATES.map((s) => (
        <span key={s} className="hq-legend__item">
          <span className={`hq-cell hq-cell--${s} hq-cell--static`} aria-hidden="true" />
          {t(`hq.state.${s}`)}
        </span>
      ))}
      {(Object.keys(MARK_GLYPH) as (keyof typeof MARK_GLYPH)[]).map((m) => (
        <span key={m} className="hq-legend__item">
          <span className="hq-legend__glyph">{MARK_GLYPH[m]}</span>
          {t(`hq.mark.${m}`)}
        </span>
      ))}
    </div>
  );
}

type MatrixProps = {
  rows: readonly GridRow[];
  weeks: readonly string[];
  timezone: string;
  stale: boolean;
  selected: string | null;
  onPick: (row: GridRow, cell: Cell) => void;
};

/** The week × plant matrix; only the rows in view (plus a margin) are in the DOM. */
function Matrix({ rows, weeks, timezone, stale, selected, onPick }: MatrixProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
    getItemKey: (i) => rows[i]?.plant_code ?? i,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { ...rect, height: UNMEASURED_VIEW_PX })),
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  if (rows.length === 0) {
    return (
      <p className="muted hq-grid__empty" data-testid="hq-grid-empty">
        {t("hq.grid.empty")}
      </p>
    );
  }
  return (
    <div
      ref={scrollRef}
      className={`hq-matrix${stale ? " is-stale" : ""}`}
      data-testid="hq-grid"
      role="grid"
      aria-rowcount={rows.length + 1}
    >
      <div className="hq-matrix__row hq-matrix__row--head" role="row">
        <span className="hq-matrix__plant" role="columnheader">
          <span className="hq-matrix__code">{t("hq.grid.plant")}</span>
          <span className="hq-matrix__name">{t("hq.grid.name")}</span>
          <span className="hq-matrix__seg">{t("hq.segment")}</span>
        </span>
        {weeks.map((w) => {
          const n = Number(w.slice(-2));
          return (
            <span key={w} className="hq-matrix__week" role="columnheader" title={`${w} · ${mondayOf(w)} – ${sundayOf(w)}`}>
              {n === 1 || n % 4 === 0 ? n : ""}
            </span>
          );
        })}
      </div>
      {padTop > 0 ? <div style={{ height: padTop }} aria-hidden="true" /> : null}
      {items.map((it) => {
        const row = rows[it.index]!;
        return (
          <div key={row.plant_code} className="hq-matrix__row" role="row" aria-rowindex={it.index + 2} data-testid="hq-grid-row">
            <span className="hq-matrix__plant" role="rowheader">
              <span className="hq-matrix__code mono">{row.plant_code}</span>
              <span className="hq-matrix__name" title={row.plant_name}>
                {row.plant_name}
              </span>
              <span className="hq-matrix__seg mono">{row.segment_code}</span>
            </span>
            {row.cells.map((c) => {
              const marks = cellMarks(c);
              const key = `${row.plant_code}|${c.week}`;
              const title = cellTitle(t, row, c, timezone);
              return (
                <button
                  key={c.week}
                  type="button"
                  role="gridcell"
                  className={`hq-cell hq-cell--${c.state}${key === selected ? " hq-cell--selected" : ""}`}
                  data-testid={`hq-cell-${row.plant_code}-${c.week}`}
                  data-state={c.state}
                  data-marks={marks.join(" ") || undefined}
                  title={title}
                  aria-label={title}
                  onClick={() => onPick(row, c)}
                >
                  {marks[0] ? MARK_GLYPH[marks[0]] : ""}
                </button>
              );
            })}
          </div>
        );
      })}
      {padBottom > 0 ? <div style={{ height: padBottom }} aria-hidden="true" /> : null}
    </div>
  );
}
