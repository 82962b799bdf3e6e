// 超标: every exceedance of a period (default the last 90 days), newest first, each with its
// corrective action (the hazard that took it up, or 转为整改隐患 for a hazards writer).
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { waterExceedances } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { ExceedanceTable } from "./ExceedanceTable";
import { daysBefore } from "./format";
import { DateInput } from "../../components/DateInput";

type Props = {
  today: string;
  version: number;
  /** The user may take an exceedance up as a corrective action (a hazards writer). */
  canAdopt: boolean;
  onChanged: () => void;
};

export function ExceedancesTab({ today, version, canAdopt, onChanged }: Props) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(daysBefore(today, 90));
  const [to, setTo] = useState(today);
  const ok = DATE_RE.test(from) && DATE_RE.test(to);
  const list = useLoad(() => waterExceedances(from, to), [from, to, version], {
    skip: !ok,
    describe: (e) => placeError(e, t, []).form,
  });
  return (
    <section className="panel" data-testid="water-exceedances">
      <div className="filters">
        <label>
          {t("water.from")}
          <DateInput data-testid="exceedances-from" value={from} onChange={(v) => setFrom(v)} />
        </label>
        <label>
          {t("water.to")}
          <DateInput data-testid="exceedances-to" value={to} onChange={(v) => setTo(v)} />
        </label>
        {list.data ? <span className="muted">{t("water.exceedances.count", { n: list.data.length })}</span> : null}
      </div>
      <ExceedanceTable
        idPrefix="exceedances"
        data={list.data}
        loading={list.loading}
        error={list.error}
        onAdopted={canAdopt ? onChanged : undefined}
      />
    </section>
  );
}
