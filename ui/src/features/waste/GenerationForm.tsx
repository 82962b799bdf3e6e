// The generation entry form. Sends either stream_id or code, the quantity as the
// typed decimal text, and generated_at_local = null unless the user changed the time.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import {
  listGenerationPoints,
  recordGeneration,
  type ContainerType,
  type HwCode,
  type MassUnit,
  type Plant,
  type WasteStream,
} from "../../ipc/api";
import { useLoad } from "../../lib/useLoad";
import { placeError, type FieldErrors } from "../../lib/errors";
import { checkQuantity, MAX_DECIMALS } from "../../lib/quantity";
import { DATETIME_LOCAL_RE, localDateTimeIn } from "../../lib/time";
import { a11yFor, Field, FormError } from "../../components/Field";
import { codeFromText, HwCodePicker } from "../../components/HwCodePicker";
import { currentLanguage } from "../../i18n";
import { AddStreamDialog } from "./AddStreamDialog";
import { DateTimeInput } from "../../components/DateInput";

export const GEN_FIELDS = [
  "stream_id",
  "code",
  "quantity",
  "unit",
  "container_id",
  "storage_area",
  "generated_at",
  "generation_point",
  "container_type",
  "container_count",
  "handler",
  "handler_dept",
] as const;
const ALIASES = { generated_at_local: "generated_at" };
export const CONTAINER_TYPES: readonly ContainerType[] = ["drum", "ibc", "bag", "ton_bag", "box", "tank", "bulk", "other"];

type Props = {
  plant: Plant;
  streams: WasteStream[];
  codes: HwCode[];
  onRecorded: () => void;
  onStreamAdded: () => Promise<void> | void;
};

export function GenerationForm({ plant, streams, codes, onRecorded, onStreamAdded }: Props) {
  const { t } = useTranslation();
  const [streamId, setStreamId] = useState("");
  const [codeText, setCodeText] = useState("");
  const [quantity, setQuantity] = useState("");
  const [unit, setUnit] = useState<MassUnit>("kg");
  const [container, setContainer] = useState("");
  const [area, setArea] = useState("");
  const [at, setAt] = useState(() => localDateTimeIn(plant.timezone));
  const [atTouched, setAtTouched] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [errorDetail, setErrorDetail] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [addingStream, setAddingStream] = useState(false);
  // HJ 1259-2022 Appendix B: kept between entries (the same line and handler usually records a run).
  const { data: points } = useLoad(listGenerationPoints);
  const [point, setPoint] = useState("");
  const [containerType, setContainerType] = useState<ContainerType | "">("");
  const [containerCount, setContainerCount] = useState("1");
  const [handler, setHandler] = useState("");
  const [handlerDept, setHandlerDept] = useState("");
  const formRef = useRef<HTMLFormElement>(null);

  // Keep the untouched default at "now" while the form sits open.
  useEffect(() => {
    if (atTouched) return;
    setAt(localDateTimeIn(plant.timezone));
    const timer = setInterval(() => setAt(localDateTimeIn(plant.timezone)), 30_000);
    return () => clearInterval(timer);
  }, [atTouched, plant.timezone]);

  useEffect(() => {
    if (!success) return;
    const timer = setTimeout(() => setSuccess(null), 10_000);
    return () => clearTimeout(timer);
  }, [success]);

  const stream = streams.find((s) => s.id === streamId) ?? null;
  const code = stream ? stream.code : (codeFromText(codeText) ?? codeText.trim());
  const codeInfo = codes.find((c) => c.code === code) ?? null;
  const lang = currentLanguage();

  const precheck = (): FieldErrors => {
    const out: FieldErrors = {};
    if (!stream && !codeFromText(codeText)) out.code = t("gen.check.codeRequired");
    const q = checkQuantity(quantity, unit);
    if (q === "required") out.quantity = t("gen.check.quantityRequired");
    else if (q === "format") out.quantity = t("gen.check.quantityFormat");
    else if (q === "zero") out.quantity = t("gen.check.quantityZero");
    else if (q === "decimals") out.quantity = t("gen.check.quantityDecimals", { unit, max: MAX_DECIMALS[unit] });
    if (atTouched && at !== "" && !DATETIME_LOCAL_RE.test(at)) out.generated_at = t("gen.check.atFormat");
    if (containerCount.trim() !== "" && !/^[1-9]\d{0,5}$/.test(containerCount.trim())) out.container_count = t("gen.check.count");
    return out;
  };

  const focusFirstError = (found: FieldErrors) => {
    const order: readonly string[] = GEN_FIELDS;
    const first = order.find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#gen-${first}`)?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    setSuccess(null);
    setErrorDetail(null);
    const found = precheck();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      focusFirstError(found);
      return;
    }
    setBusy(true);
    try {
      const entry = await recordGeneration({
        stream_id: stream ? stream.id : null,
        code: stream ? null : codeFromText(codeText),
        quantity: quantity.trim(),
        unit,
        container_id: container.trim(),
        storage_area: area.trim(),
        generated_at_local: atTouched && at !== "" ? at : null,
        details: {
          generation_point: point || null,
          container_type: containerType || null,
          container_count: containerCount.trim() === "" ? null : Number(containerCount.trim()),
          handler: handler.trim() || null,
          handler_dept: handlerDept.trim() || null,
        },
      });
      setQuantity("");
      setContainer("");
      setSuccess(t("gen.success", { batch: entry.batch_code }));
      onRecorded();
      formRef.current?.querySelector<HTMLElement>("#gen-quantity")?.focus();
    } catch (err) {
      const placed = placeError(err, t, GEN_FIELDS, ALIASES);
      setErrors(placed.fields);
      setErrorDetail(placed.detail);
      setFormError(placed.form);
      focusFirstError(placed.fields);
    } finally {
      setBusy(false);
    }
  };

  // Enter on a <select> does not submit natively; make the whole form Enter-to-submit.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.target as HTMLElement).tagName === "SELECT") {
      e.preventDefault();
      formRef.current?.requestSubmit();
    }
  };

  const err = (f: string) => errors[f] ?? null;

  return (
    <>
    <form ref={formRef} className="panel gen-form" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <div className="panel__head">
        <h2>{t("gen.title")}</h2>
        <button type="button" className="btn btn--link" onClick={() => setAddingStream(true)}>
          {t("gen.addStream")}
        </button>
      </div>
      <FormError message={formError} />
      {success ? (
        <div className="toast" role="status" data-testid="gen-success">
          {success}
          <button type="button" className="toast__close" aria-label={t("common.close")} onClick={() => setSuccess(null)}>
            ×
          </button>
        </div>
      ) : null}
      <div className="gen-grid">
        <Field id="gen-stream_id" name="stream_id" label={t("gen.stream")} error={err("stream_id")} errorDetail={errorDetail}>
          <select
            {...a11yFor("gen-stream_id", err("stream_id"))}
            data-testid="gen-stream"
            value={streamId}
            onChange={(e) => setStreamId(e.target.value)}
          >
            <option value="">{t("gen.streamNone")}</option>
            {streams.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.code})
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="gen-code"
          name="code"
          label={t("gen.code")}
          error={err("code")}
          errorDetail={errorDetail}
          className="gen-grid__wide"
        >
          <HwCodePicker
            id="gen-code"
            testId="gen-code"
            codes={codes}
            value={stream ? stream.code : codeText}
            onChange={setCodeText}
            disabled={stream !== null}
            invalid={Boolean(err("code"))}
            describedBy={err("code") ? "gen-code-error" : codeInfo ? "gen-code-info" : undefined}
          />
          {codeInfo && !err("code") ? (
            <div className="field__hint" id="gen-code-info" title={codeInfo.name_zh}>
              {codeInfo.category} {lang === "en" ? codeInfo.category_name_en : codeInfo.category_name_zh} — {codeInfo.name_zh}
            </div>
          ) : null}
        </Field>
        <div className="qty-group">
          <Field id="gen-quantity" name="quantity" label={t("gen.quantity")} error={err("quantity")} errorDetail={errorDetail}>
            <input
              {...a11yFor("gen-quantity", err("quantity"))}
              data-testid="gen-quantity"
              className="num"
              inputMode="decimal"
              autoComplete="off"
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          </Field>
          <Field id="gen-unit" name="unit" label={t("gen.unit")} error={err("unit")} errorDetail={errorDetail}>
            <select
              {...a11yFor("gen-unit", err("unit"))}
              data-testid="gen-unit"
              value={unit}
              onChange={(e) => setUnit(e.target.value as MassUnit)}
            >
              <option value="kg">kg</option>
              <option value="t">t</option>
            </select>
          </Field>
        </div>
        <Field
          id="gen-container_id"
          name="container_id"
          label={t("gen.container")}
          error={err("container_id")}
          errorDetail={errorDetail}
        >
          <input
            {...a11yFor("gen-container_id", err("container_id"))}
            data-testid="gen-container"
            autoComplete="off"
            value={container}
            onChange={(e) => setContainer(e.target.value)}
          />
        </Field>
        <Field
          id="gen-storage_area"
          name="storage_area"
          label={t("gen.area")}
          error={err("storage_area")}
          errorDetail={errorDetail}
        >
          <input
            {...a11yFor("gen-storage_area", err("storage_area"))}
            data-testid="gen-area"
            value={area}
            onChange={(e) => setArea(e.target.value)}
          />
        </Field>
        <Field
          id="gen-generated_at"
          name="generated_at"
          label={t("gen.at")}
          error={err("generated_at")}
          errorDetail={errorDetail}
          hint={atTouched ? undefined : t("gen.atHint")}
        >
          <DateTimeInput
            {...a11yFor("gen-generated_at", err("generated_at"), atTouched ? undefined : "gen-generated_at-hint")}
            data-testid="gen-at"
            value={at}
            onChange={(v) => {
              setAt(v);
              setAtTouched(v !== "");
            }}
          />
        </Field>
        <Field
          id="gen-generation_point"
          name="generation_point"
          label={t("gen.point")}
          error={err("generation_point")}
          errorDetail={errorDetail}
          hint={points !== null && points.length === 0 ? t("gen.pointNone") : undefined}
        >
          <select
            {...a11yFor("gen-generation_point", err("generation_point"))}
            data-testid="gen-point"
            value={point}
            onChange={(e) => setPoint(e.target.value)}
          >
            <option value="">{t("gen.notRecorded")}</option>
            {(points ?? []).map((p) => (
              <option key={p.id} value={p.code}>
                {p.code} {p.name}
              </option>
            ))}
          </select>
        </Field>
        <div className="qty-group">
          <Field id="gen-container_type" name="container_type" label={t("gen.containerType")} error={err("container_type")} errorDetail={errorDetail}>
            <select
              {...a11yFor("gen-container_type", err("container_type"))}
              data-testid="gen-container-type"
              value={containerType}
              onChange={(e) => setContainerType(e.target.value as ContainerType | "")}
            >
              <option value="">{t("gen.notRecorded")}</option>
              {CONTAINER_TYPES.map((c) => (
                <option key={c} value={c}>
                  {t(`containerTypes.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="gen-container_count" name="container_count" label={t("gen.containerCount")} error={err("container_count")} errorDetail={errorDetail}>
            <input
              {...a11yFor("gen-container_count", err("container_count"))}
              data-testid="gen-container-count"
              className="num"
              inputMode="numeric"
              value={containerCount}
              onChange={(e) => setContainerCount(e.target.value)}
            />
          </Field>
        </div>
        <Field id="gen-handler" name="handler" label={t("gen.handler")} error={err("handler")} errorDetail={errorDetail}>
          <input
            {...a11yFor("gen-handler", err("handler"))}
            data-testid="gen-handler"
            value={handler}
            onChange={(e) => setHandler(e.target.value)}
          />
        </Field>
        <Field id="gen-handler_dept" name="handler_dept" label={t("gen.handlerDept")} error={err("handler_dept")} errorDetail={errorDetail}>
          <input
            {...a11yFor("gen-handler_dept", err("handler_dept"))}
            data-testid="gen-handler-dept"
            value={handlerDept}
            onChange={(e) => setHandlerDept(e.target.value)}
          />
        </Field>
        <div className="gen-grid__submit">
          <button type="submit" className="btn btn--primary" data-testid="gen-submit" disabled={busy}>
            {busy ? t("gen.submitting") : t("gen.submit")}
          </button>
        </div>
      </div>
    </form>
      {addingStream ? (
        <AddStreamDialog
          codes={codes}
          onClose={() => setAddingStream(false)}
          onAdded={async (s) => {
            setAddingStream(false);
            await onStreamAdded();
            setStreamId(s.id);
          }}
        />
      ) : null}
    </>
  );
}
