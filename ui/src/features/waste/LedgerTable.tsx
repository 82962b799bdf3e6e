// Paged generation ledger with filters, header sorting and per-row void.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  listGeneration,
  voidGeneration,
  type GenerationEntry,
  type LedgerPage,
  type LedgerQuery,
  type LedgerSort,
  type WasteStream,
} from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { groupThousands } from "../../lib/quantity";
import { displayLocal } from "../../lib/time";
import { ReasonDialog } from "../../components/ReasonDialog";
import { FormError } from "../../components/Field";
import { RecordStatusCells } from "./RecordStatusCells";

export const PAGE_SIZE = 50;

type Filters = { from: string; to: string; streamId: string; includeVoided: boolean };

type Props = {
  streams: WasteStream[];
  canVoid: boolean;
  /** bump to reload the current page (after a new entry) */
  version: number;
  onChanged: () => void;
};

export function LedgerTable({ streams, canVoid, version, onChanged }: Props) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({ from: "", to: "", streamId: "", includeVoided: false });
  const [sort, setSort] = useState<LedgerSort>("generated_at_desc");
  const [page, setPage] = useState(0);
  const [data, setData] = useState<LedgerPage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<GenerationEntry | null>(null);
  const requestNo = useRef(0);

  useEffect(() => {
    const query: LedgerQuery = {
      from_date: filters.from || null,
      to_date: filters.to || null,
      stream_id: filters.streamId || null,
      code: null,
      include_voided: filters.includeVoided,
      sort,
      page,
      page_size: PAGE_SIZE,
    };
    const mine = ++requestNo.current;
    setLoading(true);
    listGeneration(query).then(
      (result) => {
        if (mine !== requestNo.current) return; // a newer request superseded this one
        setData(result);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== requestNo.current) return;
        setError(t("ledger.loadFailed", { message: placeError(e, t, []).detail ?? String(e) }));
        setLoading(false);
      },
    );
  }, [filters, sort, page, version, t]);

  const setFilter = <K extends keyof Filters>(k: K, v: Filters[K]) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setPage(0);
  };

  const toggleSort = (column: "generated_at" | "quantity") => {
    setSort((s) => (s === `${column}_desc` ? `${column}_asc` : `${column}_desc`));
    setPage(0);
  };

  const ariaSort = (column: "generated_at" | "quantity") =>
    sort === `${column}_asc` ? "ascending" : sort === `${column}_desc` ? "descending" : undefined;
  const arrow = (column: "generated_at" | "quantity") =>
    sort === `${column}_asc` ? " ▲" : sort === `${column}_desc` ? " ▼" : "";

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const rows = data?.rows ?? [];
  const columns = canVoid ? 11 : 10;

  return (
    <div className="panel ledger">
      <div className="panel__head">
        <h2>{t("ledger.title")}</h2>
        <div className="filters">
          <label>
            {t("ledger.from")}
            <input
              type="date"
              data-testid="filter-from"
              value={filters.from}
              onChange={(e) => setFilter("from", e.target.value)}
            />
          </label>
          <label>
            {t("ledger.to")}
            <input type="date" data-testid="filter-to" value={filters.to} onChange={(e) => setFilter("to", e.target.value)} />
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
      <FormError message={error} testId="ledger-error" />
      <div className="table-wrap">
        <table className="table" data-testid="ledger-table" aria-busy={loading}>
          <thead>
            <tr>
              <th>{t("ledger.colBatch")}</th>
              <th aria-sort={ariaSort("generated_at")}>
                <button type="button" className="th-sort" data-testid="sort-generated-at" onClick={() => toggleSort("generated_at")}>
                  {t("ledger.colAt")}
                  {arrow("generated_at")}
                </button>
              </th>
              <th>{t("ledger.colStream")}</th>
              <th>{t("ledger.colCode")}</th>
              <th>{t("ledger.colCategory")}</th>
              <th className="num" aria-sort={ariaSort("quantity")}>
                <button type="button" className="th-sort" data-testid="sort-quantity" onClick={() => toggleSort("quantity")}>
                  {t("ledger.colQuantity")}
                  {arrow("quantity")}
                </button>
              </th>
              <th>{t("ledger.colContainer")}</th>
              <th>{t("ledger.colArea")}</th>
              <th>{t("ledger.colRecordedBy")}</th>
              <th>{t("ledger.colStatus")}</th>
              {canVoid ? <th>{t("ledger.colActions")}</th> : null}
            </tr>
          </thead>
          <tbody className={loading && rows.length > 0 ? "is-stale" : undefined}>
            {rows.map((r) => {
              const reason = r.voided ? t("ledger.voidReason", { reason: r.void_reason ?? "" }) : undefined;
              return (
                <tr key={r.id} data-testid="ledger-row" className={r.voided ? "row--voided" : undefined} title={reason}>
                  <td className="mono">{r.batch_code}</td>
                  <td className="mono">{displayLocal(r.generated_at_local)}</td>
                  <td>{r.stream_name ?? <span className="muted">—</span>}</td>
                  <td className="mono">{r.code}</td>
                  <td>{r.category}</td>
                  <td className="num mono">{groupThousands(r.quantity_kg)}</td>
                  <td>{r.container_id}</td>
                  <td>{r.storage_area}</td>
                  <td>{r.recorded_by_name}</td>
                  <RecordStatusCells
                    voided={r.voided}
                    reason={reason}
                    canVoid={canVoid}
                    onVoid={() => setVoiding(r)}
                    voidTestId="void-open"
                  />
                </tr>
              );
            })}
            {rows.length === 0 ? (
              <tr className="table__placeholder">
                <td colSpan={columns} data-testid={loading ? "ledger-loading" : "ledger-empty"}>
                  {loading ? t("ledger.loading") : t("ledger.empty")}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <div className="pager">
        <span data-testid="ledger-total">
          {t("ledger.total", { count: total })}
          {data ? (
            <>
              {" · "}
              <span data-testid="ledger-total-kg">{t("ledger.totalKg", { kg: groupThousands(data.total_kg) })}</span>
            </>
          ) : null}
        </span>
        <span className="pager__nav">
          <button
            type="button"
            className="btn btn--small"
            data-testid="ledger-prev"
            disabled={page === 0 || loading}
            onClick={() => setPage((p) => Math.max(0, p - 1))}
          >
            {t("ledger.prev")}
          </button>
          <span data-testid="ledger-page">{t("ledger.page", { page: page + 1, pages })}</span>
          <button
            type="button"
            className="btn btn--small"
            data-testid="ledger-next"
            disabled={page + 1 >= pages || loading}
            onClick={() => setPage((p) => p + 1)}
          >
            {t("ledger.next")}
          </button>
        </span>
      </div>
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
