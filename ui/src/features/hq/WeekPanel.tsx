// One plant-week beside the grid: every revision received (which one counts, its reason, when it
// was signed and received, the body's hash and the key that signed it), the decisions taken, a
// broken anchor with both hashes, and the analyst's three actions — accept (a comment is
// optional unless the anchor broke), return (a comment is required; the signed return message
// is saved, and its path shown; it is also mailed to the plant's registry e-mail, and the return's
// decision says how that delivery stands, or that it was not mailed and the file is to be handed
// over) and reopen (a reason is required).
// The core decides what is allowed; its refusal lands under the action's own field.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  hqAccept,
  hqReopen,
  hqReturn,
  hqWeekHistory,
  type Cell,
  type GridRow,
  type ItemState,
  type Revision,
} from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { mondayOf, sundayOf } from "../../lib/isoWeek";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DataTable, type DataColumn } from "../../components/DataTable";
import { atLocal, cellMarks, shaPrefix } from "./format";
import { groupFingerprint } from "../sync/format";

type Props = {
  row: GridRow;
  cell: Cell;
  timezone: string;
  /** A decision was taken: the grid reloads. */
  onChanged: () => void;
  onClose: () => void;
};

export function WeekPanel({ row, cell, timezone, onChanged, onClose }: Props) {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const [returnedTo, setReturnedTo] = useState<string | null>(null);
  const history = useLoad(() => hqWeekHistory(row.plant_code, cell.week), [row.plant_code, cell.week, version], {
    describe: (e) => placeError(e, t, []).form,
  });
  const h = history.data;

  const decided = (what: string) => {
    setDone(what);
    setVersion((n) => n + 1);
    onChanged();
  };

  const columns: DataColumn<Revision>[] = [
    { id: "revision", header: t("hq.week.col.revision"), className: "mono", cell: (r) => `r${r.revision}` },
    {
      id: "counted",
      header: t("hq.week.col.counted"),
      cell: (r) => (r.counted ? <span className="badge badge--ok">{t("hq.week.counted")}</span> : null),
    },
    { id: "reason", header: t("hq.week.col.reason"), className: "hq-wrap", cell: (r) => r.reason ?? "—" },
    { id: "signed", header: t("hq.week.col.signed"), className: "mono", cell: (r) => atLocal(r.generated_at, timezone) },
    { id: "received", header: t("hq.week.col.received"), className: "mono", cell: (r) => atLocal(r.received_at, timezone) },
    {
      id: "sha",
      header: t("hq.week.col.sha"),
      className: "mono",
      cell: (r) => <span title={r.body_sha256}>{shaPrefix(r.body_sha256)}</span>,
    },
    { id: "key", header: t("hq.week.col.key"), className: "mono", cell: (r) => groupFingerprint(r.key_fingerprint) },
  ];

  const received = cell.revision !== null;
  const brk = cell.anchor_broken;
  return (
    <aside
      className="panel hq-week"
      data-testid="hq-week-panel"
      data-plant={row.plant_code}
      data-week={cell.week}
      aria-label={t("hq.week.title")}
    >
      <div className="panel__head">
        <h2>
          {row.plant_code} {row.plant_name} · {cell.week}
        </h2>
        <button type="button" className="modal__close" aria-label={t("common.close")} data-testid="hq-week-close" onClick={onClose}>
          ×
        </button>
      </div>
      <p className="muted hq-week__meta">
        {t("hq.week.days", { from: mondayOf(cell.week), to: sundayOf(cell.week) })} ·{" "}
        <span className={`hq-state hq-state--${cell.state}`} data-testid="hq-week-state">
          {t(`hq.state.${cell.state}`)}
        </span>
        {cellMarks(cell).map((m) => (
          <span key={m} className="badge badge--warning badge--gap">
            {t(`hq.mark.${m}`)}
          </span>
        ))}
      </p>
      <p className="muted hq-week__meta">{t("hq.week.deadline", { at: atLocal(cell.deadline, timezone) })}</p>
      {done ? (
        <div className="toast" role="status" data-testid="hq-week-done">
          {t(`hq.week.done.${done}`)}
        </div>
      ) : null}
      {returnedTo ? (
        <p className="panel__note hq-week__saved" data-testid="hq-return-saved" data-path={returnedTo}>
          {t("hq.week.returnSaved", { path: returnedTo })}
        </p>
      ) : null}
      <FormError message={history.error} testId="hq-week-error" />
      {brk ? (
        <div className="alert alert--critical hq-week__anchor" data-testid="hq-anchor-break">
          <strong>{t("hq.week.anchorTitle")}</strong>
          <dl className="props">
            <div className="props__row">
              <dt>{t("hq.week.anchorSeq")}</dt>
              <dd data-testid="hq-anchor-seq">{brk.seq}</dd>
            </div>
            <div className="props__row">
              <dt>{t("hq.week.anchorHeld")}</dt>
              <dd data-testid="hq-anchor-held">{brk.held_hash}</dd>
            </div>
            <div className="props__row">
              <dt>{t("hq.week.anchorNow", { week: brk.in_week, rev: brk.in_revision })}</dt>
              <dd data-testid="hq-anchor-now">{brk.now_hash}</dd>
            </div>
          </dl>
        </div>
      ) : null}

      <h3 className="hq-week__sub">{t("hq.week.revisions")}</h3>
      <DataTable
        columns={columns}
        data={h ? h.revisions : null}
        rowKey={(r) => r.packet_id}
        idPrefix="hq-revisions"
        rowTestId="hq-revision-row"
        loading={history.loading}
        columnMenu={false}
        empty={t("hq.week.noRevisions")}
      />

      <h3 className="hq-week__sub">{t("hq.week.decisions")}</h3>
      {h && h.decisions.length === 0 ? <p className="muted">{t("hq.week.noDecisions")}</p> : null}
      <ul className="hq-decisions" data-testid="hq-decisions">
        {(h?.decisions ?? []).map((d) => (
          <li key={d.id} data-action={d.action}>
            <strong>{t(`hq.week.actions.${d.action}`, { defaultValue: d.action })}</strong>{" "}
            <span className="mono">r{d.revision}</span> · {d.by} · <span className="mono">{atLocal(d.at, timezone)}</span>
            {d.action === "return" ? <ReturnDelivery delivery={d.delivery} /> : null}
            {d.comment ? <div className="hq-decisions__comment">{d.comment}</div> : null}
          </li>
        ))}
      </ul>

      {received ? (
        <>
          <AcceptForm plant={row.plant_code} week={cell.week} anchorBroken={brk !== null} onDone={() => decided("accept")} />
          <ReturnForm
            plant={row.plant_code}
            week={cell.week}
            onDone={(path) => {
              setReturnedTo(path);
              decided("return");
            }}
          />
        </>
      ) : (
        <p className="muted" data-testid="hq-week-nothing">
          {t("hq.week.nothingReceived")}
        </p>
      )}
      {cell.state === "accepted" ? <ReopenForm plant={row.plant_code} week={cell.week} onDone={() => decided("reopen")} /> : null}
    </aside>
  );
}

const DELIVERY_BADGE: Record<ItemState, string> = {
  pending: "badge--warning",
  failed: "badge--critical",
  sent: "badge--ok",
  exported: "badge--none",
};

/** How a return's mail to the plant stands; null: not mailed (no e-mail in the registry). */
function ReturnDelivery({ delivery }: { delivery: ItemState | null }) {
  const { t } = useTranslation();
  if (delivery === null) {
    return (
      <div className="hq-decisions__hint sync__failed" data-testid="hq-decision-delivery" data-delivery="none">
        {t("hq.week.delivery.none")}
      </div>
    );
  }
  return (
    <div data-testid="hq-decision-delivery" data-delivery={delivery}>
      {t("hq.week.delivery.label")}
      <span className={`badge ${DELIVERY_BADGE[delivery]}`}>{t(`hq.week.delivery.${delivery}`)}</span>
      {delivery === "failed" ? <div className="hq-decisions__hint sync__failed">{t("hq.week.delivery.failedHint")}</div> : null}
    </div>
  );
}

type FormProps = { plant: string; week: string };

function AcceptForm({ plant, week, anchorBroken, onDone }: FormProps & { anchorBroken: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) =>
    placeError(e, t, ["accept_comment"], { comment: "accept_comment" }),
  );
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = anchorBroken && !comment.trim() ? { accept_comment: t("hq.week.acceptWhy") } : {};
    if (await submit(found, async () => void (await hqAccept(plant, week, comment.trim())))) {
      setComment("");
      onDone();
    }
  };
  return (
    <form className="hq-week__form" onSubmit={send} noValidate>
      <Field
        id="hq-accept-comment"
        name="accept_comment"
        label={anchorBroken ? t("hq.week.acceptCommentRequired") : t("hq.week.acceptComment")}
        error={errors.accept_comment}
        errorDetail={errorDetail}
      >
        <input
          {...a11yFor("hq-accept-comment", errors.accept_comment)}
          data-testid="hq-accept-comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Field>
      <FormError message={formError} testId="hq-accept-error" />
      <button type="submit" className="btn btn--primary" data-testid="hq-accept" disabled={busy}>
        {t("hq.week.accept")}
      </button>
    </form>
  );
}

function ReturnForm({ plant, week, onDone }: FormProps & { onDone: (path: string) => void }) {
  const { t } = useTranslation();
  const [comment, setComment] = useState("");
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) =>
    placeError(e, t, ["return_comment"], { comment: "return_comment" }),
  );
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = comment.trim() ? {} : { return_comment: t("hq.week.returnWhy") };
    let path = "";
    const ok = await submit(found, async () => {
      [, path] = await hqReturn(plant, week, comment.trim());
    });
    if (ok) {
      setComment("");
      onDone(path);
    }
  };
  return (
    <form className="hq-week__form" onSubmit={send} noValidate>
      <Field
        id="hq-return-comment"
        name="return_comment"
        label={t("hq.week.returnComment")}
        error={errors.return_comment}
        errorDetail={errorDetail}
      >
        <textarea
          {...a11yFor("hq-return-comment", errors.return_comment)}
          data-testid="hq-return-comment"
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Field>
      <FormError message={formError} testId="hq-return-error" />
      <button type="submit" className="btn" data-testid="hq-return" disabled={busy}>
        {t("hq.week.return")}
      </button>
    </form>
  );
}

function ReopenForm({ plant, week, onDone }: FormProps & { onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) =>
    placeError(e, t, ["reopen_reason"], { reason: "reopen_reason" }),
  );
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = reason.trim() ? {} : { reopen_reason: t("hq.week.reopenWhy") };
    if (await submit(found, async () => void (await hqReopen(plant, week, reason.trim())))) {
      setReason("");
      onDone();
    }
  };
  return (
    <form className="hq-week__form" onSubmit={send} noValidate>
      <Field
        id="hq-reopen-reason"
        name="reopen_reason"
        label={t("hq.week.reopenReason")}
        error={errors.reopen_reason}
        errorDetail={errorDetail}
      >
        <input
          {...a11yFor("hq-reopen-reason", errors.reopen_reason)}
          data-testid="hq-reopen-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <FormError message={formError} testId="hq-reopen-error" />
      <button type="submit" className="btn" data-testid="hq-reopen" disabled={busy}>
        {t("hq.week.reopen")}
      </button>
    </form>
  );
}
