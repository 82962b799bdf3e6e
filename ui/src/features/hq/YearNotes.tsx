// The foot of a year's HQ table (the appendix, the safety view): how complete the year's data
// are, then the notes printed under the table, in the UI's language.
import { useTranslation } from "react-i18next";
import type { Coverage } from "../../ipc/api";

type Props = { prefix: string; coverage: Coverage; notesZh: string[]; notesEn: string[] };

export function YearNotes({ prefix, coverage, notesZh, notesEn }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="hq-appendix__coverage" data-testid={`${prefix}-coverage`}>
        {t("hq.appendix.coverage", { ...coverage })}
      </p>
      <section className="panel">
        <h2>{t("hq.appendix.notes")}</h2>
        <ol className="hq-notes" data-testid={`${prefix}-notes`}>
          {(i18n.language.startsWith("zh") ? notesZh : notesEn).map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ol>
      </section>
    </>
  );
}
