// 巡检表单: one row per checklist item with 合格 / 不合格 / 不适用 as a radio group (Tab moves
// between items, the arrow keys between results; 1/2/3 or P/F/N pick one and move on) and a note.
// A failed item opens its hazard's fields inline — location, description, category, 一般/重大,
// L/E/C with D and the grade as picked, photos — and the focus goes to its note. On save the core
// records the round and registers each failed item as a hazard in one transaction; the photos
// then go to their hazards one by one (a photo refused there is named; the round stays saved).
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  hazardPhotoAdd,
  inspectionRoundRecord,
  type HazardLevel,
  type ItemOutcome,
  type LecScales,
  type RoundDone,
  type ScaleStep,
} from "../../ipc/api";
import { placeError, placeErrorIn } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { previewLec } from "./lec";
import { checkDraft, emptyItem, itemKey, toNewRound, type ItemDraft, type RoundTarget } from "./roundDraft";

const OUTCOMES: readonly ItemOutcome[] = ["pass", "fail", "na"];
const KEYS: Record<string, ItemOutcome> = { "1": "pass", p: "pass", "2": "fail", f: "fail", "3": "na", n: "na" };
/** Photos one failed item takes on the form (more can be added to the hazard later). */
export const MAX_PHOTOS = 6;

type Props = {
  target: RoundTarget;
  scales: LecScales | null;
  /** The round was recorded; `photoErrors` names each photo its hazard refused. */
  onDone: (done: RoundDone, photoErrors: string[]) => void;
  onCancel: () => void;
};

export function RoundForm({ target, scales, onDone, onCancel }: Props) {
  const { t } = useTranslation();
  const tpl = target.template;
  const [items, setItems] = useState<ItemDraft[]>(() => tpl.items.map(emptyItem));
  const [area, setArea] = useState(target.area);
  const groups = useRef<(HTMLFieldSetElement | null)[]>([]);
  const notes = useRef<(HTMLInputElement | null)[]>([]);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("inspections.errors", e, t, ["area"]));
  const scheduled = target.scheduleId !== null;

  const update = (i: number, patch: Partial<ItemDraft>) => setItems((xs) => xs.map((d, k) => (k === i ? { ...d, ...patch } : d)));

  const focusItem = (i: number) => {
    const g = groups.current[i];
    (g?.querySelector<HTMLInputElement>("input:checked") ?? g?.querySelector<HTMLInputElement>("input"))?.focus();
  };

  const pick = (i: number, r: ItemOutcome, move: boolean) => {
    update(i, { result: r });
    if (!move) return;
    // After the render that shows (or hides) the item's finding fields.
    setTimeout(() => (r === "fail" ? notes.current[i]?.focus() : focusItem(i + 1)), 0);
  };

  const onGroupKey = (i: number) => (e: KeyboardEvent<HTMLFieldSetElement>) => {
    if (!(e.target instanceof HTMLInputElement) || e.target.type !== "radio" || e.ctrlKey || e.metaKey || e.altKey) return;
    const r = KEYS[e.key.toLowerCase()];
    if (!r) return;
    e.preventDefault();
    pick(i, r, true);
  };

  const allPass = () => setItems((xs) => xs.map((d) => (d.result === null ? { ...d, result: "pass" } : d)));

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkDraft(items, area, t);
    await submit(found, async () => {
      const done = await inspectionRoundRecord(toNewRound(target, area, items));
      const photoErrors: string[] = [];
      for (const h of done.hazards) {
        for (const file of items[h.item_no - 1]?.photos ?? []) {
          try {
            await hazardPhotoAdd(h.hazard_id, "before", file);
          } catch (err) {
            const p = placeError(err, t, []);
            photoErrors.push(t("inspections.round.photoFailed", { number: h.number, file: file.name, message: p.detail ?? p.form ?? "" }));
          }
        }
      }
      onDone(done, photoErrors);
    });
  };

  const counts = OUTCOMES.map((o) => items.filter((d) => d.result === o).length);
  const open = items.filter((d) => d.result === null).length;

  return (
    <form className="panel round-form" onSubmit={onSubmit} noValidate data-testid="round-form">
      <div className="round-form__head">
        <h2>
          {tpl.name} <span className="muted">{t("inspections.version", { version: tpl.version })}</span>{" "}
          <span className="badge badge--none">{t(`inspections.kind.${tpl.kind}`)}</span>
        </h2>
        <span className="muted" data-testid="round-form-due">
          {scheduled ? t("inspections.round.dueOn", { due: target.dueOn }) : t("inspections.round.unscheduled")}
        </span>
      </div>
      <p className="muted">{t("inspections.round.keys")}</p>
      <FormError message={formError} />
      {scheduled ? (
        <p>
          {t("inspections.fields.area")}: <strong data-testid="round-form-area">{area}</strong>
        </p>
      ) : (
        <Field id="round-area" name="area" label={t("inspections.fields.area")} error={errors.area} errorDetail={errorDetail}>
          <input {...a11yFor("round-area", errors.area)} data-testid="round-area" value={area} onChange={(e) => setArea(e.target.value)} />
        </Field>
      )}
      <div className="round-form__bar">
        <span data-testid="round-counts">
          {t("inspections.round.counts", { pass: counts[0], fail: counts[1], na: counts[2], open })}
        </span>
        <button type="button" className="btn" data-testid="round-all-pass" onClick={allPass} disabled={open === 0}>
          {t("inspections.round.allPass")}
        </button>
      </div>
      <ol className="round-items">
        {tpl.items.map((text, i) => {
          const n = i + 1;
          const d = items[i]!;
          const resultError = errors[itemKey(n, "result")];
          return (
            <li key={n} className={`round-item round-item--${d.result ?? "open"}`} data-testid={`round-item-${n}`}>
              <fieldset
                ref={(el) => {
                  groups.current[i] = el;
                }}
                className="round-item__choice"
                onKeyDown={onGroupKey(i)}
                aria-invalid={resultError ? true : undefined}
                aria-describedby={resultError ? `${itemKey(n, "result")}-error` : undefined}
              >
                <legend>
                  <span className="round-item__no">{n}.</span> {text}
                </legend>
                {OUTCOMES.map((o) => (
                  <label key={o} className={`round-choice round-choice--${o}${d.result === o ? " round-choice--on" : ""}`}>
                    <input
                      type="radio"
                      name={`round-item-${n}`}
                      value={o}
                      checked={d.result === o}
                      data-testid={`round-item-${n}-${o}`}
                      onChange={() => pick(i, o, false)}
                    />
                    {t(`inspections.outcome.${o}`)}
                  </label>
                ))}
                {resultError ? (
                  <div className="field__error" id={`${itemKey(n, "result")}-error`} data-testid={`error-${itemKey(n, "result")}`} role="alert">
                    {resultError}
                  </div>
                ) : null}
              </fieldset>
              <Field id={itemKey(n, "note")} name={itemKey(n, "note")} label={t("inspections.fields.note")} error={errors[itemKey(n, "note")]}>
                <input
                  {...a11yFor(itemKey(n, "note"), errors[itemKey(n, "note")])}
                  ref={(el) => {
                    notes.current[i] = el;
                  }}
                  data-testid={itemKey(n, "note")}
                  value={d.note}
                  placeholder={d.result === "fail" ? t("inspections.round.notePlaceholder") : undefined}
                  onChange={(e) => update(i, { note: e.target.value })}
                />
              </Field>
              {d.result === "fail" ? (
                <FindingFields n={n} draft={d} scales={scales} error={errors[itemKey(n, "lec")]} onChange={(p) => update(i, p)} />
              ) : null}
            </li>
          );
        })}
      </ol>
      <div className="form-actions">
        <button type="button" className="btn" data-testid="round-cancel" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn--primary" data-testid="round-submit" disabled={busy}>
          {t("inspections.round.submit")}
        </button>
      </div>
    </form>
  );
}

type FindingProps = {
  n: number;
  draft: ItemDraft;
  scales: LecScales | null;
  error: string | undefined;
  onChange: (p: Partial<ItemDraft>) => void;
};

/** A failed item's hazard: where, what, category, level, L/E/C with its preview, photos. */
function FindingFields({ n, draft: d, scales, error, onChange }: FindingProps) {
  const { t } = useTranslation();
  const preview = scales ? previewLec(scales, d.lec.l, d.lec.e, d.lec.c) : null;
  const id = (f: string) => itemKey(n, f);

  const picker = (k: "l" | "e" | "c", steps: readonly ScaleStep[]) => (
    <Field id={id(`lec-${k}`)} name={id(`lec-${k}`)} label={t(`hazards.lec.${k}`)}>
      <select
        {...a11yFor(id(`lec-${k}`), error)}
        data-testid={id(`lec-${k}`)}
        value={d.lec[k]}
        onChange={(e) => onChange({ lec: { ...d.lec, [k]: e.target.value } })}
      >
        <option value="">—</option>
        {steps.map((s) => (
          <option key={s.value} value={s.value}>
            {s.value} · {s.wording}
          </option>
        ))}
      </select>
    </Field>
  );

  const addPhotos = (files: FileList | null) => {
    if (!files) return;
    onChange({ photos: [...d.photos, ...Array.from(files)].slice(0, MAX_PHOTOS) });
  };

  return (
    <div className="round-finding" data-testid={id("finding")}>
      <div className="form-grid">
        <Field id={id("location")} name={id("location")} label={t("inspections.fields.location")}>
          <input data-testid={id("location")} id={id("location")} value={d.location} onChange={(e) => onChange({ location: e.target.value })} />
        </Field>
        <Field id={id("category")} name={id("category")} label={t("hazards.fields.category")}>
          <input data-testid={id("category")} id={id("category")} value={d.category} onChange={(e) => onChange({ category: e.target.value })} />
        </Field>
        <Field id={id("level")} name={id("level")} label={t("hazards.fields.level")}>
          <select data-testid={id("level")} id={id("level")} value={d.level} onChange={(e) => onChange({ level: e.target.value as HazardLevel })}>
            <option value="general">{t("hazards.level.general")}</option>
            <option value="major">{t("hazards.level.major")}</option>
          </select>
        </Field>
      </div>
      <Field id={id("description")} name={id("description")} label={t("inspections.fields.description")} hint={t("inspections.round.descriptionHint")}>
        <textarea
          id={id("description")}
          data-testid={id("description")}
          rows={2}
          value={d.description}
          onChange={(e) => onChange({ description: e.target.value })}
        />
      </Field>
      <div className="form-grid hazard-lec">
        {picker("l", scales?.l ?? [])}
        {picker("e", scales?.e ?? [])}
        {picker("c", scales?.c ?? [])}
        <div className={`hazard-lec__result hazard-grade--${preview?.colour ?? "none"}`} data-testid={id("lec-result")} aria-live="polite">
          {preview
            ? t("hazards.lec.preview", { d: preview.d, grade: preview.grade, colour: t(`hazards.colour.${preview.colour}`) })
            : t("hazards.lec.pick")}
        </div>
      </div>
      {error ? (
        <div className="field__error" data-testid={`error-${id("lec")}`} role="alert">
          {error}
        </div>
      ) : null}
      <div className="round-photos">
        <label className="btn" htmlFor={id("photos")}>
          {t("inspections.round.addPhotos", { max: MAX_PHOTOS })}
        </label>
        <input
          id={id("photos")}
          data-testid={id("photos")}
          className="round-photos__input"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          onChange={(e) => {
            addPhotos(e.target.files);
            e.target.value = "";
          }}
        />
        {d.photos.map((f, k) => (
          <span key={`${f.name}-${k}`} className="round-photo" data-testid={id(`photo-${k + 1}`)}>
            {f.name}
            <button
              type="button"
              className="modal__close"
              aria-label={t("inspections.round.removePhoto", { file: f.name })}
              onClick={() => onChange({ photos: d.photos.filter((_, j) => j !== k) })}
            >
              ×
            </button>
          </span>
        ))}
      </div>
    </div>
  );
}
