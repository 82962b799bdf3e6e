// 看板: the hazards by status in the loop's order — registered, assigned, rectified, verified and
// the recently closed — as cards coloured by LEC grade; a card opens the detail panel. 导出 Excel
// writes the whole register (every live hazard, closed ones too).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardBoard, type Board, type Hazard, type Session } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { HazardCard } from "./HazardCard";
import { HazardDetail } from "./HazardDetail";
import { ExportButton } from "./ExportButton";
import { BOARD_COLUMNS } from "./lec";
import { ALL_HAZARDS, hazardQuery } from "./query";

/** Cards per column on the first page, and how many more each "show more" adds. */
export const BOARD_PAGE = 50;
const BOARD_MAX = 1000;

type Props = { session: Session; today: string; version: number; onChanged: () => void };

export function BoardTab({ session, today, version, onChanged }: Props) {
  const { t } = useTranslation();
  const [perColumn, setPerColumn] = useState(BOARD_PAGE);
  // The core pages each column (count, overdue count, first cards in the column's order): the
  // board costs the same over a hundred hazards or a hundred thousand.
  const load = useLoad((): Promise<Board> => hazardBoard(hazardQuery({ limit: perColumn })), [version, perColumn]);
  const [selected, setSelected] = useState<Hazard | null>(null);
  const changed = (h: Hazard) => {
    setSelected(h);
    onChanged();
  };
  const board = load.data;

  return (
    <div className={`hazard-board-wrap${selected ? " hazard-board-wrap--detail" : ""}`}>
      <div>
        <div className="hazard-toolbar">
          <span className="muted">{t("hazards.export.boardHint")}</span>
          <ExportButton what={{ kind: "list", query: ALL_HAZARDS }} testId="hazard-board-export" />
        </div>
        <FormError message={load.error} />
        {board === null && load.loading ? <p className="muted">{t("table.loading")}</p> : null}
        <div className="hazard-board" data-testid="hazard-board">
          {BOARD_COLUMNS.map((s) => {
            const col = board?.columns.find((c) => c.status === s);
            const cards = col?.hazards ?? [];
            const count = col?.count ?? 0;
            return (
              <section key={s} className="hazard-column" data-testid={`hazard-column-${s}`} aria-label={t(`hazards.status.${s}`)}>
                <h2>
                  {t(`hazards.column.${s}`)}{" "}
                  <span className="muted" data-testid={`hazard-column-count-${s}`}>
                    {count.toLocaleString()}
                  </span>
                  {col && col.overdue > 0 ? (
                    <span className="hazard-column__overdue" data-testid={`hazard-column-overdue-${s}`}>{t("hazards.board.overdue", { n: col.overdue })}</span>
                  ) : null}
                </h2>
                {s === "closed" && board ? <p className="muted small">{t("hazards.board.closedSince", { since: board.closed_since })}</p> : null}
                {board !== null && count === 0 ? <p className="muted hazard-column__empty">{t("hazards.board.empty")}</p> : null}
                {cards.map((h) => (
                  <HazardCard key={h.id} hazard={h} selected={selected?.id === h.id} onOpen={setSelected} />
                ))}
                {count > cards.length ? (
                  <div className="hazard-column__more">
                    <span className="muted small">{t("hazards.board.shown", { shown: cards.length.toLocaleString(), count: count.toLocaleString() })}</span>
                    {perColumn < BOARD_MAX ? (
                      <button
                        type="button"
                        className="btn btn--ghost"
                        data-testid={`hazard-column-more-${s}`}
                        onClick={() => setPerColumn((n) => Math.min(n + BOARD_PAGE, BOARD_MAX))}
                      >
                        {t("hazards.board.more")}
                      </button>
                    ) : null}
                  </div>
                ) : null}
              </section>
            );
          })}
        </div>
      </div>
      {selected ? (
        <HazardDetail hazard={selected} session={session} today={today} onChanged={changed} onClose={() => setSelected(null)} />
      ) : null}
    </div>
  );
}
