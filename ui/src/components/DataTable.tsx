// The one table every list on the waste screens draws through: TanStack Table for the row
// model (sorting, column visibility) and TanStack Virtual for long lists. Columns are plain
// objects (a translated header, a cell renderer, optionally a sort value); the table renders
// real <table> markup with the app's classes and the test ids the screens and the E2E read.
//
// - Sorting is client-side (a column with `sortValue`, sorted by TanStack over every row) or
//   reported to the caller (`sort` given: the caller asks the core for the next page in that
//   order, as the generation ledger does); the header carries aria-sort and ▲/▼ either way.
// - Up to `virtualizeAbove` rows (200) every row is in the DOM, so tests and the E2E can read
//   them by text; beyond it only the rows in view are (plus a margin), in a scrolling box.
// - States: loading (before the first answer), stale (a newer request is running: rows dim),
//   empty, failed (the message above the table); a column menu to hide columns (remembered
//   per table); column footers (totals under their column), footer lines under the table, and
//   a bar below (summary, page controls).
import { Fragment, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  columnVisibilityFeature,
  createSortedRowModel,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type ColumnVisibilityState as VisibilityState,
  type RowData,
  type SortingState,
} from "@tanstack/react-table";
import { observeElementRect, useVirtualizer } from "@tanstack/react-virtual";
import { FormError } from "./Field";

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  columnVisibilityFeature,
});

/** Rows drawn before the table switches to virtual scrolling. */
export const VIRTUALIZE_ABOVE = 200;
/** Estimated row height (px) for the virtualizer; rows are measured once drawn. */
const ROW_PX = 29;
/** Viewport assumed while the scrolling box has no height yet (not laid out): one screenful. */
const UNMEASURED_VIEW_PX = 600;

export type SortValue = string | number | null | undefined;
export type SortState = { id: string; desc: boolean };

export type DataColumn<T extends RowData> = {
  id: string;
  /** Translated header text (or a control, e.g. a select-all box; then give `label`). */
  header: ReactNode;
  /** The column's name in the column menu when `header` is not text. */
  label?: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned figures ("num"). */
  numeric?: boolean;
  /** Extra class of each body cell (e.g. "mono", "status", "actions"). */
  className?: string;
  /** Extra class of the header cell. */
  headerClassName?: string;
  /** Client-side sorting by this value (numbers compare as numbers, text by zh-CN collation). */
  sortValue?: (row: T) => SortValue;
  /** With a caller-owned `sort`: this column can be sorted (by the caller). */
  sortable?: boolean;
  /** The first click sorts descending (newest / largest first). */
  sortDescFirst?: boolean;
  /** data-testid of the header's sort button. */
  sortTestId?: string;
  /** False keeps the column out of the column menu (checkboxes, actions). Default true. */
  hideable?: boolean;
  /** Hidden until the user shows it from the column menu. */
  hiddenByDefault?: boolean;
  /** A cell of the footer row under this column (e.g. a total). */
  footer?: ReactNode;
};

/** A column whose cell is its sort value as it comes (an id, a code, a date); `mono` by default. */
export function valueColumn<T extends RowData>(
  id: string,
  header: string,
  value: (row: T) => string | number,
  more: Partial<DataColumn<T>> = {},
): DataColumn<T> {
  return { id, header, className: "mono", sortValue: value, cell: value, ...more };
}

type Paging = { page: number; pageCount: number; onPage: (page: number) => void; disabled?: boolean };

export type DataTableProps<T extends RowData> = {
  columns: readonly DataColumn<T>[];
  /** null: nothing loaded yet. */
  data: readonly T[] | null;
  /** A row's stable key; by default its `id` field. */
  rowKey?: (row: T) => string;
  /** Prefix of the table's test ids — `<prefix>-table`, `-loading`, `-empty`, `-error`, `-footer`,
   *  `-columns`, `-column-<id>`, `-prev`, `-next`, `-page` — and the key its hidden columns are
   *  remembered under. */
  idPrefix: string;
  rowTestId?: string;
  rowClassName?: (row: T) => string | undefined;
  rowTitle?: (row: T) => string | undefined;
  /** A full-width row under a row (e.g. a shipment's lines), or null. */
  detail?: (row: T) => ReactNode;
  detailTestId?: string;
  loading?: boolean;
  loadingText?: string;
  error?: string | null;
  empty: ReactNode;
  /** Caller-owned sorting (server side): the current order and where to report a header click. */
  sort?: { value: SortState | null; onChange: (next: SortState) => void };
  /** Client-side sorting to start with. */
  initialSort?: SortState;
  /** Lines under the table (e.g. the ledger's totals), outside its horizontal scroll so they stay
   *  in view however wide the table is; column `footer`s are the aligned row in the table. */
  footer?: ReactNode;
  /** Left of the bar under the table (counts, totals); page controls go right. */
  summary?: ReactNode;
  paging?: Paging;
  /** Left of the bar above the table; the column menu sits right. */
  toolbar?: ReactNode;
  columnMenu?: boolean;
  virtualizeAbove?: number;
  className?: string;
};

const NO_ROWS: readonly never[] = [];
const collator = new Intl.Collator("zh-CN", { numeric: true });

/** Ascending comparison of two sort values; empty values sort last either way. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  const emptyA = a === null || a === undefined || a === "";
  const emptyB = b === null || b === undefined || b === "";
  if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

const storageKey = (prefix: string) => `ehs-ledger.columns.${prefix}`;

function initialVisibility<T extends RowData>(prefix: string, columns: readonly DataColumn<T>[]): VisibilityState {
  const v: VisibilityState = {};
  for (const c of columns) if (c.hiddenByDefault) v[c.id] = false;
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(prefix)) ?? "{}") as unknown;
    if (saved && typeof saved === "object") {
      for (const [id, shown] of Object.entries(saved)) if (typeof shown === "boolean") v[id] = shown;
    }
  } catch {
    // A damaged entry is ignored: every column shows.
  }
  return v;
}

export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { t } = useTranslation();
  const { columns, data, idPrefix, sort } = props;
  const rowsIn = data ?? NO_ROWS;

  // TanStack sees each column's id and sort accessor; the accessors read the newest column
  // objects through a ref, so screens may rebuild their columns every render without making
  // the table rebuild its models (only a change of the column ids does).
  const latest = useRef(columns);
  latest.current = columns; // before the memo below reads it, in this very render
  const signature = columns.map((c) => `${c.id}:${c.sortValue ? 1 : 0}`).join("|");
  const defs = useMemo<ColumnDef<typeof features, T>[]>(
    () =>
      latest.current.map((c) =>
        c.sortValue
          ? {
              id: c.id,
              // Empty values as undefined, which `sortUndefined: "last"` keeps last in both directions.
              accessorFn: (row: T) => {
                const v = latest.current.find((x) => x.id === c.id)?.sortValue?.(row);
                return v === null || v === "" ? undefined : v;
              },
              sortFn: (a, b, id) => compareSortValues(a.getValue(id) as SortValue, b.getValue(id) as SortValue),
              sortUndefined: "last" as const,
              enableHiding: c.hideable !== false,
            }
          : { id: c.id, enableSorting: false, enableHiding: c.hideable !== false },
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [signature],
  );

  const [clientSort, setClientSort] = useState<SortingState>(props.initialSort ? [props.initialSort] : []);
  const sorting: SortingState = sort ? (sort.value ? [sort.value] : []) : clientSort;
  const [visibility, setVisibility] = useState<VisibilityState>(() => initialVisibility(idPrefix, columns));
  useEffect(() => {
    try {
      localStorage.setItem(storageKey(idPrefix), JSON.stringify(visibility));
    } catch {
      // Storage full or blocked: the choice lasts for this visit only.
    }
  }, [idPrefix, visibility]);

  const table = useTable({
    features,
    columns: defs,
    data: rowsIn as T[],
    getRowId: (row: T, index: number) => props.rowKey?.(row) ?? String((row as { id?: unknown }).id ?? index),
    manualSorting: sort !== undefined,
    state: { sorting, columnVisibility: visibility },
    onSortingChange: (u) => setClientSort((s) => (typeof u === "function" ? u(s) : u)),
    onColumnVisibilityChange: (u) => setVisibility((v) => (typeof u === "function" ? u(v) : u)),
  });

  const byId = new Map(columns.map((c) => [c.id, c]));
  const shown = table
    .getVisibleLeafColumns()
    .map((c) => byId.get(c.id))
    .filter((c): c is DataColumn<T> => c !== undefined);
  const rows = table.getRowModel().rows;
  const current = sorting[0] ?? null;

  const clickSort = (c: DataColumn<T>) => {
    const next: SortState =
      current && current.id === c.id ? { id: c.id, desc: !current.desc } : { id: c.id, desc: c.sortDescFirst ?? false };
    if (sort) sort.onChange(next);
    else setClientSort([next]);
  };

  // Virtual scrolling only for long lists; short ones keep every row in the DOM.
  const virtual = rows.length > (props.virtualizeAbove ?? VIRTUALIZE_ABOVE);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
    getItemKey: (i) => rows[i]?.id ?? i,
    // A row not laid out (height 0) keeps the estimate instead of collapsing the list.
    measureElement: (el) => el.getBoundingClientRect().height || ROW_PX,
    observeElementRect: (instance, cb) =>
      observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : { ...rect, height: UNMEASURED_VIEW_PX })),
  });
  const items = virtual ? virtualizer.getVirtualItems() : [];
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual ? virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0) : 0;
  const drawn = virtual ? items.map((it) => ({ row: rows[it.index]!, index: it.index })) : rows.map((row, index) => ({ row, index }));

  const loading = props.loading ?? false;
  const span = Math.max(1, shown.length);
  const columnFooters = shown.some((c) => c.footer !== undefined);
  const menu = props.columnMenu !== false && columns.some((c) => c.hideable !== false);

  let placeholder: ReactNode = null;
  if (rows.length === 0) {
    if (loading || (data === null && !props.error)) {
      placeholder = (
        <td colSpan={span} data-testid={`${idPrefix}-loading`}>
          {props.loadingText ?? t("table.loading")}
        </td>
      );
    } else if (data === null) {
      placeholder = <td colSpan={span}>{t("table.failed")}</td>;
    } else {
      placeholder = (
        <td colSpan={span} data-testid={`${idPrefix}-empty`}>
          {props.empty}
        </td>
      );
    }
  }

  return (
    <div className={`data-table${props.className ? ` ${props.className}` : ""}`}>
      {props.toolbar !== undefined || menu ? (
        <div className="data-table__bar">
          <span className="data-table__tools">{props.toolbar}</span>
          {menu ? <ColumnMenu table={table} columns={columns} idPrefix={idPrefix} /> : null}
        </div>
      ) : null}
      <FormError message={props.error} testId={`${idPrefix}-error`} />
      <div ref={scrollRef} className={`table-wrap${virtual ? " table-wrap--scroll" : ""}`}>
        <table className="table" data-testid={`${idPrefix}-table`} aria-busy={loading} aria-rowcount={virtual ? rows.length + 1 : undefined}>
          <thead>
            <tr>
              {shown.map((c) => {
                const sortable = sort ? c.sortable === true : c.sortValue !== undefined;
                const dir = current?.id === c.id ? (current.desc ? "descending" : "ascending") : undefined;
                const cls = [c.numeric ? "num" : "", c.headerClassName ?? ""].filter(Boolean).join(" ");
                return (
                  <th key={c.id} className={cls || undefined} aria-sort={sortable ? dir : undefined}>
                    {sortable ? (
                      <button type="button" className="th-sort" data-testid={c.sortTestId} onClick={() => clickSort(c)}>
                        {c.header}
                        {dir === "ascending" ? " ▲" : dir === "descending" ? " ▼" : ""}
                      </button>
                    ) : (
                      c.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody className={loading && rows.length > 0 ? "is-stale" : undefined}>
            {padTop > 0 ? <Spacer height={padTop} span={span} /> : null}
            {drawn.map(({ row, index }) => {
              const r = row.original;
              const detail = props.detail?.(r);
              return (
                <Fragment key={row.id}>
                  <tr
                    data-testid={props.rowTestId}
                    data-index={virtual ? index : undefined}
                    aria-rowindex={virtual ? index + 2 : undefined}
                    ref={virtual ? virtualizer.measureElement : undefined}
                    className={props.rowClassName?.(r)}
                    title={props.rowTitle?.(r)}
                  >
                    {shown.map((c) => {
                      const cls = [c.numeric ? "num" : "", c.className ?? ""].filter(Boolean).join(" ");
                      return (
                        <td key={c.id} className={cls || undefined}>
                          {c.cell(r)}
                        </td>
                      );
                    })}
                  </tr>
                  {detail ? (
                    <tr className="row--detail" data-testid={props.detailTestId}>
                      <td colSpan={span}>{detail}</td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
            {padBottom > 0 ? <Spacer height={padBottom} span={span} /> : null}
            {placeholder ? <tr className="table__placeholder">{placeholder}</tr> : null}
          </tbody>
          {columnFooters ? (
            <tfoot>
              <tr className="table__footer">
                {shown.map((c) => (
                  <td key={c.id} className={c.numeric ? "num" : undefined}>
                    {c.footer}
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {props.footer !== undefined ? (
        <div className="data-table__footer" data-testid={`${idPrefix}-footer`}>
          {props.footer}
        </div>
      ) : null}
      {props.summary !== undefined || props.paging ? (
        <div className="pager">
          <span>{props.summary}</span>
          {props.paging ? <Pager {...props.paging} idPrefix={idPrefix} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function Spacer({ height, span }: { height: number; span: number }) {
  return (
    <tr aria-hidden="true" className="table__spacer" style={{ height }}>
      <td colSpan={span} />
    </tr>
  );
}

function Pager({ page, pageCount, onPage, disabled, idPrefix }: Paging & { idPrefix: string }) {
  const { t } = useTranslation();
  const pages = Math.max(1, pageCount);
  return (
    <span className="pager__nav">
      <button
        type="button"
        className="btn btn--small"
        data-testid={`${idPrefix}-prev`}
        disabled={page === 0 || disabled}
        onClick={() => onPage(Math.max(0, page - 1))}
      >
        {t("table.prev")}
      </button>
      <span data-testid={`${idPrefix}-page`}>{t("table.page", { page: page + 1, pages })}</span>
      <button
        type="button"
        className="btn btn--small"
        data-testid={`${idPrefix}-next`}
        disabled={page + 1 >= pages || disabled}
        onClick={() => onPage(page + 1)}
      >
        {t("table.next")}
      </button>
    </span>
  );
}

type MenuTable = {
  getAllLeafColumns: () => { id: string; getIsVisible: () => boolean; toggleVisibility: (v?: boolean) => void }[];
};

/** 列: a checkbox per hideable column; the last visible column cannot be hidden. */
function ColumnMenu<T extends RowData>({ table, columns, idPrefix }: { table: MenuTable; columns: readonly DataColumn<T>[]; idPrefix: string }) {
  const { t } = useTranslation();
  const all = table.getAllLeafColumns();
  const visibleCount = all.filter((c) => c.getIsVisible()).length;
  const hidden = all.filter((c) => !c.getIsVisible()).length;
  return (
    <details className="col-menu">
      <summary className="btn btn--small" data-testid={`${idPrefix}-columns`}>
        {hidden > 0 ? t("table.columnsHidden", { count: hidden }) : t("table.columns")}
      </summary>
      <div className="col-menu__list" role="group" aria-label={t("table.columns")}>
        {columns
          .filter((c) => c.hideable !== false)
          .map((c) => {
            const col = all.find((x) => x.id === c.id);
            const on = col?.getIsVisible() ?? true;
            return (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  data-testid={`${idPrefix}-column-${c.id}`}
                  checked={on}
                  disabled={on && visibleCount <= 1}
                  onChange={(e) => col?.toggleVisibility(e.target.checked)}
                />
                {c.label ?? (typeof c.header === "string" ? c.header : c.id)}
              </label>
            );
          })}
      </div>
    </details>
  );
}
