// 一般固废: general industrial solid waste — the streams with their stock, generation and
// outbound records (outbound along a GRI 306 route, on site or to a receiver) for a period, and
// the GRI 306 figures for the same period (both ledgers). The core keeps every figure; this
// screen formats and draws them.
import { trimTonnes } from "../../lib/quantity";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  griWaste,
  listSwRecords,
  listSwStreams,
  voidSwRecord,
  type GriWaste,
  type SwRecord,
  type SwStream,
} from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { displayLocal, localDateTimeIn } from "../../lib/time";
import { FormError } from "../../components/Field";
import { DATE_RE, defaultPeriod, placeSolidError } from "./SolidShared";
import { SolidStreamDialog } from "./SolidStreamDialog";
import { SolidRecordDialog, type SwRecordKind } from "./SolidRecordDialog";
import { ReasonDialog } from "../../components/ReasonDialog";
import { GriPanel } from "./GriPanel";
import { RecordStatusCells } from "./RecordStatusCells";

type Props = { canWrite: boolean; timezone: string };

export function SolidWasteTab({ canWrite, timezone }: Props) {
  const { t } = useTranslation();
  const streams = useLoad(useCallback(() => listSwStreams(), []));
  const [period, setPeriod] = useState(() => defaultPeriod(localDateTimeIn(timezone).slice(0, 10)));
  const [streamFilter, setStreamFilter] = useState("");
  const [includeVoided, setIncludeVoided] = useState(false);
  const [records, setRecords] = useState<SwRecord[] | null>(null);
  const [gri, setGri] = useState<GriWaste | null>(null);
  const [recordsError, setRecordsError] = useState<string | null>(null);
  const [griError, setGriError] = useState<string | null>(null);
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
  const recordsNo = useRef(0);
  const griNo = useRef(0);
  const fail = useCallback((e: unknown) => placeError(e, t, []).form, [t]);

  useEffect(() => {
    if (periodProblem) return;
    const no = ++recordsNo.current;
    listSwRecords(period.from, period.to, includeVoided).then(
      (r) => {
        if (no !== recordsNo.current) return;
        setRecords(r);
        setRecordsError(null);
      },
      (e: unknown) => no === recordsNo.current && setRecordsError(fail(e)),
    );
  }, [period.from, period.to, includeVoided, version, periodProblem, fail]);

  useEffect(() => {
    if (periodProblem) return;
    const no = ++griNo.current;
    griWaste(period.from, period.to).then(
      (g) => {
        if (no !== griNo.current) return;
        setGri(g);
        setGriError(null);
      },
      (e: unknown) => no === griNo.current && setGriError(fail(e)),
    );
  }, [period.from, period.to, version, periodProblem, fail]);

  /** After a record or void: the stock, the records and the GRI figures all move. */
  const changed = async () => {
    setVersion((v) => v + 1);
    await streams.reload();
  };

  const streamList = streams.data ?? [];
  const shown = useMemo(() => {
    const all = records ?? [];
    if (!streamFilter) return all;
    const s = streamList.find((x) => x.id === streamFilter);
    return s ? all.filter((r) => r.code === s.code && r.stream_name === s.name) : all;
  }, [records, streamFilter, streamList]);
  const columns = canWrite ? 10 : 9;

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
        <FormError message={streams.error} />
        <div className="table-wrap">
          <table className="table" data-testid="sw-streams-table" aria-busy={streams.data === null}>
            <thead>
              <tr>
                <th>{t("solid.fields.code")}</th>
                <th>{t("solid.fields.name")}</th>
                <th>{t("solid.fields.physicalForm")}</th>
                <th>{t("solid.fields.process")}</th>
                <th className="num">{t("solid.streams.stock")}</th>
              </tr>
            </thead>
            <tbody>
              {streamList.map((s: SwStream) => (
                <tr key={s.id} data-testid="sw-stream-row">
                  <td className="mono">{s.code}</td>
                  <td>{s.name}</td>
                  <td>{t(`stream.forms.${s.physical_form}`, { defaultValue: s.physical_form })}</td>
                  <td>{s.process || <span className="muted">—</span>}</td>
                  <td className="num mono" data-testid="sw-stream-stock">
                    <span title={`${s.stock_t} t`}>{trimTonnes(s.stock_t)} t</span>
                  </td>
                </tr>
              ))}
              {streams.data !== null && streamList.length === 0 ? (
                <tr className="table__placeholder">
                  <td colSpan={5} data-testid="sw-streams-empty">
                    {t("solid.streams.empty")}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </section>

      <div className="filters solid__filters">
        <label>
          {t("ledger.from")}
          <input
            type="date"
            data-testid="sw-filter-from"
            value={period.from}
            onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))}
          />
        </label>
        <label>
          {t("ledger.to")}
          <input type="date" data-testid="sw-filter-to" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} />
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

      <GriPanel gri={gri} error={griError} />

      <section className="panel">
        <div className="panel__head">
          <h2>{t("solid.records.title")}</h2>
          <span className="muted" data-testid="sw-records-count">
            {t("ledger.total", { count: shown.length })}
          </span>
        </div>
        <FormError message={recordsError} />
        <div className="table-wrap">
          <table className="table" data-testid="sw-records-table" aria-busy={records === null}>
            <thead>
              <tr>
                <th>{t("solid.col.batch")}</th>
                <th>{t("solid.col.at")}</th>
                <th>{t("solid.col.kind")}</th>
                <th>{t("solid.col.stream")}</th>
                <th className="num">{t("solid.col.quantity")}</th>
                <th>{t("solid.col.route")}</th>
                <th>{t("solid.col.receiver")}</th>
                <th>{t("solid.col.documentNo")}</th>
                <th>{t("ledger.colStatus")}</th>
                {canWrite ? <th>{t("ledger.colActions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const reason = r.voided && r.void_reason ? t("ledger.voidReason", { reason: r.void_reason }) : undefined;
                const out = r.kind === "outbound";
                return (
                  <tr key={r.id} data-testid="sw-record-row" className={r.voided ? "row--voided" : undefined} title={reason}>
                    <td className="mono">{r.batch_code}</td>
                    <td className="mono">{displayLocal(r.at_local)}</td>
                    <td>
                      <span className={`badge ${out ? "badge--none" : "badge--ok"}`}>{t(`solid.kinds.${r.kind}`, { defaultValue: r.kind })}</span>
                    </td>
                    <td>
                      {r.stream_name} <span className="mono muted">{r.code}</span>
                    </td>
                    <td className="num mono">{trimTonnes(r.quantity_t)}</td>
                    <td>{r.route ? t(`solid.routes.${r.route}`, { defaultValue: r.route }) : <span className="muted">—</span>}</td>
                    <td>
                      {!out ? (
                        <span className="muted">{r.storage_place || "—"}</span>
                      ) : r.onsite ? (
                        t("solid.onsite")
                      ) : (
                        <>
                          {r.receiver_name}
                          {r.receiver_uscc ? <span className="mono muted"> {r.receiver_uscc}</span> : null}
                        </>
                      )}
                    </td>
                    <td className="mono">{r.document_no || <span className="muted">—</span>}</td>
                    <RecordStatusCells
                      voided={r.voided}
                      reason={reason}
                      canVoid={canWrite}
                      onVoid={() => setVoiding(r)}
                      voidTestId="sw-void-open"
                    />
                  </tr>
                );
              })}
              {records !== null && shown.length === 0 ? (
                <tr className="table__placeholder">
                  <td colSpan={columns} data-testid="sw-records-empty">
                    {t("ledger.empty")}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
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
