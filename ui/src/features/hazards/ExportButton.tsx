// 导出 Excel on a hazards list: the core writes the list (or the KPI tables) as an xlsx workbook
// to the export folder, worded in the UI language, and answers with the path, shown below the
// button; a refusal (a bad month or period) is shown in its place.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardExportXlsx, type HazardExport } from "../../ipc/api";
import { currentLanguage } from "../../i18n";
import { placeError } from "../../lib/errors";
import { FormError } from "../../components/Field";

type Props = {
  /** What to export; null disables the button (e.g. a period that is not valid). */
  what: HazardExport | null;
  testId: string;
};

export function ExportButton({ what, testId }: Props) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async () => {
    if (!what || busy) return;
    setBusy(true);
    setSaved(null);
    setError(null);
    try {
      setSaved(await hazardExportXlsx(what, currentLanguage() === "en" ? "en" : "zh"));
    } catch (e) {
      setError(placeError(e, t, []).form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="hazard-export">
      <button type="button" className="btn" data-testid={testId} disabled={!what || busy} onClick={() => void run()}>
        {busy ? t("hazards.export.busy") : t("export.xlsx")}
      </button>
      {saved ? (
        <span className="toast" role="status" data-testid={`${testId}-saved`}>
          {t("export.savedTo", { path: saved })}
        </span>
      ) : null}
      <FormError message={error} testId={`${testId}-error`} />
    </span>
  );
}
