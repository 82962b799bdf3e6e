// 导入历史台账: choose a CSV (UTF-8) or Excel file of past generation entries; the core checks
// every row (writes nothing) with progress, then shows the problems — the import stays disabled
// until the file is fixed and chosen again — or a sample, and posts all rows or none.
// Either run is a job of the app's registry: its first progress report names it, and cancelling
// asks the registry to stop that job; the core then writes nothing and answers `Cancelled`.
import { useRef, useState, type ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  importCommit,
  importPreview,
  type ImportPreview,
  type JobProgress,
} from "../../ipc/api";
import { messageText, placeError } from "../../lib/errors";
import { isCancelled, useJob } from "../../lib/useJob";
import { FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";

type Run = "preview" | "commit";
type Props = { onClose: () => void; onImported: (result: ImportPreview) => void };

/** The run's progress: a bar and "done / total" (indeterminate until the first report). */
export function ImportProgressBar({ progress, label }: { progress: JobProgress | null; label: string }) {
  const { t } = useTranslation();
  const known = progress !== null && progress.total > 0;
  return (
    <div className="import__progress" role="status">
      <span>{label}</span>
      <progress
        data-testid="import-progress"
        aria-label={label}
        value={known ? progress.done : undefined}
        max={known ? progress.total : undefined}
      />
      {known ? (
        <span data-testid="import-progress-text">{t("import.progress", { done: progress.done, total: progress.total })}</span>
      ) : null}
    </div>
  );
}

export function ImportDialog({ onClose, onImported }: Props) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [running, setRunning] = useState<Run | null>(null);
  const job = useJob();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  // Each run gets a number; results and progress of a run that is no longer current are dropped.
  const runId = useRef(0);

  const run = async (kind: Run, chosen: File) => {
    const id = ++runId.current;
    job.start();
    setRunning(kind);
    setFormError(null);
    setCancelled(false);
    const report = (p: JobProgress) => {
      if (runId.current === id) job.onProgress(p);
    };
    try {
      const result = await (kind === "preview" ? importPreview : importCommit)(chosen, report);
      if (runId.current !== id) return;
      if (kind === "preview") {
        setPreview(result);
      } else {
        setImported(result.rows);
        onImported(result);
      }
    } catch (e) {
      if (runId.current !== id) return;
      if (isCancelled(e)) {
        setCancelled(true);
      } else {
        setFormError(placeError(e, t, []).form);
      }
    } finally {
      if (runId.current === id) {
        setRunning(null);
        job.finish();
      }
    }
  };

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = e.target.files?.[0] ?? null;
    // Cleared so that choosing the same (fixed) file again fires another change.
    e.target.value = "";
    if (!chosen) return;
    setFile(chosen);
    setPreview(null);
    setImported(null);
    void run("preview", chosen);
  };

  const cancel = () => {
    job.cancel().catch((e: unknown) => setFormError(placeError(e, t, []).form));
  };

  const close = () => {
    if (running) cancel();
    onClose();
  };

  const ready = preview !== null && preview.errors.length === 0 && preview.rows > 0;
  return (
    <Modal title={t("import.title")} onClose={close} testId="import-dialog" wide>
      <div className="field">
        <label htmlFor="import-file">{t("import.file")}</label>
        <input
          id="import-file"
          type="file"
          accept=".csv,.xlsx"
          data-testid="import-file"
          aria-describedby="import-file-hint"
          disabled={running !== null || imported !== null}
          onChange={choose}
        />
        <div className="import__hint muted" id="import-file-hint">
          <div>{t("import.columns")}</div>
          <div>{t("import.utf8")}</div>
        </div>
      </div>

      <FormError message={formError} />
      {cancelled ? (
        <div className="toast" role="status" data-testid="import-cancelled">
          {t("import.cancelled")}
        </div>
      ) : null}

      {running ? (
        <div className="import__running">
          <ImportProgressBar
            progress={job.progress}
            label={t(running === "preview" ? "import.checking" : "import.posting", { name: file?.name ?? "" })}
          />
          <button type="button" className="btn" data-testid="import-cancel" onClick={cancel}>
            {t("import.cancel")}
          </button>
        </div>
      ) : null}

      {imported !== null ? (
        <div className="toast" role="status" data-testid="import-done">
          {t("import.done", { n: imported })}
        </div>
      ) : null}

      {preview && !running && imported === null ? <PreviewResult preview={preview} /> : null}

      <div className="form-actions">
        {preview && preview.errors.length > 0 && !running ? (
          <span className="form-actions__note form-error" role="alert" data-testid="import-blocked">
            {t("import.blocked")}
          </span>
        ) : null}
        <button type="button" className="btn" onClick={close}>
          {t("common.close")}
        </button>
        {imported === null && preview ? (
          <button
            type="button"
            className="btn btn--primary"
            data-testid="import-commit"
            disabled={!ready || running !== null || file === null}
            onClick={() => file && void run("commit", file)}
          >
            {t("import.commit", { n: preview.rows })}
          </button>
        ) : null}
      </div>
    </Modal>
  );
}

function PreviewResult({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  return (
    <div className="import__result" data-testid="import-result">
      <p data-testid="import-summary">{t("import.summary", { rows: preview.rows, kg: preview.total_kg })}</p>
      {preview.errors.length > 0 ? (
        <>
          <p>{t("import.problems", { n: preview.errors.length })}</p>
          <div className="table-wrap import__table">
            <table className="table" data-testid="import-errors">
              <thead>
                <tr>
                  <th className="num">{t("import.cols.row")}</th>
                  <th>{t("import.cols.column")}</th>
                  <th>{t("import.cols.reason")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.errors.map((e, i) => (
                  <tr key={`${e.row}-${e.column}-${i}`} data-testid="import-error">
                    <td className="num">{e.row}</td>
                    <td>{e.column}</td>
                    <td className="import__reason">{messageText(t, e.message) ?? e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <>
          <p>{t("import.sampleTitle", { n: preview.sample.length })}</p>
          <div className="table-wrap import__table">
            <table className="table" data-testid="import-sample">
              <thead>
                <tr>
                  <th className="num">{t("import.cols.row")}</th>
                  <th>{t("import.cols.batch")}</th>
                  <th>{t("import.cols.at")}</th>
                  <th>{t("import.cols.code")}</th>
                  <th className="num">{t("import.cols.kg")}</th>
                  <th>{t("import.cols.container")}</th>
                </tr>
              </thead>
              <tbody>
                {preview.sample.map((r) => (
                  <tr key={r.row}>
                    <td className="num">{r.row}</td>
                    <td>{r.batch_code ?? <span className="muted">{t("import.autoBatch")}</span>}</td>
                    <td>{r.generated_at}</td>
                    <td>{r.code}</td>
                    <td className="num">{r.quantity_kg}</td>
                    <td>{r.container_id}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
