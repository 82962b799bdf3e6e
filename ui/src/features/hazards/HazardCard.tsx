// A hazard as a card: coloured by its LEC grade (红/橙/黄/蓝; grey when not assessed), the 重大
// badge, the overdue badge and the deadline. A button: opening it shows the detail panel.
import { useTranslation } from "react-i18next";
import type { Hazard } from "../../ipc/api";
import { colourOf } from "./lec";

type Props = { hazard: Hazard; selected?: boolean; onOpen: (h: Hazard) => void };

export function HazardCard({ hazard: h, selected, onOpen }: Props) {
  const { t } = useTranslation();
  const colour = colourOf(h);
  return (
    <button
      type="button"
      className={`hazard-card hazard-card--${colour}${selected ? " hazard-card--selected" : ""}`}
      data-testid={`hazard-card-${h.number}`}
      data-colour={colour}
      aria-pressed={selected ?? false}
      onClick={() => onOpen(h)}
    >
      <span className="hazard-card__head">
        <span className="mono">{h.number}</span>
        {h.lec ? (
          <span className={`hazard-grade hazard-grade--${h.lec.colour}`} title={t("hazards.lec.d", { d: h.lec.d })}>
            {t("hazards.lec.grade", { grade: h.lec.grade })}
          </span>
        ) : null}
        {h.level === "major" ? (
          <span className="badge badge--major" data-testid="hazard-major">
            {t("hazards.level.major")}
          </span>
        ) : null}
        {h.overdue ? (
          <span className="badge badge--overdue" data-testid="hazard-overdue">
            {t("hazards.overdue")}
          </span>
        ) : null}
      </span>
      <span className="hazard-card__desc">{h.description}</span>
      <span className="hazard-card__meta muted">
        {h.area}
        {h.equipment ? ` · ${h.equipment}` : ""}
        {h.deadline ? ` · ${t("hazards.deadlineOn", { date: h.deadline })}` : ""}
        {h.assignee_name ? ` · ${h.assignee_name}` : ""}
      </span>
    </button>
  );
}
