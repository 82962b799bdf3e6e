// The xlsx / PDF export pair of a year's HQ table (the appendix, the safety view): two buttons,
// one export at a time, the saved path as a toast, a refusal in the core's words. `run` writes
// the file in the current language and resolves to its path.
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { AppendixFormat } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { FormError } from "../../components/Field";
import { currentLanguage } from "../../i18n";

type Lang = "zh" | "en";

export function useExportPair(prefix: string, run: ((lang: Lang, format: AppendixFormat) => Promise<string>) | null) {
  const { t } = useTranslation();
  const [exporting, setExporting] = useState<AppendixFormat | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const doExport = async (format: AppendixFormat) => {
    if (run === null || exporting) return;
    setExporting(format);
    setSaved(null);
    setError(null);
    try {
      setSaved(await run(currentLanguage() === "en" ? "en" : "zh", format));
    } catch (e) {
      setError(placeError(e, t, []).form);
    } finally {
      setExporting(null);
    }
  };

  const button = (format: AppendixFormat) => (
    <button
      type="button"
      className="btn"
      data-testid={`${prefix}-export-${format}`}
      disabled={run === null || exporting !== null}
      onClick={() => void doExport(format)}
    >
      {exporting === format ? t("hq.appendix.exporting") : t(format === "xlsx" ? "hq.appendix.exportXlsx" : "hq.appendix.exportPdf")}
    </button>
  );

  /** The two buttons, for the filter bar. */
  const buttons = (
    <span className="filters__end">
      {button("xlsx")}
      {button("pdf")}
    </span>
  );
  /** The saved path and the refusal, under the bar. */
  const status: ReactNode = (
    <>
      {saved ? (
        <div className="toast" role="status" data-testid={`${prefix}-saved`} data-path={saved}>
          {t("hq.appendix.saved", { path: saved })}
        </div>
      ) : null}
      <FormError message={error} testId={`${prefix}-export-error`} />
    </>
  );
  return { buttons, status };
}
