// 一般固废: general industrial solid waste — the streams with their stock, generation and
// outbound records (outbound along a GRI 306 route, on site or to a receiver) for a period, and
// the GRI 306 figures for the same period (both ledgers). The core keeps every figure; this
// screen formats and draws them.
import { trimTonnes } from "../../lib/quantity";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  griWaste,
  listSwRecords,
  listSwStreams,
  voidSwRecord,
  type SwRecord,
  type SwStream,
} from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { displayLocal, localDateTimeIn } from "../../lib/time";
import { FormError } from "../../components/Field";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { DATE_RE, defaultPeriod, placeSolidError } from "./SolidShared";
import { SolidStreamDialog } from "./SolidStreamDialog";
import { SolidRecordDialog, type SwRecordKind } from "./SolidRecordDialog";
import { ReasonDialog } from "../../components/ReasonDialog";
import { GriPanel } from "./GriPanel";
import { recordStatusColumns, voidableRows, voidReason } from "./recordStatusColumns";
import { DateInput } from "../../components/DateInput";

type Props = { canWrite: boolean; timezone: string };

export function SolidWasteTab({ canWrite, timezone }: Props) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState(() => defaultPeriod(localDateTimeIn(timezone).slice(0, 10)));
  const [streamFilter, setStreamFilter] = useState("");
  const [includeVoided, setIncludeVoided] = useState(false);
  const [addingStream, setAddingStream] = useState(false);
  const [recording, setRecording] = useState<SwRecordKind | null>(null);
  const [voiding, setVoiding] = useState<SwRecord | null>(null);
  const [version, setVersion] = useState(0);

  const periodProblem =
    !DATE_RE.test(period.from) || !DATE_RE.test(period.to)
      ? t("solid.check.periodRequired")
      : period.from > period.to
        ? t("solid.check.periodOrder")
        : null;

  // Records and GRI figures load separately: the voided toggle changes the list, not the figures.
  const describe = (e: unknown) => placeError(e, t, []).form;
  const skip = periodProblem !== null;
  const streams = useLoad(listSwStreams);
  const records = useLoad(
    () => listSwRecords(period.from, period.to, includeVoided),
    [period.from, period.to, includeVoided, version],
    { skip, describe },
  );
  const gri = useLoad(() => griWaste(period.from, period.to), [period.from, period.to, version], { skip, describe });

  /** After a record or void: the stock, the records and the GRI figures all move. */
  const changed = async () => {
    setVersion((v) => v + 1);
    await streams.reload();
  };

  const streamList = streams.data ?? [];
  const shown = useMemo(() => {
    const all = records.data;
    if (!all || !streamFilter) return all;
    const s = streamList.find((x) => x.id === streamFilter);
    return s ? all.filter((r) => r.code === s.code && r.stream_name === s.name) : all;
  }, [records.data, streamFilter, streamList]);

  const streamColumns: DataColumn<SwStream>[] = [
    valueColumn("code", t("solid.fields.code"), (s) => s.code),
    { id: "name", header: t("solid.fields.name"), sortValue: (s) => s.name, cell: (s) => s.name },
    {
      id: "form",
      header: t("solid.fields.physicalForm"),
      cell: (s) => t(`stream.forms.${s.physical_form}`, { defaultValue: s.physical_form }),
    },
    { id: "process", header: t("solid.fields.process"), cell: (s) => s.process || <span className="muted">—</span> },
    {
      id: "stock",
      header: t("solid.streams.stock"),
      numeric: true,
      className: "mono",
      sortValue: (s) => Number(s.stock_t),
      cell: (s) => (
        <span data-testid="sw-stream-stock" title={`${s.stock_t} t`}>
          {trimTonnes(s.stock_t)} t
        </span>
      ),
    },
  ];

  const recordColumns: DataColumn<SwRecord>[] = [
    valueColumn("batch", t("solid.col.batch"), (r) => r.batch_code),
    { id: "at", header: t("solid.col.at"), className: "mono", sortValue: (r) => r.at_local, cell: (r) => displayLocal(r.at_local) },
    {
      id: "kind",
      header: t("solid.col.kind"),
      cell: (r) => (
        <span className={`badge ${r.kind === "outbound" ? "badge--none" : "badge--ok"}`}>
          {t(`solid.kinds.${r.kind}`, { defaultValue: r.kind })}
        </span>
      ),
    },
    {
      id: "stream",
      header: t("solid.col.stream"),
      sortValue: (r) => r.stream_name,
      cell: (r) => (
        <>
          {r.stream_name} <span className="mono muted">{r.code}</span>
        </>
      ),
    },
    {
      id: "quantity",
      header: t("solid.col.quantity"),
      numeric: true,
      className: "mono",
      sortValue: (r) => Number(r.quantity_t),
      cell: (r) => trimTonnes(r.quantity_t),
    },
    {
      id: "route",
      header: t("solid.col.route"),
      cell: (r) => (r.route ? t(`solid.routes.${r.route}`, { defaultValue: r.route }) : <span className="muted">—</span>),
    },
    {
      id: "receiver",
      header: t("solid.col.receiver"),
      cell: (r) =>
        r.kind !== "outbound" ? (
          <span className="muted">{r.storage_place || "—"}</span>
        ) : r.onsite ? (
          t("solid.onsite")
        ) : (
          <>
            {r.receiver_name}
            {r.receiver_uscc ? <span className="mono muted"> {r.receiver_uscc}</span> : null}
          </>
        ),
    },
    {
      id: "document",
      header: t("solid.col.documentNo"),
      className: "mono",
      cell: (r) => r.document_no || <span className="muted">—</span>,
    },
    ...recordStatusColumns<SwRecord>({
      t,
      reason: (r) => voidReason(t, r),
      canVoid: canWrite,
      onVoid: setVoiding,
      voidTestId: "sw-void-open",
    }),
  ];

  return (
    <div className="solid">
      <section className="panel" data-testid="sw-streams-panel">
        <div className="panel__head">
          <h2>{t("solid.streams.title")}</h2>
          {canWrite ? (
            <div className="solid__actions">
              <button type="button" className="btn" data-testid="sw-stream-open" onClick={() => setAddingStream(true)}>
                {t("solid.streams.add")}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                data-testid="sw-generation-open"
                disabled={streamList.length === 0}
                onClick={() => setRecording("generation")}
              >
                {t("solid.recordGeneration")}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                data-testid="sw-outbound-open"
                disabled={streamList.length === 0}
                onClick={() => setRecording("outbound")}
              >
                {t("solid.recordOutbound")}
              </button>
            </div>
          ) : null}
        </div>
        <DataTable
          columns={streamColumns}
          data={streams.data}
          idPrefix="sw-streams"
          rowTestId="sw-stream-row"
          loading={streams.loading}
          error={streams.error}
          empty={t("solid.streams.empty")}
          columnMenu={false}
        />
      </section>

      <div className="filters solid__filters">
        <label>
          {t("ledger.from")}
          <DateInput
            data-testid="sw-filter-from"
            value={period.from}
            onChange={(v) => setPeriod((p) => ({ ...p, from: v }))}
          />
        </label>
        <label>
          {t("ledger.to")}
          <DateInput data-testid="sw-filter-to" value={period.to} onChange={(v) => setPeriod((p) => ({ ...p, to: v }))} />
        </label>
        <label>
          {t("solid.fields.stream")}
          <select data-testid="sw-filter-stream" value={streamFilter} onChange={(e) => setStreamFilter(e.target.value)}>
            <option value="">{t("ledger.allStreams")}</option>
            {streamList.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" data-testid="sw-filter-voided" checked={includeVoided} onChange={(e) => setIncludeVoided(e.target.checked)} />
          {t("solid.includeVoided")}
        </label>
      </div>
      <FormError message={periodProblem} testId="sw-period-error" />

      <GriPanel gri={gri.data} error={gri.error} />

      <section className="panel">
        <div className="panel__head">
          <h2>{t("solid.records.title")}</h2>
          <span className="muted" data-testid="sw-records-count">
            {t("ledger.total", { count: shown?.length ?? 0 })}
          </span>
        </div>
        <DataTable
          columns={recordColumns}
          data={shown}
          {...voidableRows<SwRecord>(t)}
          idPrefix="sw-records"
          rowTestId="sw-record-row"
          loading={records.loading}
          error={records.error}
          empty={t("ledger.empty")}
        />
      </section>

      {addingStream ? (
        <SolidStreamDialog
          onClose={() => setAddingStream(false)}
          onAdded={async () => {
            setAddingStream(false);
            await streams.reload();
          }}
        />
      ) : null}
      {recording ? (
        <SolidRecordDialog
          kind={recording}
          streams={streamList}
          onClose={() => setRecording(null)}
          onRecorded={async () => {
            setRecording(null);
            await changed();
          }}
        />
      ) : null}
      {voiding ? (
        <ReasonDialog
          idPrefix="sw-void"
          title={t("void.title")}
          intro={t("void.intro", { batch: voiding.batch_code })}
          place={(e) => placeSolidError(e, t, ["reason"])}
          action={async (reason) => {
            await voidSwRecord(voiding.id, reason);
            setVoiding(null);
            await changed();
          }}
          onClose={() => setVoiding(null)}
        />
      ) : null}
    </div>
  );
}
