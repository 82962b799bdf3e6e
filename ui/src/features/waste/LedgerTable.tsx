// Paged generation ledger with filters, header sorting and per-row void. The core pages and
// sorts (a plant's ledger runs to millions of entries); the table shows one page of 50.
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  listGeneration,
  voidGeneration,
  type GenerationEntry,
  type LedgerQuery,
  type LedgerSort,
  type WasteStream,
} from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { groupThousands } from "../../lib/quantity";
import { displayLocal } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { ReasonDialog } from "../../components/ReasonDialog";
import { DataTable, valueColumn, type DataColumn, type SortState } from "../../components/DataTable";
import { recordStatusColumns, voidableRows, voidReason } from "./recordStatusColumns";
import { DateInput } from "../../components/DateInput";

export const PAGE_SIZE = 50;

type Filters = { from: string; to: string; streamId: string; includeVoided: boolean };

type Props = {
  streams: WasteStream[];
  canVoid: boolean;
  /** bump to reload the current page (after a new entry) */
  version: number;
  onChanged: () => void;
};

/** The core's sort keys as a column and a direction, and back. */
const toSortState = (s: LedgerSort): SortState => ({ id: s.replace(/_(asc|desc)$/, ""), desc: s.endsWith("_desc") });
const toLedgerSort = (s: SortState): LedgerSort => `${s.id}_${s.desc ? "desc" : "asc"}` as LedgerSort;

export function LedgerTable({ streams, canVoid, version, onChanged }: Props) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({ from: "", to: "", streamId: "", includeVoided: false });
  const [sort, setSort] = useState<LedgerSort>("generated_at_desc");
  const [page, setPage] = useState(0);
  const [voiding, setVoiding] = useState<GenerationEntry | null>(null);

  const query = useMemo<LedgerQuery>(
    () => ({
      from_date: filters.from || null,
      to_date: filters.to || null,
      stream_id: filters.streamId || null,
      code: null,
      include_voided: filters.includeVoided,
      sort,
      page,
      page_size: PAGE_SIZE,
    }),
    [filters, sort, page],
  );
  const ledger = useLoad(() => listGeneration(query), [query, version], {
    describe: (e) => t("ledger.loadFailed", { message: placeError(e, t, []).detail ?? String(e) }),
  });
  const data = ledger.data;

  const setFilter = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setPage(0);
  };

  const changeSort = (s: SortState) => {
    setSort(toLedgerSort(s));
    setPage(0);
  };

  const columns: DataColumn<GenerationEntry>[] = [
    valueColumn("batch", t("ledger.colBatch"), (r) => r.batch_code, { sortValue: undefined }),
    {
      id: "generated_at",
      header: t("ledger.colAt"),
      className: "mono",
      sortable: true,
      sortDescFirst: true,
      sortTestId: "sort-generated-at",
      cell: (r) => displayLocal(r.generated_at_local),
    },
    { id: "stream", header: t("ledger.colStream"), cell: (r) => r.stream_name ?? <span className="muted">—</span> },
    valueColumn("code", t("ledger.colCode"), (r) => r.code, { sortValue: undefined }),
    { id: "category", header: t("ledger.colCategory"), cell: (r) => r.category },
    {
      id: "quantity",
      header: t("ledger.colQuantity"),
      numeric: true,
      className: "mono",
      sortable: true,
      sortDescFirst: true,
      sortTestId: "sort-quantity",
      cell: (r) => groupThousands(r.quantity_kg),
    },
    { id: "container", header: t("ledger.colContainer"), cell: (r) => r.container_id },
    { id: "area", header: t("ledger.colArea"), cell: (r) => r.storage_area },
    { id: "recorded_by", header: t("ledger.colRecordedBy"), cell: (r) => r.recorded_by_name },
    ...recordStatusColumns<GenerationEntry>({
      t,
      reason: (r) => voidReason(t, r),
      canVoid,
      onVoid: setVoiding,
      voidTestId: "void-open",
    }),
  ];

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <div className="panel ledger">
      <div className="panel__head">
        <h2>{t("ledger.title")}</h2>
        <div className="filters">
          <label>
            {t("ledger.from")}
            <DateInput
              data-testid="filter-from"
              value={filters.from}
              onChange={(v) => setFilter("from", v)}
            />
          </label>
          <label>
            {t("ledger.to")}
            <DateInput data-testid="filter-to" value={filters.to} onChange={(v) => setFilter("to", v)} />
          </label>
          <label>
            {t("ledger.stream")}
            <select
              data-testid="filter-stream"
              value={filters.streamId}
              onChange={(e) => setFilter("streamId", e.target.value)}
            >
              <option value="">{t("ledger.allStreams")}</option>
              {streams.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input
              type="checkbox"
              data-testid="filter-voided"
              checked={filters.includeVoided}
              onChange={(e) => setFilter("includeVoided", e.target.checked)}
            />
            {t("ledger.includeVoided")}
          </label>
        </div>
      </div>
      <DataTable
        columns={columns}
        data={data?.rows ?? null}
        {...voidableRows<GenerationEntry>(t)}
        idPrefix="ledger"
        rowTestId="ledger-row"
        loading={ledger.loading}
        loadingText={t("ledger.loading")}
        error={ledger.error}
        empty={t("ledger.empty")}
        sort={{ value: toSortState(sort), onChange: changeSort }}
        summary={
          <span data-testid="ledger-total">
            {t("ledger.total", { count: total })}
            {data ? (
              <>
                {" · "}
                <span data-testid="ledger-total-kg">{t("ledger.totalKg", { kg: groupThousands(data.total_kg) })}</span>
              </>
            ) : null}
          </span>
        }
        paging={{ page, pageCount: pages, onPage: setPage, disabled: ledger.loading }}
      />
      {voiding ? (
        <ReasonDialog
          idPrefix="void"
          title={t("void.title")}
          intro={t("void.intro", { batch: voiding.batch_code })}
          place={(e) => placeError(e, t, ["reason"])}
          action={async (reason) => {
            await voidGeneration({ id: voiding.id, reason });
            setVoiding(null);
            onChanged();
          }}
          onClose={() => setVoiding(null)}
        />
      ) : null}
    </div>
  );
}
