// 导入: a monitor file — an HJ 212 packet log (one packet per line) or a CSV/xlsx export (a time
// column and one column per parameter, for the outfall and interval chosen). The import is a
// job of the app's registry: a real progress bar and a cancel that writes nothing. Then the
// result: packets accepted and refused by reason, readings accepted / duplicates / refused,
// exceedances found, the first refusals — and the batch can be voided as a whole.
import { useRef, useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { waterBatchVoid, waterImport, type ImportResult, type Interval, type JobProgress, type Outfall } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { isCancelled, useJob } from "../../lib/useJob";
import { FormError } from "../../components/Field";
import { ReasonDialog } from "../../components/ReasonDialog";
import { TABLE_INTERVALS } from "./format";

type Format = "hj212" | "table";
type Props = { outfalls: Outfall[]; canWrite: boolean; onImported: () => void };

const formatOf = (name: string): Format => (/\.(csv|xlsx)$/i.test(name) ? "table" : "hj212");

export function ImportTab({ outfalls, canWrite, onImported }: Props) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<Format>("hj212");
  const [chosen, setOutfall] = useState("");
  const outfall = outfalls.some((o) => o.code === chosen) ? chosen : (outfalls[0]?.code ?? "");
  const [interval, setIntervalKind] = useState<Interval>("hour");
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [voiding, setVoiding] = useState(false);
  const [voided, setVoided] = useState(false);
  const job = useJob();
  const runId = useRef(0);

  const choose = (f: File | null) => {
    if (!f) return;
    setFile(f);
    setFormat(formatOf(f.name));
    setResult(null);
    setError(null);
    setCancelled(false);
    setVoided(false);
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    choose(e.dataTransfer.files?.[0] ?? null);
  };

  const run = async () => {
    if (!file) return;
    const id = ++runId.current;
    job.start();
    setRunning(true);
    setError(null);
    setCancelled(false);
    setResult(null);
    setVoided(false);
    const report = (p: JobProgress) => {
      if (runId.current === id) job.onProgress(p);
    };
    try {
      const spec = format === "hj212" ? ({ format } as const) : ({ format, outfall, interval } as const);
      const r = await waterImport(file, spec, report);
      if (runId.current !== id) return;
      setResult(r);
      onImported();
    } catch (e) {
      if (runId.current !== id) return;
      if (isCancelled(e)) setCancelled(true);
      else setError(placeError(e, t, []).form);
    } finally {
      if (runId.current === id) {
        setRunning(false);
        job.finish();
      }
    }
  };

  const p = job.progress;
  const known = p !== null && p.total > 0;
  return (
    <section className="panel water-import" data-testid="water-import">
      <div
        className="water-import__drop"
        data-testid="water-import-drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={drop}
      >
        <label htmlFor="water-import-file">{t("water.import.file")}</label>
        <input
          id="water-import-file"
          type="file"
          accept=".txt,.log,.dat,.csv,.xlsx"
          data-testid="water-import-file"
          disabled={running || !canWrite}
          onChange={(e) => {
            choose(e.target.files?.[0] ?? null);
            e.target.value = "";
          }}
        />
        <span className="muted">{file ? file.name : t("water.import.dropHint")}</span>
      </div>
      <div className="filters">
        <label>
          {t("water.import.format")}
          <select data-testid="water-import-format" value={format} disabled={running} onChange={(e) => setFormat(e.target.value as Format)}>
            <option value="hj212">{t("water.import.hj212")}</option>
            <option value="table">{t("water.import.table")}</option>
          </select>
        </label>
        {format === "table" ? (
          <>
            <label>
              {t("water.outfall")}
              <select data-testid="water-import-outfall" value={outfall} disabled={running} onChange={(e) => setOutfall(e.target.value)}>
                {outfalls.map((o) => (
                  <option key={o.id} value={o.code}>
                    {o.code} · {o.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t("water.cols.interval")}
              <select
                data-testid="water-import-interval"
                value={interval}
                disabled={running}
                onChange={(e) => setIntervalKind(e.target.value as Interval)}
              >
                {TABLE_INTERVALS.map((i) => (
                  <option key={i} value={i}>
                    {t(`water.interval.${i}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        ) : null}
        <button
          type="button"
          className="btn btn--primary"
          data-testid="water-import-run"
          disabled={!file || running || !canWrite || (format === "table" && !outfall)}
          onClick={() => void run()}
        >
          {t("water.import.run")}
        </button>
      </div>
      <p className="muted">{t(format === "hj212" ? "water.import.hj212Hint" : "water.import.tableHint")}</p>
      {running ? (
        <div className="import__running" role="status">
          <span>{t("water.import.running", { name: file?.name ?? "" })}</span>
          <progress
            data-testid="water-import-progress"
            aria-label={t("water.import.running", { name: file?.name ?? "" })}
            value={known ? p.done : undefined}
            max={known ? p.total : undefined}
          />
          {known ? (
            <span data-testid="water-import-progress-text">
              {t("water.import.progress", { pct: Math.floor((p.done * 100) / p.total) })}
            </span>
          ) : null}
          <button type="button" className="btn" data-testid="water-import-cancel" onClick={() => void job.cancel()}>
            {t("import.cancel")}
          </button>
        </div>
      ) : null}
      <FormError message={error} testId="water-import-error" />
      {cancelled ? (
        <div className="toast" role="status" data-testid="water-import-cancelled">
          {t("import.cancelled")}
        </div>
      ) : null}
      {result ? <ImportSummary r={result} voided={voided} onVoid={canWrite ? () => setVoiding(true) : undefined} /> : null}
      {voiding && result ? (
        <ReasonDialog
          idPrefix="water-batch-void"
          title={t("water.import.voidTitle")}
          intro={t("water.import.voidIntro", { name: file?.name ?? "", n: result.batch.accepted })}
          place={(e) => placeError(e, t, ["reason"])}
          action={async (reason) => {
            await waterBatchVoid(result.batch.batch_id, reason);
            setVoiding(false);
            setVoided(true);
            onImported();
          }}
          onClose={() => setVoiding(false)}
        />
      ) : null}
    </section>
  );
}

function ImportSummary({ r, voided, onVoid }: { r: ImportResult; voided: boolean; onVoid?: () => void }) {
  const { t } = useTranslation();
  const reason = (k: string) => t(`water.rejection.${k}`, { defaultValue: k });
  const packetReasons = r.packets ? Object.entries(r.packets.by_reason) : [];
  // The batch counts refused packets again as `packet_<reason>`; listed once, under the packets.
  const readingReasons = Object.entries(r.batch.rejections).filter(([k]) => !k.startsWith("packet_"));
  const readingsRejected = readingReasons.reduce((n, [, v]) => n + v, 0);
  return (
    <div className="import__result" data-testid="water-import-result">
      {r.packets ? (
        <p data-testid="water-import-packets">
          {t("water.import.packets", { accepted: r.packets.accepted, rejected: r.packets.rejected, notData: r.packets.not_data })}
        </p>
      ) : (
        <p data-testid="water-import-rows">{t("water.import.rows", { n: r.rows })}</p>
      )}
      {packetReasons.length > 0 ? (
        <ul data-testid="water-import-packet-reasons">
          {packetReasons.map(([k, n]) => (
            <li key={k}>{t("water.import.byReason", { reason: reason(k), n })}</li>
          ))}
        </ul>
      ) : null}
      <p data-testid="water-import-readings">
        {t("water.import.readings", { accepted: r.batch.accepted, duplicates: r.batch.duplicates, rejected: readingsRejected })}
      </p>
      {readingReasons.length > 0 ? (
        <ul data-testid="water-import-reading-reasons">
          {readingReasons.map(([k, n]) => (
            <li key={k}>{t("water.import.byReason", { reason: reason(k), n })}</li>
          ))}
        </ul>
      ) : null}
      <p data-testid="water-import-exceedances" className={r.batch.exceedances > 0 ? "form-error" : undefined}>
        {t("water.import.exceedances", { n: r.batch.exceedances })}
      </p>
      {r.packets && r.packets.first_refusals.length > 0 ? (
        <details data-testid="water-import-refusals">
          <summary>{t("water.import.firstRefusals", { n: r.packets.first_refusals.length })}</summary>
          <ol className="mono">
            {r.packets.first_refusals.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ol>
        </details>
      ) : null}
      <p className="muted mono">
        {t("water.import.batch", { id: r.batch.batch_id })}{" "}
        {voided ? (
          <span className="badge badge--voided" data-testid="water-import-voided">
            {t("water.voided")}
          </span>
        ) : onVoid ? (
          <button type="button" className="btn btn--small" data-testid="water-import-void" onClick={onVoid}>
            {t("water.import.void")}
          </button>
        ) : null}
      </p>
    </div>
  );
}
