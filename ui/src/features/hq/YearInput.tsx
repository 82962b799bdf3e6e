// The year a tab shows: typed as text, loaded only while it is a year the core accepts.
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { parseYear } from "./format";

export function YearInput({ value, onChange, testId }: { value: string; onChange: (v: string) => void; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const bad = parseYear(value) === null;
  return (
    <label htmlFor={id}>
      {t("hq.year")}
      <input
        id={id}
        className="hq-year"
        data-testid={testId}
        inputMode="numeric"
        maxLength={4}
        value={value}
        aria-invalid={bad ? true : undefined}
        onChange={(e) => onChange(e.target.value.trim())}
      />
    </label>
  );
}
