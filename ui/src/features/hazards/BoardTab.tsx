// 看板: the hazards by status in the loop's order — registered, assigned, rectified, verified and
// the recently closed — as cards coloured by LEC grade; a card opens the detail panel. 导出 Excel
// writes the whole register (every live hazard, closed ones too).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardList, type Hazard, type Session } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { HazardCard } from "./HazardCard";
import { HazardDetail } from "./HazardDetail";
import { ExportButton } from "./ExportButton";
import { BOARD_COLUMNS, groupByStatus } from "./lec";
import { ALL_HAZARDS, hazardQuery } from "./query";

/** The closed column shows this many, the latest closed first. */
export const RECENT_CLOSED = 30;

type Props = { session: Session; today: string; version: number; onChanged: () => void };

async function boardList(): Promise<Hazard[]> {
  const [open, closed] = await Promise.all([
    hazardList(hazardQuery({ open_only: true })),
    hazardList(hazardQuery({ status: "closed", limit: 500 })),
  ]);
  const recent = [...closed].sort((a, b) => (b.closed_on ?? "").localeCompare(a.closed_on ?? "")).slice(0, RECENT_CLOSED);
  return [...open, ...recent];
}

export function BoardTab({ session, today, version, onChanged }: Props) {
  const { t } = useTranslation();
  const load = useLoad(boardList, [version]);
  const [selected, setSelected] = useState<Hazard | null>(null);
  const groups = groupByStatus(load.data ?? []);
  const changed = (h: Hazard) => {
    setSelected(h);
    onChanged();
  };

  return (
    <div className={`hazard-board-wrap${selected ? " hazard-board-wrap--detail" : ""}`}>
      <div>
        <div className="hazard-toolbar">
          <span className="muted">{t("hazards.export.boardHint")}</span>
          <ExportButton what={{ kind: "list", query: ALL_HAZARDS }} testId="hazard-board-export" />
        </div>
        <FormError message={load.error} />
        {load.data === null && load.loading ? <p className="muted">{t("table.loading")}</p> : null}
        <div className="hazard-board" data-testid="hazard-board">
          {BOARD_COLUMNS.map((s) => (
            <section key={s} className="hazard-column" data-testid={`hazard-column-${s}`} aria-label={t(`hazards.status.${s}`)}>
              <h2>
                {t(`hazards.column.${s}`)} <span className="muted">{groups[s].length}</span>
              </h2>
              {load.data !== null && groups[s].length === 0 ? <p className="muted hazard-column__empty">{t("hazards.board.empty")}</p> : null}
              {groups[s].map((h) => (
                <HazardCard key={h.id} hazard={h} selected={selected?.id === h.id} onOpen={setSelected} />
              ))}
            </section>
          ))}
        </div>
      </div>
      {selected ? (
        <HazardDetail hazard={selected} session={session} today={today} onChanged={changed} onClose={() => setSelected(null)} />
      ) : null}
    </div>
  );
}
