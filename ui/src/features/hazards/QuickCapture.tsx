// 快速登记: keyboard first. Area, equipment, description, category, source, level and L/E/C
// from their scales (each with its wording); D, the grade and its colour show as the values are
// picked. Enter in a field (Ctrl+Enter in the description) saves; the area stays for the next
// capture and the focus returns to the equipment. Before photos (picked, pasted or dropped) are
// checked by the core at once and held until the hazard is saved, then attached to it.
import { useRef, useState, type FormEvent, type KeyboardEvent, type Ref } from "react";
import { useTranslation } from "react-i18next";
import { hazardRegister, type Hazard, type HazardLevel, type HazardSource, type LecScales, type ScaleStep } from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { previewLec } from "./lec";
import { attachPending, PendingPhotos, type PendingPhoto } from "./PhotoStrip";

/** Sources a person picks (an exceedance arrives by adoption, not by hand). */
export const CAPTURE_SOURCES: readonly HazardSource[] = ["daily", "weekly", "special", "holiday", "seasonal", "audit", "employee"];
const FIELDS = ["area", "equipment", "description", "category", "source", "level", "lec_l", "lec_e", "lec_c", "lec", "found_at"] as const;

type Props = { scales: LecScales | null; onSaved: (h: Hazard) => void };

export function QuickCapture({ scales, onSaved }: Props) {
  const { t } = useTranslation();
  const [area, setArea] = useState("");
  const [equipment, setEquipment] = useState("");
  const [description, setDescription] = useState("");
  const [category, setCategory] = useState("");
  const [source, setSource] = useState<HazardSource>("daily");
  const [level, setLevel] = useState<HazardLevel>("general");
  const [lec, setLec] = useState({ l: "", e: "", c: "" });
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingPhoto[]>([]);
  const [photoErrors, setPhotoErrors] = useState<string[]>([]);
  const equipmentRef = useRef<HTMLInputElement>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("hazards.errors", e, t, FIELDS));
  const preview = scales ? previewLec(scales, lec.l, lec.e, lec.c) : null;
  const someLec = lec.l !== "" || lec.e !== "" || lec.c !== "";

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const found: FieldErrors = {};
    if (!area.trim()) found.area = t("hazards.errors.textRequired");
    if (!description.trim()) found.description = t("hazards.errors.textRequired");
    if (!category.trim()) found.category = t("hazards.errors.textRequired");
    if (someLec) {
      if (!lec.l) found.lec_l = t("hazards.errors.lecAllOrNone");
      if (!lec.e) found.lec_e = t("hazards.errors.lecAllOrNone");
      if (!lec.c) found.lec_c = t("hazards.errors.lecAllOrNone");
    }
    await submit(found, async () => {
      const h = await hazardRegister({
        area: area.trim(),
        equipment: equipment.trim(),
        description: description.trim(),
        category: category.trim(),
        source,
        level,
        lec: someLec ? [lec.l, lec.e, lec.c] : null,
        found_at: null,
      });
      setSaved(t("hazards.capture.saved", { number: h.number }));
      setPhotoErrors([]);
      if (pending.length > 0) {
        const photos = pending;
        setPending([]);
        const r = await attachPending(h.id, photos);
        if (r.attached > 0) setSaved(t("hazards.capture.savedWithPhotos", { number: h.number, n: r.attached }));
        setPhotoErrors(r.refused.map((x) => t("hazards.photos.refusedAfterSave", { number: h.number, name: x.name, reason: x.reason })));
      }
      setEquipment("");
      setDescription("");
      setLec({ l: "", e: "", c: "" });
      setLevel("general");
      onSaved(h);
      equipmentRef.current?.focus();
    });
  };

  const ctrlEnter = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  };

  const picker = (k: "l" | "e" | "c", steps: readonly ScaleStep[]) => {
    const name = `lec_${k}`;
    const id = `capture-lec-${k}`;
    return (
      <Field id={id} name={name} label={t(`hazards.lec.${k}`)} error={errors[name]} errorDetail={errorDetail}>
        <select {...a11yFor(id, errors[name])} data-testid={id} value={lec[k]} onChange={(e) => setLec({ ...lec, [k]: e.target.value })}>
          <option value="">—</option>
          {steps.map((s) => (
            <option key={s.value} value={s.value}>
              {s.value} · {s.wording}
            </option>
          ))}
        </select>
      </Field>
    );
  };

  const text = (id: string, name: string, label: string, value: string, set: (v: string) => void, ref?: Ref<HTMLInputElement>) => (
    <Field id={id} name={name} label={label} error={errors[name]} errorDetail={errorDetail}>
      <input {...a11yFor(id, errors[name])} ref={ref} data-testid={id} value={value} onChange={(e) => set(e.target.value)} />
    </Field>
  );

  return (
    <form className="panel hazard-capture" onSubmit={onSubmit} noValidate data-testid="hazard-capture">
      <h2>{t("hazards.capture.title")}</h2>
      <p className="muted">{t("hazards.capture.keys")}</p>
      <FormError message={formError ?? errors.lec ?? errors.found_at} />
      {saved ? (
        <div className="toast" role="status" data-testid="capture-saved">
          {saved}
        </div>
      ) : null}
      <div className="form-grid">
        {text("capture-area", "area", t("hazards.fields.area"), area, setArea)}
        {text("capture-equipment", "equipment", t("hazards.fields.equipment"), equipment, setEquipment, equipmentRef)}
        {text("capture-category", "category", t("hazards.fields.category"), category, setCategory)}
        <Field id="capture-source" name="source" label={t("hazards.fields.source")} error={errors.source}>
          <select {...a11yFor("capture-source", errors.source)} data-testid="capture-source" value={source} onChange={(e) => setSource(e.target.value as HazardSource)}>
            {CAPTURE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`hazards.source.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="capture-level" name="level" label={t("hazards.fields.level")} error={errors.level}>
          <select {...a11yFor("capture-level", errors.level)} data-testid="capture-level" value={level} onChange={(e) => setLevel(e.target.value as HazardLevel)}>
            <option value="general">{t("hazards.level.general")}</option>
            <option value="major">{t("hazards.level.major")}</option>
          </select>
        </Field>
      </div>
      <Field id="capture-description" name="description" label={t("hazards.fields.description")} error={errors.description} errorDetail={errorDetail}>
        <textarea
          {...a11yFor("capture-description", errors.description)}
          data-testid="capture-description"
          rows={3}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          onKeyDown={ctrlEnter}
        />
      </Field>
      <div className="form-grid hazard-lec">
        {picker("l", scales?.l ?? [])}
        {picker("e", scales?.e ?? [])}
        {picker("c", scales?.c ?? [])}
        <div className={`hazard-lec__result hazard-grade--${preview?.colour ?? "none"}`} data-testid="capture-lec-result" aria-live="polite">
          {preview
            ? t("hazards.lec.preview", { d: preview.d, grade: preview.grade, colour: t(`hazards.colour.${preview.colour}`) })
            : t("hazards.lec.pick")}
        </div>
      </div>
      {scales ? <p className="muted small">{scales.bands_version}</p> : null}
      <PendingPhotos pending={pending} onChange={setPending} />
      {photoErrors.map((e, i) => (
        <FormError key={i} message={e} testId="capture-photo-refused" />
      ))}
      <div className="form-actions">
        <button type="submit" className="btn btn--primary" data-testid="capture-submit" disabled={busy}>
          {t("hazards.capture.submit")}
        </button>
      </div>
    </form>
  );
}
