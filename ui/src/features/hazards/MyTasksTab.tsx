// 我的任务: the open hazards assigned to the signed-in user, the earliest deadline first, with
// 整改完成 (rectify) on the row; a row opens the detail panel; 导出 Excel writes the same list.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hazardList, type Hazard, type Session } from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { ExportButton } from "./ExportButton";
import { HazardDetail } from "./HazardDetail";
import { hazardQuery } from "./query";
import { StepDialog } from "./StepDialog";

type Props = { session: Session; today: string; version: number; onChanged: () => void };

export function MyTasksTab({ session, today, version, onChanged }: Props) {
  const { t } = useTranslation();
  const load = useLoad(
    () => hazardList(hazardQuery({ assignee: session.user_id, open_only: true })),
    [session.user_id, version],
  );
  const [selected, setSelected] = useState<Hazard | null>(null);
  const [rectifying, setRectifying] = useState<Hazard | null>(null);
  const changed = (h: Hazard) => {
    setSelected((s) => (s ? h : s));
    setRectifying(null);
    onChanged();
  };
  const columns: DataColumn<Hazard>[] = [
    {
      id: "deadline",
      header: t("hazards.fields.deadline"),
      sortValue: (h) => h.deadline ?? "9999",
      className: "mono",
      cell: (h) => (
        <>
          {h.deadline ?? "—"}
          {h.overdue ? <span className="badge badge--overdue"> {t("hazards.overdue")}</span> : null}
        </>
      ),
    },
    {
      id: "number",
      header: t("hazards.fields.number"),
      cell: (h) => (
        <button type="button" className="btn--link mono" data-testid={`task-open-${h.number}`} onClick={() => setSelected(h)}>
          {h.number}
        </button>
      ),
    },
    valueColumn("area", t("hazards.fields.area"), (h) => h.area),
    { id: "description", header: t("hazards.fields.description"), cell: (h) => h.description },
    {
      id: "grade",
      header: t("hazards.fields.grade"),
      cell: (h) =>
        h.lec ? <span className={`hazard-grade hazard-grade--${h.lec.colour}`}>{t("hazards.lec.grade", { grade: h.lec.grade })}</span> : "—",
    },
    { id: "status", header: t("hazards.fields.status"), cell: (h) => t(`hazards.status.${h.status}`) },
    {
      id: "actions",
      header: "",
      hideable: false,
      className: "actions",
      cell: (h) =>
        h.status === "assigned" ? (
          <button type="button" className="btn btn--small" data-testid={`task-rectify-${h.number}`} onClick={() => setRectifying(h)}>
            {t("hazards.action.rectify")}
          </button>
        ) : null,
    },
  ];
  return (
    <div className={`hazard-board-wrap${selected ? " hazard-board-wrap--detail" : ""}`}>
      <div>
        <div className="hazard-toolbar">
          <ExportButton what={{ kind: "my_tasks" }} testId="hazard-tasks-export" />
        </div>
        <DataTable
          columns={columns}
          data={load.data}
          rowKey={(h) => h.id}
          idPrefix="hazard-tasks"
          rowTestId="hazard-task-row"
          loading={load.loading}
          error={load.error}
          empty={t("hazards.tasks.none")}
        />
      </div>
      {selected ? (
        <HazardDetail hazard={selected} session={session} today={today} onChanged={changed} onClose={() => setSelected(null)} />
      ) : null}
      {rectifying ? <StepDialog kind="rectify" hazard={rectifying} onDone={changed} onClose={() => setRectifying(null)} /> : null}
    </div>
  );
}
