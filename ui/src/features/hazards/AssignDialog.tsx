// 指派: the responsible person (a user of the plant), department, deadline and measures; for a
// major hazard (重大) the 五到位 plan too — funds and materials, the contingency plan and the goal.
// The core refuses a major hazard without its plan; the form asks for it up front.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { hazardAssign, listUsers, type Hazard } from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DateInput } from "../../components/DateInput";
import { Modal } from "../../components/Modal";

type Props = { hazard: Hazard; today: string; onDone: (h: Hazard) => void; onClose: () => void };

const FIELDS = ["assignee", "department", "deadline", "measures", "plan", "funds", "contingency", "goal"] as const;

export function AssignDialog({ hazard, today, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const users = useLoad(listUsers, []);
  const major = hazard.level === "major";
  const [v, setV] = useState({
    assignee: hazard.assignee ?? "",
    department: hazard.department ?? "",
    deadline: hazard.deadline ?? "",
    measures: "",
    funds: "",
    contingency: "",
    goal: "",
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [k]: e.target.value });
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("hazards.errors", e, t, FIELDS));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    const need = (k: keyof typeof v) => {
      if (!v[k].trim()) found[k] = t("hazards.errors.textRequired");
    };
    need("assignee");
    need("department");
    need("measures");
    if (!DATE_RE.test(v.deadline)) found.deadline = t("hazards.errors.dateRequired");
    else if (v.deadline < today) found.deadline = t("hazards.errors.deadlinePast");
    if (major) {
      need("funds");
      need("contingency");
    }
    await submit(found, async () => {
      const plan =
        major || v.funds.trim() || v.contingency.trim() || v.goal.trim()
          ? { funds: v.funds.trim(), contingency: v.contingency.trim(), goal: v.goal.trim() }
          : null;
      const h = await hazardAssign(hazard.id, {
        assignee: v.assignee,
        department: v.department.trim(),
        deadline: v.deadline,
        measures: v.measures.trim(),
        plan,
      });
      onDone(h);
    });
  };

  const input = (k: keyof typeof v, label: string, multi = false, date = false) => {
    const id = `hazard-assign-${k}`;
    return (
      <Field id={id} name={k} label={label} error={errors[k]} errorDetail={errorDetail}>
        {multi ? (
          <textarea {...a11yFor(id, errors[k])} data-testid={id} rows={2} value={v[k]} onChange={set(k)} />
        ) : date ? (
          <DateInput {...a11yFor(id, errors[k])} data-testid={id} value={v[k]} onChange={(value) => set(k)({ target: { value } })} />
        ) : (
          <input {...a11yFor(id, errors[k])} data-testid={id} value={v[k]} onChange={set(k)} />
        )}
      </Field>
    );
  };

  return (
    <Modal title={t("hazards.assign.title", { number: hazard.number })} onClose={onClose} testId="hazard-assign-dialog" wide>
      <form onSubmit={onSubmit} noValidate>
        <FormError message={formError ?? errors.plan ?? users.error} />
        <div className="form-grid">
          <Field id="hazard-assign-assignee" name="assignee" label={t("hazards.fields.assignee")} error={errors.assignee} errorDetail={errorDetail}>
            <select {...a11yFor("hazard-assign-assignee", errors.assignee)} data-testid="hazard-assign-assignee" value={v.assignee} onChange={set("assignee")}>
              <option value="">{t("hazards.assign.choose")}</option>
              {(users.data ?? []).map((u) => (
                <option key={u.user_id} value={u.user_id}>
                  {u.display_name} ({u.username})
                </option>
              ))}
            </select>
          </Field>
          {input("department", t("hazards.fields.department"))}
          {input("deadline", t("hazards.fields.deadline"), false, true)}
        </div>
        {input("measures", t("hazards.fields.measures"), true)}
        <fieldset className="hazard-plan" data-testid="hazard-assign-plan">
          <legend>{major ? t("hazards.assign.planMajor") : t("hazards.assign.planOptional")}</legend>
          {input("funds", t("hazards.fields.funds"), true)}
          {input("contingency", t("hazards.fields.contingency"), true)}
          {input("goal", t("hazards.fields.goal"), true)}
        </fieldset>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="hazard-assign-submit" disabled={busy}>
            {t("hazards.assign.submit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
