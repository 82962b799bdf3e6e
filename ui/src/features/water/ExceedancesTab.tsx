// 超标: every exceedance of a period (default the last 90 days), newest first.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { waterExceedances } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { ExceedanceTable } from "./ExceedanceTable";
import { daysBefore } from "./format";

export function ExceedancesTab({ today, version }: { today: string; version: number }) {
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
          <input type="date" data-testid="exceedances-from" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t("water.to")}
          <input type="date" data-testid="exceedances-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        {list.data ? <span className="muted">{t("water.exceedances.count", { n: list.data.length })}</span> : null}
      </div>
      <ExceedanceTable idPrefix="exceedances" data={list.data} loading={list.loading} error={list.error} />
    </section>
  );
}
