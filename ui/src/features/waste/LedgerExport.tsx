// 导出: the month's ledger as an Excel workbook or a PDF, written by the core; shows the path.
// `children` (e.g. the import button) sit at the end of the same bar.
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { exportLedger, type LedgerFormat } from "../../ipc/api";
import { localDateTimeIn } from "../../lib/time";
import { useExport } from "./useExport";
import { JobStatus } from "../../components/JobStatus";
import { MonthInput } from "../../components/DateInput";

export function LedgerExport({ timezone, children }: { timezone: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(() => localDateTimeIn(timezone).slice(0, 7));
  const [monthError, setMonthError] = useState<string | null>(null);
  const exp = useExport();

  const run = (format: LedgerFormat) => {
    if (!/^\d{4}-\d{2}$/.test(month)) {
      setMonthError(t("export.monthRequired"));
      return;
    }
    setMonthError(null);
    void exp.run((onProgress) => exportLedger(month, format, onProgress));
  };

  const message = monthError ?? exp.error;
  return (
    <div className="export">
      <div className="filters">
        <label>
          {t("export.month")}
          <MonthInput data-testid="export-month" aria-invalid={monthError ? true : undefined} value={month} onChange={setMonth} />
        </label>
        <button type="button" className="btn" data-testid="export-xlsx" disabled={exp.busy} onClick={() => run("xlsx")}>
          {t("export.xlsx")}
        </button>
        <button type="button" className="btn" data-testid="export-pdf" disabled={exp.busy} onClick={() => run("pdf")}>
          {t("export.pdf")}
        </button>
        {children}
      </div>
      <JobStatus busy={exp.busy} progress={exp.progress} cancelled={exp.cancelled} onCancel={exp.cancel} testId="export-job" />
      {exp.path || message ? (
        <div
          className={message ? "form-error" : "toast"}
          role={message ? "alert" : "status"}
          data-testid="export-result"
        >
          {message ?? t("export.savedTo", { path: exp.path })}
        </div>
      ) : null}
    </div>
  );
}
