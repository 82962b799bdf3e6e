// 数据包导入: files and folders of the plants' weekly packets (.json, or mails saved as .eml),
// dropped on the window (Tauri's native drop gives their paths) or typed as a path. One import
// is a job of the app's registry (progress, cancel). Its report: the counts by outcome, then the
// items refused or not packets with the core's reason each; below, the import log with every
// item of a run one click away.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  hqImportItems,
  hqImportPaths,
  hqImportRuns,
  type HqImportItem,
  type HqImportReport,
  type HqImportRun,
} from "../../ipc/api";
// Not through the ipc/api barrel: Tauri's webview module then loads with HQ's screens only.
import { onPathsDropped } from "../../ipc/drop";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { isCancelled, useJob } from "../../lib/useJob";
import { FormError } from "../../components/Field";
import { JobStatus } from "../../components/JobStatus";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { atLocal } from "./format";

const PROBLEMS = new Set<HqImportItem["outcome"]>(["rejected", "not_packet"]);

export function ImportTab({ timezone }: { timezone: string }) {
  const { t } = useTranslation();
  const job = useJob();
  const [path, setPath] = useState("");
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);
  const [report, setReport] = useState<HqImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [openRun, setOpenRun] = useState<HqImportRun | null>(null);
  const describe = (e: unknown) => placeError(e, t, []).form;
  const runs = useLoad(hqImportRuns, [], { describe });
  const items = useLoad(() => hqImportItems(openRun?.id ?? ""), [openRun?.id], { skip: openRun === null, describe });
  const busyRef = useRef(false);

  const run = async (paths: string[]) => {
    const clean = paths.map((p) => p.trim()).filter(Boolean);
    if (clean.length === 0 || busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    setCancelled(false);
    setReport(null);
    job.start();
    try {
      setReport(await hqImportPaths(clean, job.onProgress));
      void runs.reload();
    } catch (e) {
      if (isCancelled(e)) setCancelled(true);
      else setError(placeError(e, t, []).form);
    } finally {
      job.finish();
      busyRef.current = false;
      setBusy(false);
    }
  };
  const runRef = useRef(run);
  runRef.current = run;

  // The window's native drop, while this screen is open (nothing outside Tauri).
  useEffect(() => {
    let stop: (() => void) | null = null;
    let alive = true;
    void onPathsDropped((e) => {
      if (e.type === "over") setOver(true);
      else if (e.type === "leave") setOver(false);
      else {
        setOver(false);
        void runRef.current(e.paths);
      }
    }).then(
      (unlisten) => {
        if (alive) stop = unlisten;
        else unlisten();
      },
      () => undefined,
    );
    return () => {
      alive = false;
      stop?.();
    };
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run([path]);
  };

  const problems = report ? report.results.filter((r) => PROBLEMS.has(r.outcome)) : null;

  return (
    <section className="page hq-import">
      <div className="page__head">
        <h1>{t("hq.import.title")}</h1>
        <span className="muted">{t("hq.import.basis")}</span>
      </div>
      <div className="panel">
        <div className={`hq-drop${over ? " hq-drop--over" : ""}`} data-testid="hq-import-drop" data-over={over || undefined}>
          {t("hq.import.drop")}
        </div>
        <form className="hq-import__form" onSubmit={submit} noValidate>
          <label htmlFor="hq-import-path">{t("hq.import.path")}</label>
          <input
            id="hq-import-path"
            data-testid="hq-import-path"
            className="mono"
            spellCheck={false}
            placeholder={t("hq.import.pathPlaceholder")}
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <button type="submit" className="btn btn--primary" data-testid="hq-import-run" disabled={busy || !path.trim()}>
            {t("hq.import.run")}
          </button>
        </form>
        <JobStatus
          busy={busy}
          progress={job.progress}
          cancelled={cancelled}
          onCancel={() => void job.cancel().catch(() => undefined)}
          testId="hq-import-job"
        />
        <FormError message={error} testId="hq-import-error" />
      </div>

      {report && problems ? (
        <section className="panel" data-testid="hq-import-report">
          <h2>{t("hq.import.reportTitle")}</h2>
          <p
            className="hq-import__summary"
            data-testid="hq-import-summary"
            data-accepted={report.accepted}
            data-rejected={report.rejected}
            data-duplicates={report.duplicates}
            data-not-packets={report.not_packets}
          >
            {t("hq.import.summary", {
              items: report.items,
              accepted: report.accepted,
              duplicates: report.duplicates,
              rejected: report.rejected,
              notPackets: report.not_packets,
            })}
            {report.ignored_files > 0 ? ` ${t("hq.import.ignored", { n: report.ignored_files })}` : ""}
          </p>
          {problems.length > 0 ? (
            <ItemTable items={problems} idPrefix="hq-import-problems" rowTestId="hq-import-problem" />
          ) : (
            <p className="muted" data-testid="hq-import-clean">
              {t("hq.import.noProblems")}
            </p>
          )}
        </section>
      ) : null}

      <section className="panel">
        <h2>{t("hq.import.logTitle")}</h2>
        <RunTable
          runs={runs.data}
          loading={runs.loading}
          error={runs.error}
          timezone={timezone}
          onOpen={setOpenRun}
          open={openRun?.id ?? null}
        />
        {openRun ? (
          <div className="hq-import__items">
            <h3 className="hq-week__sub">{t("hq.import.itemsOf", { label: openRun.label, at: atLocal(openRun.at, timezone) })}</h3>
            <ItemTable
              items={items.data}
              loading={items.loading}
              error={items.error}
              idPrefix="hq-import-items"
              rowTestId="hq-import-item"
            />
          </div>
        ) : null}
      </section>
    </section>
  );
}

type ItemTableProps = {
  items: readonly HqImportItem[] | null;
  idPrefix: string;
  rowTestId: string;
  loading?: boolean;
  error?: string | null;
};

/** Import items with their outcome and the core's reason (virtualized when long). */
function ItemTable({ items, idPrefix, rowTestId, loading, error }: ItemTableProps) {
  const { t } = useTranslation();
  const columns: DataColumn<HqImportItem>[] = [
    valueColumn("name", t("hq.import.col.name"), (r) => r.name),
    {
      id: "outcome",
      header: t("hq.import.col.outcome"),
      sortValue: (r) => r.outcome,
      cell: (r) => <span className={`hq-outcome hq-outcome--${r.outcome}`}>{t(`hq.import.outcome.${r.outcome}`)}</span>,
    },
    valueColumn("plant", t("hq.import.col.plant"), (r) => r.plant_code ?? ""),
    valueColumn("week", t("hq.import.col.week"), (r) => r.week ?? ""),
    valueColumn("revision", t("hq.import.col.revision"), (r) => (r.revision === null ? "" : `r${r.revision}`)),
    { id: "reason", header: t("hq.import.col.reason"), className: "import__reason", cell: (r) => r.reason || "—" },
  ];
  return (
    <DataTable
      columns={columns}
      data={items}
      rowKey={(r) => `${r.name}|${r.plant_code ?? ""}|${r.week ?? ""}|${r.revision ?? ""}|${r.outcome}`}
      idPrefix={idPrefix}
      rowTestId={rowTestId}
      className="import__table"
      loading={loading}
      error={error}
      empty={t("hq.import.noItems")}
    />
  );
}

type RunTableProps = {
  runs: readonly HqImportRun[] | null;
  loading: boolean;
  error: string | null;
  timezone: string;
  open: string | null;
  onOpen: (r: HqImportRun) => void;
};

function RunTable({ runs, loading, error, timezone, open, onOpen }: RunTableProps) {
  const { t } = useTranslation();
  const n = (v: number) => <span className={v > 0 ? undefined : "muted"}>{v}</span>;
  const columns: DataColumn<HqImportRun>[] = [
    valueColumn("at", t("hq.import.col.at"), (r) => atLocal(r.at, timezone), { sortDescFirst: true }),
    { id: "source", header: t("hq.import.col.source"), cell: (r) => t(`hq.import.source.${r.source}`) },
    { id: "label", header: t("hq.import.col.label"), className: "mono hq-wrap", cell: (r) => r.label },
    { id: "items", header: t("hq.import.col.items"), numeric: true, cell: (r) => r.items },
    { id: "accepted", header: t("hq.import.outcome.accepted"), numeric: true, cell: (r) => n(r.accepted) },
    { id: "duplicates", header: t("hq.import.outcome.duplicate"), numeric: true, cell: (r) => n(r.duplicates) },
    { id: "rejected", header: t("hq.import.outcome.rejected"), numeric: true, cell: (r) => n(r.rejected) },
    { id: "not_packets", header: t("hq.import.outcome.not_packet"), numeric: true, cell: (r) => n(r.not_packets) },
    {
      id: "open",
      header: "",
      label: t("hq.import.open"),
      hideable: false,
      className: "actions",
      cell: (r) => (
        <button
          type="button"
          className="btn btn--small"
          data-testid="hq-import-log-open"
          aria-pressed={open === r.id}
          onClick={() => onOpen(r)}
        >
          {t("hq.import.open")}
        </button>
      ),
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={runs}
      idPrefix="hq-import-log"
      rowTestId="hq-import-log-row"
      loading={loading}
      error={error}
      initialSort={{ id: "at", desc: true }}
      empty={t("hq.import.noRuns")}
    />
  );
}
