// 库存 (HJ 1259-2022 B.2/B.3): storage alerts, a card per facility, the containers in stock and
// the form to put a generated container into storage; HJ 1276-2022 labels for one container or
// the ticked ones. Everything is derived by the core (`storage_overview`, `export_labels_pdf`);
// this screen only colours it.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  exportLabelsPdf,
  LABEL_BANDS,
  isAppError,
  storageOverview,
  storeContainer,
  checkStore,
  type ContainerView,
  type Facility,
  type LabelBand,
  type StoreCheck,
} from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { AlertList } from "../../components/AlertList";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { useLoad } from "../../lib/useLoad";
import { AddFacilityDialog } from "./AddFacilityDialog";
import { TakeOutDialog } from "./TakeOutDialog";
import { cleanHandlers, HandlerFields, NO_HANDLERS } from "./HandlerFields";
import { placeStorageError } from "./inventoryErrors";
import { useExport } from "./useExport";

type Tone = "ok" | "warning" | "critical";

export const CONTAINER_TONE: Record<ContainerView["status"], Tone> = {
  ok: "ok",
  warning: "warning",
  overdue: "critical",
  unknown_start: "critical",
};
const RANK: Record<Tone, number> = { ok: 0, warning: 1, critical: 2 };

/** Colour of a facility's oldest-age figure: the worst storage clock among its containers. */
function ageTone(containers: ContainerView[]): Tone {
  return containers.reduce<Tone>((worst, c) => {
    const tone = CONTAINER_TONE[c.status];
    return RANK[tone] > RANK[worst] ? tone : worst;
  }, "ok");
}

const STORE_FIELDS = ["container_id", "facility", "handler", "handler_dept", "transport_handler", "transport_dept"] as const;

export function InventoryTab({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const { data, error: loadError, reload } = useLoad(storageOverview, [], {
    describe: (e) => placeStorageError(e, t, []).form,
  });
  const [adding, setAdding] = useState(false);
  const [taking, setTaking] = useState<ContainerView | null>(null);
  const [taken, setTaken] = useState<string | null>(null);
  // Labels (HJ 1276-2022): the containers ticked for 打印所选标签, by container id.
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [printingId, setPrintingId] = useState<string | null>(null);
  const [needUscc, setNeedUscc] = useState(false);
  const [needBand, setNeedBand] = useState(false);
  // The container volume band that sizes the labels; "" = the size recorded at the first print.
  const [band, setBand] = useState<LabelBand | "">("");
  const labels = useExport();

  // Each container id once, in the table's order.
  const containerIds = [...new Set((data?.containers ?? []).map((c) => c.container_id))];
  const selected = containerIds.filter((id) => picked.has(id));
  const allPicked = containerIds.length > 0 && selected.length === containerIds.length;

  const toggle = (id: string, on: boolean) =>
    setPicked((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  /** Writes the labels PDF; a missing plant USCC gets its own sentence pointing to 设置. */
  const printLabels = async (ids: string[], single: string | null) => {
    if (ids.length === 0) return;
    setNeedUscc(false);
    setNeedBand(false);
    setPrintingId(single);
    await labels.run(async () => {
      try {
        return await exportLabelsPdf(ids, band === "" ? null : band);
      } catch (e) {
        if (isAppError(e) && e.kind === "Invalid" && e.field === "uscc") setNeedUscc(true);
        if (isAppError(e) && e.kind === "Invalid" && e.field === "band") setNeedBand(true);
        throw e;
      }
    });
    setPrintingId(null);
  };

  const columns: DataColumn<ContainerView>[] = [
    {
      id: "pick",
      header: (
        <input
          type="checkbox"
          data-testid="labels-select-all"
          aria-label={t("labels.selectAll")}
          checked={allPicked}
          disabled={containerIds.length === 0}
          onChange={(e) => setPicked(e.target.checked ? new Set(containerIds) : new Set())}
        />
      ),
      headerClassName: "col--check",
      className: "col--check",
      hideable: false,
      cell: (c) => (
        <input
          type="checkbox"
          data-testid="label-select"
          aria-label={t("labels.select", { container: c.container_id })}
          checked={picked.has(c.container_id)}
          onChange={(e) => toggle(c.container_id, e.target.checked)}
        />
      ),
    },
    valueColumn("facility", t("inventory.col.facility"), (c) => c.facility_code),
    valueColumn("container", t("inventory.col.container"), (c) => c.container_id),
    valueColumn("code", t("inventory.col.code"), (c) => c.code),
    {
      id: "stock",
      header: t("inventory.col.stockKg"),
      numeric: true,
      sortValue: (c) => Number(c.stock_kg),
      sortDescFirst: true,
      cell: (c) => c.stock_kg,
    },
    { id: "started_on", header: t("inventory.col.startedOn"), sortValue: (c) => c.started_on, cell: (c) => c.started_on ?? "—" },
    {
      id: "age",
      header: t("inventory.col.ageDays"),
      numeric: true,
      sortValue: (c) => c.age_days,
      sortDescFirst: true,
      cell: (c) => c.age_days ?? "—",
    },
    { id: "ship_by", header: t("inventory.col.shipBy"), sortValue: (c) => c.ship_by, cell: (c) => c.ship_by ?? "—" },
    {
      id: "status",
      header: t("inventory.col.status"),
      cell: (c) => (
        <span className={`badge badge--${CONTAINER_TONE[c.status]}`} data-testid="container-status">
          {t(`inventory.status.${c.status}`)}
        </span>
      ),
    },
    {
      id: "actions",
      header: t("ledger.colActions"),
      className: "actions",
      hideable: false,
      cell: (c) => (
        <>
          {canWrite ? (
            <button type="button" className="btn btn--small" data-testid="takeout-open" onClick={() => setTaking(c)}>
              {t("takeout.open")}
            </button>
          ) : null}
          <button
            type="button"
            className="btn btn--small"
            data-testid="label-print"
            disabled={labels.busy || printingId === c.container_id}
            onClick={() => void printLabels([c.container_id], c.container_id)}
          >
            {t("labels.print")}
          </button>
        </>
      ),
    },
  ];

  return (
    <div className="inventory">
      <FormError message={loadError} />
      {data ? (
        <>
          <div className="inventory__head">
            <span className="muted">{t("inventory.asOf", { date: data.today })}</span>
            {canWrite ? (
              <button type="button" className="btn" data-testid="facility-add-open" onClick={() => setAdding(true)}>
                {t("inventory.facility.open")}
              </button>
            ) : null}
          </div>
          <AlertList
            alerts={data.alerts}
            testId="inventory-alerts"
            rowTestId="alert-row"
            label={t("inventory.alerts")}
          />
          <div className="facility-cards">
            {data.facilities.length === 0 ? <p className="muted">{t("inventory.noFacilities")}</p> : null}
            {data.facilities.map((f) => {
              const tone = ageTone(data.containers.filter((c) => c.facility_code === f.facility.code));
              return (
                <div key={f.facility.id} className={`facility-card facility-card--${f.worst}`} data-testid="facility-card">
                  <div className="facility-card__title">
                    <span className="mono">{f.facility.code}</span> {f.facility.name}
                  </div>
                  <div className="muted">{t(`inventory.kinds.${f.facility.kind}`)}</div>
                  <dl>
                    <dt>{t("inventory.stockKg")}</dt>
                    <dd className="num">{f.stock_kg}</dd>
                    <dt>{t("inventory.containers")}</dt>
                    <dd className="num">{f.containers}</dd>
                    <dt>{t("inventory.oldest")}</dt>
                    <dd className={`num tone--${tone}`} data-testid="facility-oldest">
                      {f.oldest_age_days ?? (f.containers > 0 ? t("inventory.unknown") : "—")}
                    </dd>
                  </dl>
                </div>
              );
            })}
          </div>
          {taken ? (
            <div className="toast" role="status" data-testid="takeout-success">
              {taken}
            </div>
          ) : null}
          {canWrite ? <StoreForm facilities={data.facilities.map((f) => f.facility)} onStored={reload} /> : null}
          <div className="labels-bar" title={t("labels.title")}>
            <label htmlFor="labels-band">{t("labels.band")}</label>
            <select
              id="labels-band"
              data-testid="labels-band"
              value={band}
              aria-invalid={needBand || undefined}
              onChange={(e) => setBand(e.target.value as LabelBand | "")}
            >
              <option value="">{t("labels.bands.recorded")}</option>
              {LABEL_BANDS.map((b) => (
                <option key={b} value={b}>
                  {t(`labels.bands.${b}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn"
              data-testid="labels-print-selected"
              disabled={selected.length === 0 || labels.busy}
              onClick={() => void printLabels(selected, null)}
            >
              {t("labels.printSelected")}
            </button>
            <span className="muted" data-testid="labels-selected-count">
              {t("labels.selected", { count: selected.length })}
            </span>
          </div>
          {labels.path ? (
            <div className="toast" role="status" data-testid="labels-result">
              {t("labels.savedTo", { path: labels.path })}
            </div>
          ) : null}
          {needUscc ? (
            <div className="form-error" role="alert" data-testid="labels-need-uscc">
              {t("labels.needUscc")}
            </div>
          ) : needBand ? (
            <div className="form-error" role="alert" data-testid="labels-need-band">
              {t("labels.needBand")}
            </div>
          ) : (
            <FormError message={labels.error} />
          )}
          <DataTable
            columns={columns}
            data={data.containers}
            rowKey={(c) => `${c.facility_code}/${c.container_id}/${c.code}`}
            idPrefix="containers"
            rowTestId="container-row"
            empty={t("inventory.noContainers")}
          />
        </>
      ) : null}
      {taking ? (
        <TakeOutDialog
          container={taking}
          onClose={() => setTaking(null)}
          onTaken={async (m) => {
            setTaking(null);
            setTaken(t("takeout.done", { batch: m.batch_code, container: m.container_id, kg: m.quantity_kg }));
            await reload();
          }}
        />
      ) : null}
      {adding ? (
        <AddFacilityDialog
          onClose={() => setAdding(false)}
          onAdded={async () => {
            setAdding(false);
            await reload();
          }}
        />
      ) : null}
    </div>
  );
}

type StoreProps = { facilities: Facility[]; onStored: () => Promise<void> };

/**
 * 入库: a generated container into a facility; quantity, code and start date come from its entry.
 * The core's put-away check runs first: its warnings (贮存点 3 t, capacity, incompatible wastes)
 * are shown before anything is saved, and a second click saves anyway.
 */
function StoreForm({ facilities, onStored }: StoreProps) {
  const { t } = useTranslation();
  const [container, setContainer] = useState("");
  const [facility, setFacility] = useState("");
  // Kept between put-aways: the same people usually carry and receive a run of containers.
  const [handlers, setHandlers] = useState(NO_HANDLERS);
  const [check, setCheck] = useState<{ key: string; result: StoreCheck } | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = facility || facilities[0]?.code || "";

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const found: FieldErrors = {};
    if (!container.trim()) found.container_id = t("common.required");
    if (!chosen) found.facility = t("inventory.store.noFacility");
    setErrors(found);
    setFormError(null);
    setDone(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const input = {
      facility: chosen,
      container_id: container.trim(),
      generation_batch: null,
      moved_at_local: null,
      handlers: cleanHandlers(handlers),
    };
    const key = `${input.facility}\u0000${input.container_id}`;
    try {
      // Warnings already shown for this very put-away: the officer saves anyway.
      if (check?.key !== key || check.result.warnings.length === 0) {
        const result = await checkStore(input);
        if (result.warnings.length > 0) {
          setCheck({ key, result });
          return;
        }
      }
      const m = await storeContainer(input);
      setCheck(null);
      setDone(t("inventory.store.done", { batch: m.batch_code, container: m.container_id, kg: m.quantity_kg }));
      setContainer("");
      await onStored();
    } catch (err) {
      const placed = placeStorageError(err, t, STORE_FIELDS);
      setErrors(placed.fields);
      setFormError(placed.form);
    } finally {
      setBusy(false);
    }
  };

  const shown = check && check.key === `${chosen}\u0000${container.trim()}` ? check.result : null;

  return (
    <form className="store-form" onSubmit={submit} noValidate>
      <h2>{t("inventory.store.title")}</h2>
      <FormError message={formError} />
      {done ? (
        <div className="toast" role="status" data-testid="store-success">
          {done}
        </div>
      ) : null}
      <div className="store-form__row">
        <Field id="store-container" name="container_id" label={t("inventory.store.container")} error={errors.container_id}>
          <input
            {...a11yFor("store-container", errors.container_id)}
            data-testid="store-container"
            value={container}
            onChange={(e) => setContainer(e.target.value)}
          />
        </Field>
        <Field id="store-facility" name="facility" label={t("inventory.store.facility")} error={errors.facility}>
          <select
            {...a11yFor("store-facility", errors.facility)}
            data-testid="store-facility"
            value={chosen}
            onChange={(e) => setFacility(e.target.value)}
          >
            {facilities.map((f) => (
              <option key={f.id} value={f.code}>
                {f.code} {f.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit" className="btn btn--primary" data-testid="store-submit" disabled={busy}>
          {shown ? t("inventory.store.submitAnyway") : t("inventory.store.submit")}
        </button>
      </div>
      <details className="store-form__handlers">
        <summary data-testid="store-handlers-toggle">{t("handlers.legend")}</summary>
        <HandlerFields idPrefix="store" step="into" value={handlers} onChange={setHandlers} errors={errors} />
      </details>
      {shown ? (
        <div role="alert" data-testid="store-warnings">
          <p>{t("inventory.store.warnings", { container: shown.container_id, facility: shown.facility_code })}</p>
          <ul className="alerts">
            {shown.warnings.map((w, i) => (
              <li key={i} className="alert alert--warning" data-testid="store-warning" title={w.message}>
                {t(`inventory.store.warning.${w.kind}`, {
                  code: shown.code,
                  kg: w.stock_after_kg,
                  limit: w.limit_kg,
                  other: w.other_code,
                  note: w.note,
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
