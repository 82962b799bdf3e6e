// 期限日历: a month grid with each hazard on its deadline day (the current one, after
// extensions); overdue ones in red, closed ones muted. A hazard opens the detail panel. Only the
// month shown is asked for (the core's deadline range); 导出 Excel writes that month's list.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardList, type Hazard, type Session } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { HazardDetail } from "./HazardDetail";
import { monthGrid, shiftMonth } from "./calendar";
import { ExportButton } from "./ExportButton";
import { hazardQuery, monthRange } from "./query";
import { MonthInput } from "../../components/DateInput";

type Props = { session: Session; today: string; version: number; onChanged: () => void };

const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export function CalendarTab({ session, today, version, onChanged }: Props) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(today.slice(0, 7));
  // Only the month shown: the core selects by the deadline's range.
  const load = useLoad(() => {
    const { from, to } = monthRange(month);
    return hazardList(hazardQuery({ deadline_from: from, deadline_to: to }));
  }, [month, version]);
  const [selected, setSelected] = useState<Hazard | null>(null);
  const byDay = new Map<string, Hazard[]>();
  for (const h of load.data ?? []) {
    // A stale answer for another month draws nothing.
    if (!h.deadline?.startsWith(month)) continue;
    byDay.set(h.deadline, [...(byDay.get(h.deadline) ?? []), h]);
  }
  const changed = (h: Hazard) => {
    setSelected(h);
    onChanged();
  };

  return (
    <div className={`hazard-board-wrap${selected ? " hazard-board-wrap--detail" : ""}`}>
      <div>
        <div className="hazard-calendar__bar">
          <button type="button" className="btn" data-testid="calendar-prev" onClick={() => setMonth(shiftMonth(month, -1))} aria-label={t("hazards.calendar.prev")}>
            ‹
          </button>
          <MonthInput data-testid="calendar-month" aria-label={t("dateInput.month")} value={month} onChange={(v) => v && setMonth(v)} />
          <button type="button" className="btn" data-testid="calendar-next" onClick={() => setMonth(shiftMonth(month, 1))} aria-label={t("hazards.calendar.next")}>
            ›
          </button>
          <button type="button" className="btn" onClick={() => setMonth(today.slice(0, 7))}>
            {t("hazards.calendar.thisMonth")}
          </button>
          <ExportButton what={/^\d{4}-\d{2}$/.test(month) ? { kind: "calendar", month } : null} testId="hazard-calendar-export" />
        </div>
        <FormError message={load.error} />
        <table className="hazard-calendar" data-testid="hazard-calendar">
          <thead>
            <tr>
              {WEEKDAYS.map((d) => (
                <th key={d}>{t(`hazards.calendar.weekday.${d}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {monthGrid(month).map((week, i) => (
              <tr key={i}>
                {week.map((day, j) => (
                  <td key={j} className={day === today ? "hazard-calendar__today" : undefined} data-testid={day ? `calendar-day-${day}` : undefined}>
                    {day ? <span className="hazard-calendar__date">{Number(day.slice(8))}</span> : null}
                    {(day ? (byDay.get(day) ?? []) : []).map((h) => (
                      <button
                        key={h.id}
                        type="button"
                        className={`hazard-chip hazard-chip--${h.overdue ? "overdue" : h.status === "closed" ? "closed" : (h.lec?.colour ?? "none")}`}
                        data-testid={`calendar-hazard-${h.number}`}
                        data-overdue={h.overdue}
                        title={h.description}
                        onClick={() => setSelected(h)}
                      >
                        {h.number}
                      </button>
                    ))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {selected ? (
        <HazardDetail hazard={selected} session={session} today={today} onChanged={changed} onClose={() => setSelected(null)} />
      ) : null}
    </div>
  );
}
