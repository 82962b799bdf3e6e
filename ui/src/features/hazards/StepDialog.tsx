// One dialog for the loop's steps that take a note or a reason: rectify (the note of what was
// done), verify (passed, or failed with the reason — required), close 销号 (an optional note),
// extend (a later deadline with the reason) and escalate to 重大 (the reason). The core checks
// the step against the state machine and the user; its refusal is placed under the field.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  hazardClose,
  hazardEscalate,
  hazardExtend,
  hazardRectify,
  hazardVerify,
  type Hazard,
} from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { DATE_RE } from "../../lib/time";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { DateInput } from "../../components/DateInput";

export type StepKind = "rectify" | "verify" | "close" | "extend" | "escalate";

type Props = { kind: StepKind; hazard: Hazard; onDone: (h: Hazard) => void; onClose: () => void };

export function StepDialog({ kind, hazard, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const [pass, setPass] = useState(true);
  const [deadline, setDeadline] = useState(hazard.deadline ?? "");
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) =>
    placeErrorIn("hazards.errors", e, t, ["note", "reason", "deadline"]),
  );
  // The core names the text "note" (rectify, verify, close) or "reason" (extend, escalate).
  const textField = kind === "extend" || kind === "escalate" ? "reason" : "note";
  const required = kind === "rectify" || kind === "extend" || kind === "escalate" || (kind === "verify" && !pass);
  const id = `hazard-${kind}`;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    const text = note.trim();
    if (required && !text) found[textField] = t(kind === "verify" ? "hazards.errors.failReasonRequired" : "hazards.errors.textRequired");
    if (kind === "extend" && !DATE_RE.test(deadline)) found.deadline = t("hazards.errors.dateRequired");
    await submit(found, async () => {
      let h: Hazard;
      switch (kind) {
        case "rectify":
          h = await hazardRectify(hazard.id, text);
          break;
        case "verify":
          h = await hazardVerify(hazard.id, pass, text);
          break;
        case "close":
          h = await hazardClose(hazard.id, text);
          break;
        case "extend":
          h = await hazardExtend(hazard.id, deadline, text);
          break;
        case "escalate":
          h = await hazardEscalate(hazard.id, text);
          break;
      }
      onDone(h);
    });
  };

  const error = errors[textField];
  return (
    <Modal title={t(`hazards.step.${kind}.title`, { number: hazard.number })} onClose={onClose} testId={`${id}-dialog`}>
      <form onSubmit={onSubmit} noValidate>
        <p className="muted">{t(`hazards.step.${kind}.intro`)}</p>
        <FormError message={formError} />
        {kind === "verify" ? (
          <fieldset className="hazard-verify" data-testid="hazard-verify-outcome">
            <label>
              <input type="radio" name="verify" data-testid="hazard-verify-pass" checked={pass} onChange={() => setPass(true)} />
              {t("hazards.step.verify.pass")}
            </label>
            <label>
              <input type="radio" name="verify" data-testid="hazard-verify-fail" checked={!pass} onChange={() => setPass(false)} />
              {t("hazards.step.verify.fail")}
            </label>
          </fieldset>
        ) : null}
        {kind === "extend" ? (
          <Field id={`${id}-deadline`} name="deadline" label={t("hazards.fields.newDeadline")} error={errors.deadline} errorDetail={errorDetail}>
            <DateInput
              {...a11yFor(`${id}-deadline`, errors.deadline)}
              data-testid={`${id}-deadline`}
              value={deadline}
              onChange={(v) => setDeadline(v)}
            />
          </Field>
        ) : null}
        <Field
          id={`${id}-text`}
          name={textField}
          label={t(`hazards.step.${kind}.${kind === "verify" && !pass ? "failLabel" : "label"}`)}
          error={error}
          errorDetail={errorDetail}
        >
          <textarea
            {...a11yFor(`${id}-text`, error)}
            data-testid={`${id}-text`}
            rows={3}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className={kind === "verify" && !pass ? "btn btn--danger" : "btn btn--primary"}
            data-testid={`${id}-submit`}
            disabled={busy}
          >
            {t(`hazards.step.${kind}.submit`)}
          </button>
        </div>
      </form>
    </Modal>
  );
}
