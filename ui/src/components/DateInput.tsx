// Date, date-time and month fields that read and accept YYYY-MM-DD (HH:mm, 24-hour; YYYY-MM)
// whatever the OS locale: WebKitGTK draws the native date inputs in the computer's locale order
// (12/01/2026). The value contract is the native inputs': `value` is "YYYY-MM-DD" (DateInput),
// "YYYY-MM-DDTHH:mm" (DateTimeInput) or "YYYY-MM" (MonthInput), or "" while the text is empty,
// incomplete or not a real date; onChange gets that string (never a bad date). Typing digits
// inserts the separators, a wrong date says why under the field, ↑/↓ step a day (a month), and
// a Monday-first month grid (a year of months) picks one: Alt+↓ opens it, arrows move,
// PageUp/PageDown change month (year), Enter picks, Esc closes.
//
// This file is the only place a date control is drawn: dateGuard.test.ts fails on a native
// date input anywhere else in ui/src.
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type InputHTMLAttributes,
  type KeyboardEvent as ReactKeyboardEvent,
  type MouseEvent as ReactMouseEvent,
  type RefObject,
} from "react";
import { useTranslation } from "react-i18next";
import {
  DATE_MASK,
  DATETIME_MASK,
  MONTH_MASK,
  addDays,
  addMonths,
  applyMask,
  checkDateText,
  checkDateTimeText,
  checkMonthText,
  displayValue,
  finishMask,
  maskLength,
  monthGrid,
  todayIso,
  type Checked,
  type DateProblem,
  type Mask,
} from "../lib/dates";

type NativeProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "defaultValue" | "onChange" | "type" | "min" | "max" | "step">;

export type DateInputProps = NativeProps & {
  /** "YYYY-MM-DD" or "" */
  value: string;
  /** Called with "YYYY-MM-DD" when the text is a real date in range, "" when it is not (any more). */
  onChange: (value: string) => void;
  /** Earliest allowed day, "YYYY-MM-DD" */
  min?: string;
  /** Latest allowed day, "YYYY-MM-DD" */
  max?: string;
  "data-testid"?: string;
};

export type DateTimeInputProps = NativeProps & {
  /** "YYYY-MM-DDTHH:mm" or "" (a datetime-local value) */
  value: string;
  onChange: (value: string) => void;
  /** Earliest allowed time, "YYYY-MM-DDTHH:mm" */
  min?: string;
  /** Latest allowed time, "YYYY-MM-DDTHH:mm" */
  max?: string;
  "data-testid"?: string;
};

export type MonthInputProps = NativeProps & {
  /** "YYYY-MM" or "" (a month input's value) */
  value: string;
  onChange: (value: string) => void;
  /** Earliest allowed month, "YYYY-MM" */
  min?: string;
  /** Latest allowed month, "YYYY-MM" */
  max?: string;
  "data-testid"?: string;
};

/** A calendar date, typed as YYYY-MM-DD or picked from a month grid. */
export function DateInput(props: DateInputProps) {
  return <MaskedDateField {...props} kind="date" />;
}

/** A wall-clock date and time, typed as YYYY-MM-DD HH:mm (24-hour); the day can be picked from a month grid. */
export function DateTimeInput(props: DateTimeInputProps) {
  return <MaskedDateField {...props} kind="datetime" />;
}

/** A calendar month, typed as YYYY-MM or picked from the year's twelve. */
export function MonthInput(props: MonthInputProps) {
  return <MaskedDateField {...props} kind="month" />;
}

type Kind = "date" | "datetime" | "month";

const KINDS: Record<Kind, { mask: Mask; check: (text: string, min?: string, max?: string) => Checked; placeholder: string; incomplete: string }> = {
  date: { mask: DATE_MASK, check: checkDateText, placeholder: "YYYY-MM-DD", incomplete: "dateInput.problems.incomplete" },
  datetime: { mask: DATETIME_MASK, check: checkDateTimeText, placeholder: "YYYY-MM-DD HH:mm", incomplete: "dateInput.problems.incompleteDateTime" },
  month: { mask: MONTH_MASK, check: checkMonthText, placeholder: "YYYY-MM", incomplete: "dateInput.problems.incompleteMonth" },
};

type FieldProps = DateInputProps & { kind: Kind };

function problemText(t: (k: string, o?: Record<string, unknown>) => string, p: DateProblem, kind: Kind): string {
  switch (p.kind) {
    case "incomplete":
      return t(KINDS[kind].incomplete);
    case "year":
      return t("dateInput.problems.year");
    case "month":
      return t("dateInput.problems.month");
    case "day":
      return t("dateInput.problems.day", { year: p.year, month: p.month, days: p.days });
    case "time":
      return t("dateInput.problems.time");
    case "beforeMin":
      return t("dateInput.problems.beforeMin", { min: p.min });
    case "afterMax":
      return t("dateInput.problems.afterMax", { max: p.max });
  }
}

/** The date part of typed text, if it is a whole real date ("2026-12-02" of "2026-12-02 08:"). */
function typedDay(text: string): string | null {
  const day = text.slice(0, 10);
  return checkDateText(day).ok ? day : null;
}

function MaskedDateField({
  kind,
  value,
  onChange,
  min,
  max,
  id,
  name,
  className,
  disabled,
  onBlur,
  onKeyDown,
  placeholder,
  "data-testid": testId,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
  ...rest
}: FieldProps) {
  const { t } = useTranslation();
  const { mask, check } = KINDS[kind];
  const withTime = kind === "datetime";
  const reasonId = useId();
  const input = useRef<HTMLInputElement>(null);
  const wrap = useRef<HTMLSpanElement>(null);
  const [text, setText] = useState(() => displayValue(value));
  // The last value this field reported (or was given): a new `value` from the parent that is not
  // it (a preset button, a reset) replaces the text; our own echo does not.
  const [emitted, setEmitted] = useState(value);
  const [seen, setSeen] = useState(value);
  const [left, setLeft] = useState(false);
  const [open, setOpen] = useState(false);
  const caret = useRef<number | null>(null);

  if (value !== seen) {
    setSeen(value);
    if (value !== emitted) {
      setEmitted(value);
      setText(displayValue(value));
      setLeft(false);
    }
  }

  useLayoutEffect(() => {
    const el = input.current;
    if (caret.current !== null && el && document.activeElement === el) el.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  const checked = text === "" ? null : check(text, min, max);
  const problem = checked && !checked.ok ? checked.problem : null;
  // "Incomplete" waits until the user leaves the field; a wrong date shows at once.
  const shown = problem && (problem.kind !== "incomplete" || left) ? problem : null;

  const commit = (next: string) => {
    setText(next);
    const c = next === "" ? null : check(next, min, max);
    const v = c && c.ok ? c.value : "";
    if (v !== emitted) {
      setEmitted(v);
      onChange(v);
    }
  };

  const onType = (raw: string, rawCaret: number | null) => {
    let source = raw;
    const growing = raw.length > text.length;
    // Typing into a full field overwrites the next digit instead of pushing the rest along.
    if (growing && raw.length > maskLength(mask) && rawCaret !== null) {
      const next = raw.slice(rawCaret).search(/\d/);
      if (next >= 0) source = raw.slice(0, rawCaret + next) + raw.slice(rawCaret + next + 1);
    }
    let next: string;
    if (rawCaret !== null && rawCaret < raw.length) {
      // An edit inside the text (say the month selected and retyped) keeps the text as typed, so
      // "2026-0-02" on the way to "2026-03-02" is not padded into "2026-00-02"; leaving the field
      // tidies it (finishMask).
      next = source;
      if (source !== raw) caret.current = rawCaret;
    } else {
      next = applyMask(source, mask, growing);
    }
    setLeft(false);
    commit(next);
  };

  const finish = () => {
    const done = text === "" ? "" : finishMask(text, mask);
    if (done !== text) commit(done);
    setLeft(true);
  };

  const step = (by: number) => {
    const c = check(text);
    if (!c.ok) return;
    if (kind === "month") return commit(addMonths(`${c.value}-01`, by).slice(0, 7));
    const day = addDays(c.value.slice(0, 10), by);
    commit(withTime ? `${day} ${text.slice(11)}` : day);
  };

  const pick = (picked: string) => {
    setOpen(false);
    const time = withTime ? text.slice(11, 16) : "";
    const next = withTime ? applyMask(`${picked} ${time}`, mask, true) : picked;
    caret.current = next.length;
    commit(next);
    setLeft(false);
    input.current?.focus();
  };

  const onInputKey = (e: ReactKeyboardEvent<HTMLInputElement>) => {
    onKeyDown?.(e);
    if (e.defaultPrevented) return;
    if (e.key === "ArrowDown" && e.altKey) {
      e.preventDefault();
      setOpen(true);
    } else if (e.key === "Escape" && open) {
      e.stopPropagation();
      setOpen(false);
    } else if ((e.key === "ArrowUp" || e.key === "ArrowDown") && !e.altKey) {
      e.preventDefault();
      step(e.key === "ArrowUp" ? 1 : -1);
    } else if (e.key === "Enter") {
      // Pad a one-digit day before the form submits.
      finish();
    }
  };

  const describedBy = [ariaDescribedBy, shown ? reasonId : null].filter(Boolean).join(" ") || undefined;
  const selected = withTime ? typedDay(text) : checked?.ok ? text : null;
  return (
    <span
      ref={wrap}
      className={`date-input date-input--${kind}`}
      onBlur={(e) => {
        const to = e.relatedTarget as Node | null;
        if (open && to && !wrap.current?.contains(to)) setOpen(false);
      }}
    >
      <span className="date-input__row">
        <input
          {...rest}
          ref={input}
          id={id}
          type="text"
          className={`date-input__text mono${className ? ` ${className}` : ""}`}
          data-testid={testId}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder ?? KINDS[kind].placeholder}
          disabled={disabled}
          value={text}
          aria-invalid={ariaInvalid || shown ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => onType(e.target.value, e.target.selectionStart)}
          onBlur={(e) => {
            finish();
            onBlur?.(e);
          }}
          onKeyDown={onInputKey}
        />
        <button
          type="button"
          className="date-input__open"
          data-testid={testId ? `${testId}-open` : undefined}
          aria-label={t("dateInput.open")}
          title={t("dateInput.openHint")}
          aria-haspopup="dialog"
          aria-expanded={open}
          tabIndex={-1}
          disabled={disabled}
          onClick={() => setOpen((o) => !o)}
        >
          <CalendarIcon />
        </button>
      </span>
      {name ? <input type="hidden" name={name} value={value} /> : null}
      {shown ? (
        <span className="date-input__reason" id={reasonId} role="status" data-testid={testId ? `${testId}-reason` : undefined}>
          {problemText(t, shown, kind)}
        </span>
      ) : null}
      {open && !disabled && kind === "month" ? (
        <MonthPopup
          anchor={wrap}
          selected={selected}
          min={min}
          max={max}
          testId={testId ? `${testId}-calendar` : undefined}
          onPick={pick}
          onClose={() => {
            setOpen(false);
            input.current?.focus();
          }}
        />
      ) : open && !disabled ? (
        <CalendarPopup
          anchor={wrap}
          selected={selected}
          min={min?.slice(0, 10)}
          max={max?.slice(0, 10)}
          testId={testId ? `${testId}-calendar` : undefined}
          onPick={pick}
          onClose={() => {
            setOpen(false);
            input.current?.focus();
          }}
        />
      ) : null}
    </span>
  );
}

function CalendarIcon() {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
      <rect x="1.5" y="2.5" width="11" height="10" rx="1" fill="none" stroke="currentColor" />
      <path d="M1.5 5.5h11M4.5 1v3M9.5 1v3" stroke="currentColor" fill="none" />
    </svg>
  );
}

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

type PopupProps = {
  anchor: RefObject<HTMLSpanElement | null>;
  selected: string | null;
  min?: string;
  max?: string;
  testId?: string;
  onPick: (day: string) => void;
  onClose: () => void;
};

function clamp(day: string, min?: string, max?: string): string {
  if (min && day < min) return min;
  if (max && day > max) return max;
  return day;
}

/** Where a popup goes (fixed, so a scrolling dialog body does not clip it: below the field, or
 *  above if there is no room), and closing it on a mouse press outside the field. */
function usePopup(anchor: RefObject<HTMLSpanElement | null>, popup: RefObject<HTMLDivElement | null>, onClose: () => void): CSSProperties {
  const [place, setPlace] = useState<CSSProperties>({});
  useLayoutEffect(() => {
    const placeIt = () => {
      const a = anchor.current?.getBoundingClientRect();
      const h = popup.current?.offsetHeight ?? 0;
      if (!a) return;
      const below = a.top + 30 + 2;
      const top = below + h > window.innerHeight && a.top - h - 2 > 0 ? a.top - h - 2 : below;
      setPlace({ top, left: Math.max(0, Math.min(a.left, window.innerWidth - (popup.current?.offsetWidth ?? 0))) });
    };
    placeIt();
    window.addEventListener("resize", placeIt);
    window.addEventListener("scroll", placeIt, true);
    return () => {
      window.removeEventListener("resize", placeIt);
      window.removeEventListener("scroll", placeIt, true);
    };
  }, [anchor, popup]);
  useEffect(() => {
    const outside = (e: MouseEvent) => {
      if (!anchor.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [anchor, onClose]);
  return place;
}

/** Focuses the button for `key` when the focus moved by keyboard (or on opening), not on a click of ‹ ›. */
function useRovingFocus(popup: RefObject<HTMLDivElement | null>, key: string) {
  const moveFocus = useRef(true);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    popup.current?.querySelector<HTMLButtonElement>(`[data-day="${key}"]`)?.focus();
  }, [popup, key]);
  return moveFocus;
}

/** Esc closes a popup without closing the dialog around the field; a click inside it is not
 *  passed to the <label> around the field (that would focus the text box). */
function popupHandlers(onClose: () => void) {
  return {
    onClick: (e: ReactMouseEvent) => e.preventDefault(),
    onKeyDown: (e: ReactKeyboardEvent) => {
      if (e.key === "Escape") {
        e.stopPropagation();
        e.preventDefault();
        onClose();
      }
    },
  };
}

/** The month grid: Monday-first weeks, month and weekday names in the app's language. */
export function CalendarPopup({ anchor, selected, min, max, testId, onPick, onClose }: PopupProps) {
  const { t } = useTranslation();
  const today = todayIso();
  const [focus, setFocus] = useState(() => selected ?? clamp(today, min, max));
  const popup = useRef<HTMLDivElement>(null);
  const place = usePopup(anchor, popup, onClose);
  const moveFocus = useRovingFocus(popup, focus);
  const titleId = useId();

  const year = Number(focus.slice(0, 4));
  const month = Number(focus.slice(5, 7));
  const days = monthGrid(year, month);
  const allowed = (d: string) => !(min && d < min) && !(max && d > max);

  const go = (day: string, keyboard: boolean) => {
    moveFocus.current = keyboard;
    setFocus(day);
  };

  const onGridKey = (e: ReactKeyboardEvent) => {
    const wd = (new Date(`${focus}T00:00:00Z`).getUTCDay() + 6) % 7;
    const moves: Record<string, () => string> = {
      ArrowLeft: () => addDays(focus, -1),
      ArrowRight: () => addDays(focus, 1),
      ArrowUp: () => addDays(focus, -7),
      ArrowDown: () => addDays(focus, 7),
      Home: () => addDays(focus, -wd),
      End: () => addDays(focus, 6 - wd),
      PageUp: () => addMonths(focus, e.shiftKey ? -12 : -1),
      PageDown: () => addMonths(focus, e.shiftKey ? 12 : 1),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    go(move(), true);
  };

  const title = t("dateInput.title", { year, month: t(`dateInput.months.m${month}`) });
  return (
    <div
      ref={popup}
      className="date-popup"
      role="dialog"
      aria-modal="false"
      aria-labelledby={titleId}
      data-testid={testId}
      style={place}
      {...popupHandlers(onClose)}
    >
      <div className="date-popup__head">
        <button type="button" className="date-popup__nav" aria-label={t("dateInput.prevMonth")} onClick={() => go(addMonths(focus, -1), false)}>
          ‹
        </button>
        <span className="date-popup__title" id={titleId} aria-live="polite" data-testid={testId ? `${testId}-title` : undefined}>
          {title}
        </span>
        <button type="button" className="date-popup__nav" aria-label={t("dateInput.nextMonth")} onClick={() => go(addMonths(focus, 1), false)}>
          ›
        </button>
      </div>
      <table className="date-popup__grid" role="grid" aria-labelledby={titleId} onKeyDown={onGridKey}>
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col" abbr={t(`dateInput.weekdaysLong.${w}`)}>
                {t(`dateInput.weekdays.${w}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[0, 1, 2, 3, 4, 5].map((row) => (
            <tr key={row}>
              {days.slice(row * 7, row * 7 + 7).map((d) => {
                const inMonth = Number(d.slice(5, 7)) === month;
                const ok = allowed(d);
                const cls = [
                  "date-popup__day",
                  inMonth ? "" : "date-popup__day--other",
                  d === selected ? "date-popup__day--selected" : "",
                  d === today ? "date-popup__day--today" : "",
                ]
                  .filter(Boolean)
                  .join(" ");
                return (
                  <td key={d} role="gridcell" aria-selected={d === selected}>
                    <button
                      type="button"
                      className={cls}
                      data-day={d}
                      tabIndex={d === focus ? 0 : -1}
                      aria-label={d}
                      aria-current={d === today ? "date" : undefined}
                      disabled={!ok}
                      onClick={() => onPick(d)}
                    >
                      {Number(d.slice(8, 10))}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="date-popup__foot">
        <button
          type="button"
          className="btn btn--link"
          data-testid={testId ? `${testId}-today` : undefined}
          disabled={!allowed(today)}
          onClick={() => onPick(today)}
        >
          {t("dateInput.today")}
        </button>
      </div>
    </div>
  );
}

/** The twelve months of a year, for MonthInput. */
export function MonthPopup({ anchor, selected, min, max, testId, onPick, onClose }: PopupProps) {
  const { t } = useTranslation();
  const thisMonth = todayIso().slice(0, 7);
  const [focus, setFocus] = useState(() => selected ?? clamp(thisMonth, min, max));
  const popup = useRef<HTMLDivElement>(null);
  const place = usePopup(anchor, popup, onClose);
  const moveFocus = useRovingFocus(popup, focus);
  const titleId = useId();
  const year = Number(focus.slice(0, 4));
  const allowed = (m: string) => !(min && m < min) && !(max && m > max);
  const go = (m: string, keyboard: boolean) => {
    moveFocus.current = keyboard;
    setFocus(m);
  };
  const by = (n: number) => addMonths(`${focus}-01`, n).slice(0, 7);
  const onGridKey = (e: ReactKeyboardEvent) => {
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -3, ArrowDown: 3, PageUp: -12, PageDown: 12 };
    const n = moves[e.key];
    if (n === undefined) return;
    e.preventDefault();
    go(by(n), true);
  };
  const months = Array.from({ length: 12 }, (_, i) => `${focus.slice(0, 4)}-${String(i + 1).padStart(2, "0")}`);
  return (
    <div ref={popup} className="date-popup" role="dialog" aria-modal="false" aria-labelledby={titleId} data-testid={testId} style={place} {...popupHandlers(onClose)}>
      <div className="date-popup__head">
        <button type="button" className="date-popup__nav" aria-label={t("dateInput.prevYear")} onClick={() => go(by(-12), false)}>
          ‹
        </button>
        <span className="date-popup__title" id={titleId} aria-live="polite" data-testid={testId ? `${testId}-title` : undefined}>
          {t("dateInput.yearTitle", { year })}
        </span>
        <button type="button" className="date-popup__nav" aria-label={t("dateInput.nextYear")} onClick={() => go(by(12), false)}>
          ›
        </button>
      </div>
      <table className="date-popup__grid date-popup__grid--months" role="grid" aria-labelledby={titleId} onKeyDown={onGridKey}>
        <tbody>
          {[0, 1, 2, 3].map((row) => (
            <tr key={row}>
              {months.slice(row * 3, row * 3 + 3).map((m) => (
                <td key={m} role="gridcell" aria-selected={m === selected}>
                  <button
                    type="button"
                    className={`date-popup__day date-popup__month${m === selected ? " date-popup__day--selected" : ""}${m === thisMonth ? " date-popup__day--today" : ""}`}
                    data-day={m}
                    tabIndex={m === focus ? 0 : -1}
                    aria-label={m}
                    aria-current={m === thisMonth ? "date" : undefined}
                    disabled={!allowed(m)}
                    onClick={() => onPick(m)}
                  >
                    {t(`dateInput.months.m${Number(m.slice(5, 7))}`)}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
