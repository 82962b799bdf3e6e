// 监测数据: the lab-result form and the daily-flow form, and the period's hand-entered
// readings (newest first) with a void per reading — a correction is a void with a reason and
// a new entry, never an edit.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { waterReadingVoid, waterReadings, type Outfall, type Reading } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { ReasonDialog } from "../../components/ReasonDialog";
import { LabResultForm } from "./LabResultForm";
import { FlowForm } from "./FlowForm";
import { daysBefore } from "./format";
import { DateInput } from "../../components/DateInput";

type Props = { outfalls: Outfall[]; canWrite: boolean; today: string; now: string; version: number; onChanged: () => void };

export function ReadingsTab({ outfalls, canWrite, today, now, version, onChanged }: Props) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(daysBefore(today, 30));
  const [to, setTo] = useState(today);
  const [voiding, setVoiding] = useState<Reading | null>(null);
  const ok = DATE_RE.test(from) && DATE_RE.test(to);
  const list = useLoad(() => waterReadings(from, to), [from, to, version], {
    skip: !ok,
    describe: (e) => placeError(e, t, []).form,
  });
  const columns: DataColumn<Reading>[] = [
    valueColumn("at", t("water.cols.at"), (r) => r.at_local, { sortDescFirst: true }),
    valueColumn("outfall", t("water.outfall"), (r) => r.outfall_code),
    valueColumn("param", t("water.param"), (r) => r.param_code),
    { id: "kind", header: t("water.cols.interval"), cell: (r) => t(`water.interval.${r.interval}`) },
    { id: "value", header: t("water.cols.value"), numeric: true, className: "mono", sortValue: (r) => r.value, cell: (r) => r.shown },
    { id: "method", header: t("water.lab.method"), cell: (r) => r.method ?? "" },
    { id: "source", header: t("water.cols.source"), cell: (r) => (r.interval === "day" ? t("water.flow.title") : r.source) },
    {
      id: "status",
      header: t("water.cols.status"),
      hideable: false,
      cell: (r) =>
        r.voided ? (
          <span className="badge badge--voided">{t("water.voided")}</span>
        ) : canWrite ? (
          <button type="button" className="btn btn--small" data-testid={`reading-void-${r.seq}`} onClick={() => setVoiding(r)}>
            {t("water.void")}
          </button>
        ) : null,
    },
  ];
  return (
    <div>
      {canWrite ? (
        <div className="water-forms">
          <LabResultForm outfalls={outfalls} now={now} onSaved={onChanged} />
          <FlowForm outfalls={outfalls} today={today} onSaved={onChanged} />
        </div>
      ) : null}
      <section className="panel">
        <div className="filters">
          <label>
            {t("water.from")}
            <DateInput data-testid="readings-from" value={from} onChange={(v) => setFrom(v)} />
          </label>
          <label>
            {t("water.to")}
            <DateInput data-testid="readings-to" value={to} onChange={(v) => setTo(v)} />
          </label>
        </div>
        <DataTable
          columns={columns}
          data={list.data}
          rowKey={(r) => String(r.seq)}
          idPrefix="water-readings"
          rowTestId="reading-row"
          rowClassName={(r) => (r.voided ? "row--voided" : undefined)}
          loading={list.loading}
          error={list.error}
          empty={t("water.readings.none")}
        />
      </section>
      {voiding ? (
        <ReasonDialog
          idPrefix="reading-void"
          title={t("water.readings.voidTitle")}
          intro={t("water.readings.voidIntro", {
            at: voiding.at_local,
            outfall: voiding.outfall_code,
            param: voiding.param_code,
            value: voiding.shown,
          })}
          place={(e) => placeError(e, t, ["reason"])}
          action={async (reason) => {
            await waterReadingVoid(voiding.seq, reason);
            setVoiding(null);
            onChanged();
          }}
          onClose={() => setVoiding(null)}
        />
      ) : null}
    </div>
  );
}
