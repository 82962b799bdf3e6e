// Wizard step 3: what shipping would post (from preview_shipment, nothing written yet) — lines,
// total, the receiver's confirmation deadline, warnings (amber) and licence refusals (red). A
// refusal can only be overridden by an admin, with a written reason.
import { useTranslation } from "react-i18next";
import type { ShipPreview } from "../../ipc/api";
import type { FieldErrors } from "../../lib/errors";
import { groupThousands } from "../../lib/quantity";
import { a11yFor, Field } from "../../components/Field";

type Props = {
  preview: ShipPreview;
  isAdmin: boolean;
  override: string;
  onOverride: (text: string) => void;
  errors: FieldErrors;
  errorDetail: string | null;
};

export function WizardReviewStep({ preview, isAdmin, override, onOverride, errors, errorDetail }: Props) {
  const { t } = useTranslation();
  return (
    <div data-testid="ship-review">
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t("inventory.col.facility")}</th>
              <th>{t("inventory.col.container")}</th>
              <th>{t("inventory.col.code")}</th>
              <th className="num">{t("ship.kg")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.lines.map((l) => (
              <tr key={l.container_id} data-testid="ship-review-line">
                <td className="mono">{l.facility_code}</td>
                <td className="mono">{l.container_id}</td>
                <td className="mono">{l.code}</td>
                <td className="num mono">{groupThousands(l.quantity_kg)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="props review__sums">
        <div className="props__row">
          <dt>{t("ship.total")}</dt>
          <dd data-testid="ship-review-total">{groupThousands(preview.total_kg)} kg</dd>
        </div>
        <div className="props__row">
          <dt>{t("ship.confirmationDue")}</dt>
          <dd data-testid="ship-review-due">{preview.confirmation_due}</dd>
        </div>
        <div className="props__row">
          <dt>{t("ship.transferType")}</dt>
          <dd data-testid="ship-review-transfer-type">
            {t(`ship.transferTypes.${preview.transfer_type}`)}
            {preview.approval_no ? ` · ${t("ship.approvalNo")} ${preview.approval_no}` : ""}
          </dd>
        </div>
      </dl>
      {preview.warnings.length + preview.problems.length > 0 ? (
        <ul className="alerts">
          {preview.warnings.map((w, i) => (
            <li key={`w${i}`} className="alert alert--warning" data-testid="ship-warning">
              {w}
            </li>
          ))}
          {preview.problems.map((p, i) => (
            <li key={`p${i}`} className="alert alert--critical" data-testid="ship-problem" title={p.message}>
              <strong>{t(`ship.problems.${p.kind}`, { defaultValue: p.kind })}</strong>
              {p.code ? <span className="mono"> {p.code}</span> : null} — {p.message}
            </li>
          ))}
        </ul>
      ) : null}
      {preview.problems.some((p) => !p.overridable) ? (
        <p className="form-error" data-testid="ship-refused">
          {t("ship.refusedFix")}
        </p>
      ) : preview.problems.length > 0 ? (
        isAdmin ? (
          <Field
            id="ship-override"
            name="override_reason"
            label={t("ship.overrideReason")}
            hint={t("ship.overrideHint")}
            error={errors.override_reason}
            errorDetail={errorDetail}
          >
            <textarea
              {...a11yFor("ship-override", errors.override_reason, "ship-override-hint")}
              data-testid="ship-override"
              rows={2}
              value={override}
              onChange={(e) => onOverride(e.target.value)}
            />
          </Field>
        ) : (
          <p className="form-error" data-testid="ship-admin-only">
            {t("ship.adminOnly")}
          </p>
        )
      ) : null}
    </div>
  );
}
