// Searchable HW code input (combobox): type a code, a category (HW08) or part of
// a name; ↑/↓ pick, Enter takes the highlighted code. Without a highlighted
// option Enter is left to the form (so typing a full code then Enter submits).
import { useId, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { HwCode } from "../ipc/api";
import { currentLanguage } from "../i18n";

const MAX_OPTIONS = 50;

export const HW_CODE_RE = /^\d{3}-\d{3}-\d{2}$/;

/** The code at the start of the text ("900-249-08 HW08 …" → "900-249-08"), or null. */
export function codeFromText(text: string): string | null {
  const m = /^\s*(\d{3}-\d{3}-\d{2})(?:\s|$)/.exec(text);
  return m ? (m[1] ?? null) : null;
}

export function filterCodes(codes: readonly HwCode[], query: string): HwCode[] {
  const q = query.trim().toLowerCase();
  if (!q) return codes.slice(0, MAX_OPTIONS);
  const out: HwCode[] = [];
  for (const c of codes) {
    if (
      c.code.includes(q) ||
      c.category.toLowerCase().includes(q) ||
      c.category_name_zh.includes(q) ||
      c.category_name_en.toLowerCase().includes(q) ||
      c.name_zh.includes(q)
    ) {
      out.push(c);
      if (out.length >= MAX_OPTIONS) break;
    }
  }
  return out;
}

type Props = {
  id: string;
  value: string;
  onChange: (text: string) => void;
  codes: readonly HwCode[];
  testId: string;
  disabled?: boolean;
  invalid?: boolean;
  describedBy?: string;
};

export function HwCodePicker({ id, value, onChange, codes, testId, disabled, invalid, describedBy }: Props) {
  const { t } = useTranslation();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const options = useMemo(() => filterCodes(codes, codeFromText(value) ?? value), [codes, value]);
  const lang = currentLanguage();
  // Nothing left to choose once the text is exactly the one matching code.
  const settled = options.length === 1 && options[0]?.code === value.trim();
  const showList = open && !disabled && !settled;

  const choose = (c: HwCode) => {
    onChange(c.code);
    setOpen(false);
    setActive(-1);
  };

  return (
    <div className="combo">
      <input
        id={id}
        data-testid={testId}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={t("gen.codePlaceholder")}
        disabled={disabled}
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.min(a + 1, options.length - 1));
          } else if (e.key === "ArrowUp") {
            e.preventDefault();
            setActive((a) => Math.max(a - 1, 0));
          } else if (e.key === "Enter" && showList && active >= 0 && options[active]) {
            e.preventDefault();
            choose(options[active]);
          } else if (e.key === "Escape" && showList) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
      />
      {showList ? (
        <ul className="combo__list" id={listId} role="listbox">
          {options.length === 0 ? (
            <li className="combo__empty">{t("gen.noMatches")}</li>
          ) : (
            options.map((c, i) => (
              <li
                key={c.code}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className={`combo__opt${i === active ? " combo__opt--active" : ""}`}
                title={c.name_zh}
                onMouseDown={(e) => {
                  e.preventDefault(); // keep focus in the input
                  choose(c);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="combo__code">{c.code}</span>
                <span className="combo__cat">{c.category}</span>
                <span className="combo__name">
                  {lang === "en" ? c.category_name_en : c.category_name_zh} — {c.name_zh}
                </span>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
