// A registered plant's dialogs: the change of segment, boundary dates or e-mail (only what was
// changed is sent; an emptied boundary end puts the plant back inside), the rotation to a new
// public key from a day on (the previous key ends the day before), and its key history.
import { useState, type ChangeEvent, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { hqChangePlant, hqKeys, hqRotateKey, type PlantChange, type RegKey, type RegPlant, type Segment } from "../../ipc/api";
import { placeError, placeErrorIn, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { DATE_RE } from "../../lib/time";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { groupFingerprint } from "../sync/format";
import { segmentName } from "./format";
import { readText } from "./readText";
import { DateInput } from "../../components/DateInput";

const CHANGE_FIELDS = ["segment_code", "in_boundary_from", "out_of_boundary_from", "email"] as const;

type ChangeProps = { plant: RegPlant; segments: readonly Segment[]; onClose: () => void; onDone: (p: RegPlant) => void };

export function ChangePlantDialog({ plant, segments, onClose, onDone }: ChangeProps) {
  const { t, i18n } = useTranslation();
  const [segment, setSegment] = useState(plant.segment_code);
  const [from, setFrom] = useState(plant.in_boundary_from);
  const [until, setUntil] = useState(plant.out_of_boundary_from ?? "");
  const [email, setEmail] = useState(plant.email);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("hq.errors", e, t, CHANGE_FIELDS));

  const change: PlantChange = {
    name: null,
    legal_entity: null,
    segment_code: segment !== plant.segment_code ? segment : null,
    in_boundary_from: from.trim() !== plant.in_boundary_from ? from.trim() : null,
    out_of_boundary_from: until.trim() !== (plant.out_of_boundary_from ?? "") ? until.trim() : null,
    email: email.trim() !== plant.email ? email.trim() : null,
  };
  const nothing = Object.values(change).every((v) => v === null);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!DATE_RE.test(from.trim())) found.in_boundary_from = t("hq.dateFormat");
    if (until.trim() && !DATE_RE.test(until.trim())) found.out_of_boundary_from = t("hq.dateFormat");
    const out: { plant?: RegPlant } = {};
    const ok = await submit(found, async () => {
      out.plant = await hqChangePlant(plant.code, change);
    });
    if (ok && out.plant) onDone(out.plant);
  };

  return (
    <Modal title={t("hq.registry.changeTitle", { code: plant.code, name: plant.name })} onClose={onClose} testId="hq-plant-change-dialog">
      <form onSubmit={send} noValidate>
        <FormError message={formError} testId="hq-change-error" />
        <Field id="hq-change-segment" name="segment_code" label={t("hq.segment")} error={errors.segment_code} errorDetail={errorDetail}>
          <select
            {...a11yFor("hq-change-segment", errors.segment_code)}
            data-testid="hq-change-segment"
            value={segment}
            onChange={(e) => setSegment(e.target.value)}
          >
            {segments.map((s) => (
              <option key={s.code} value={s.code}>
                {s.code} · {segmentName(s, i18n.language)}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid2">
          <Field
            id="hq-change-from"
            name="in_boundary_from"
            label={t("hq.registry.from")}
            error={errors.in_boundary_from}
            errorDetail={errorDetail}
          >
            <DateInput
              {...a11yFor("hq-change-from", errors.in_boundary_from)}
              data-testid="hq-change-from"
              value={from}
              onChange={(v) => setFrom(v)}
            />
          </Field>
          <Field
            id="hq-change-until"
            name="out_of_boundary_from"
            label={t("hq.registry.until")}
            error={errors.out_of_boundary_from}
            errorDetail={errorDetail}
            hint={t("hq.registry.untilHint")}
          >
            <DateInput
              {...a11yFor("hq-change-until", errors.out_of_boundary_from, errors.out_of_boundary_from ? undefined : "hq-change-until-hint")}
              data-testid="hq-change-until"
              value={until}
              onChange={(v) => setUntil(v)}
            />
          </Field>
        </div>
        <Field id="hq-change-email" name="email" label={t("hq.registry.col.email")} error={errors.email} errorDetail={errorDetail}>
          <input
            {...a11yFor("hq-change-email", errors.email)}
            data-testid="hq-change-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="hq-change-submit" disabled={busy || nothing}>
            {t("hq.registry.saveChange")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

const ROTATE_FIELDS = ["public_key_pem", "valid_from", "note"] as const;

type RotateProps = { plant: RegPlant; onClose: () => void; onDone: (k: RegKey) => void };

export function RotateKeyDialog({ plant, onClose, onDone }: RotateProps) {
  const { t } = useTranslation();
  const [pem, setPem] = useState("");
  const [from, setFrom] = useState("");
  const [note, setNote] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("hq.errors", e, t, ROTATE_FIELDS));

  const loadPem = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file) return;
    setFileError(null);
    try {
      setPem(await readText(file));
    } catch (err) {
      setFileError(placeError(err, t, []).form);
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!pem.trim()) found.public_key_pem = t("common.required");
    if (!DATE_RE.test(from.trim())) found.valid_from = from.trim() ? t("hq.dateFormat") : t("common.required");
    const out: { key?: RegKey } = {};
    const ok = await submit(found, async () => {
      out.key = await hqRotateKey(plant.code, pem, from.trim(), note.trim());
    });
    if (ok && out.key) onDone(out.key);
  };

  return (
    <Modal title={t("hq.registry.rotateTitle", { code: plant.code, name: plant.name })} onClose={onClose} testId="hq-rotate-dialog" wide>
      <form onSubmit={send} noValidate>
        <p className="muted">{t("hq.registry.rotateExplain")}</p>
        <FormError message={formError} testId="hq-rotate-error" />
        <Field
          id="hq-rotate-pem"
          name="public_key_pem"
          label={t("hq.registry.pem")}
          error={errors.public_key_pem}
          errorDetail={errorDetail}
        >
          <textarea
            {...a11yFor("hq-rotate-pem", errors.public_key_pem)}
            data-testid="hq-rotate-pem"
            className="mono"
            rows={4}
            spellCheck={false}
            value={pem}
            onChange={(e) => setPem(e.target.value)}
          />
        </Field>
        <div className="hq-pem-file">
          <label htmlFor="hq-rotate-pem-file">{t("hq.registry.pemFile")}</label>
          <input
            id="hq-rotate-pem-file"
            data-testid="hq-rotate-pem-file"
            type="file"
            accept=".pem,.txt,text/plain"
            onChange={(e) => void loadPem(e)}
          />
        </div>
        <FormError message={fileError} testId="hq-rotate-pem-file-error" />
        <div className="grid2">
          <Field id="hq-rotate-from" name="valid_from" label={t("hq.registry.keyFrom")} error={errors.valid_from} errorDetail={errorDetail}>
            <DateInput
              {...a11yFor("hq-rotate-from", errors.valid_from)}
              data-testid="hq-rotate-from"
              value={from}
              onChange={(v) => setFrom(v)}
            />
          </Field>
          <Field id="hq-rotate-note" name="note" label={t("hq.registry.note")} error={errors.note} errorDetail={errorDetail}>
            <input
              {...a11yFor("hq-rotate-note", errors.note)}
              data-testid="hq-rotate-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </Field>
        </div>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t("common.cancel")}
          </button>
          <button type="submit" className="btn btn--primary" data-testid="hq-rotate-submit" disabled={busy}>
            {t("hq.registry.rotateSubmit")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function KeysDialog({ plant, onClose }: { plant: RegPlant; onClose: () => void }) {
  const { t } = useTranslation();
  const load = useLoad(() => hqKeys(plant.code), [plant.code], { describe: (e) => placeError(e, t, []).form });
  const columns: DataColumn<RegKey>[] = [
    valueColumn("fingerprint", t("hq.registry.fingerprint"), (r) => groupFingerprint(r.fingerprint)),
    valueColumn("from", t("hq.registry.keyFrom"), (r) => r.valid_from),
    valueColumn("until", t("hq.registry.keyUntil"), (r) => r.valid_until ?? "—"),
    { id: "note", header: t("hq.registry.note"), cell: (r) => r.note },
  ];
  return (
    <Modal title={t("hq.registry.keysTitle", { code: plant.code, name: plant.name })} onClose={onClose} testId="hq-keys-dialog" wide>
      <DataTable
        columns={columns}
        data={load.data}
        idPrefix="hq-keys"
        rowTestId="hq-key-row"
        loading={load.loading}
        error={load.error}
        columnMenu={false}
        initialSort={{ id: "from", desc: true }}
        empty={t("hq.registry.noKeys")}
      />
    </Modal>
  );
}
