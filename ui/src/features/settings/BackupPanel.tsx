// 备份 / Backups: the backup folder (a USB stick, a network share), the keep count, the
// schedule and the age alert, saved in one go (`set_settings`); "back up now" with its result;
// the copies in the folder with their latest check and a verify button; restore (admins) with a
// preview of what the copy holds — plant, schema, counts, newest record, integrity and audit
// check, the photo files and where they come from — and the plant code typed as confirmation.
// The core checks, refuses and decides who may; after a restore everyone is signed out (the
// restored file has its own users). Photos: a backup's photo counts and the files it could not
// back up; a copy whose backup row carries a photo warning is marked; verify names photo gaps.
import { useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import {
  backupList,
  backupNow,
  backupPreview,
  backupRestore,
  backupVerify,
  setSettings,
  type BackupCopy,
  type BackupReport,
  type CopyCheck,
  type RestorePreview,
} from "../../ipc/api";
import { messageText, placeError, placeErrorIn } from "../../lib/errors";
import type { ErrorMsg } from "../../ipc/bindings/ErrorMsg";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { utcToPlant } from "../sync/OutboxPanel";

/** The settings this card edits, in the order shown. */
export const BACKUP_KEYS = ["backup_folder", "backup_keep", "backup_interval_days", "backup_stale_days"] as const;
type Key = (typeof BACKUP_KEYS)[number];

const LABEL: Record<Key, string> = {
  backup_folder: "backup.folder",
  backup_keep: "backup.keep",
  backup_interval_days: "backup.interval",
  backup_stale_days: "backup.stale",
};

/** The first names of a list, then "…" with how many more. */
export function names(list: string[], max = 5): string {
  const head = list.slice(0, max).join(", ");
  return list.length > max ? `${head} … (+${list.length - max})` : head;
}

/** A core message (a copy's problem, a refusal) in the current language; its key if unknown. */
function said(t: TFunction, m: ErrorMsg): string {
  return messageText(t, m) ?? m.key;
}

/** Why a verify failed: the database check first, then the photos. */
function verifyReason(r: CopyCheck, t: TFunction): string {
  if (r.integrity !== "ok") return r.integrity;
  if (r.problem) return said(t, r.problem);
  if (r.audit_verify !== "ok") return r.audit_verify;
  const p = r.photos;
  if (p && (p.missing.length > 0 || p.bad.length > 0)) {
    return t("backup.verifyPhotos", { missing: p.missing.length, bad: p.bad.length, names: names([...p.missing, ...p.bad]) });
  }
  return "";
}

/** "12.3 MB" / "850 KB" / "900 B". */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

type Props = {
  canEdit: boolean;
  isAdmin: boolean;
  timezone: string;
  /** After a restore: the app asks the core who is signed in (nobody) and shows sign-in. */
  onRestored: () => Promise<void> | void;
};

export function BackupPanel({ canEdit, isAdmin, timezone, onRestored }: Props) {
  const { t } = useTranslation();
  const status = useLoad(backupList);
  const [edits, setEdits] = useState<Partial<Record<Key, string>>>({});
  const [saved, setSaved] = useState(false);
  const [done, setDone] = useState<BackupReport | null>(null);
  const [checks, setChecks] = useState<Record<string, { ok: boolean; text: string }>>({});
  const [restoring, setRestoring] = useState<BackupCopy | null>(null);
  // A refused value gets the settings screen's sentence for its key (plantSettings.invalid.<key>).
  const invalid = Object.fromEntries(BACKUP_KEYS.map((k) => [`${k}.Invalid`, t(`plantSettings.invalid.${k}`)]));
  const form = useSubmit((e) => placeErrorIn("backup.invalid", e, t, [...BACKUP_KEYS], invalid));
  const run = useSubmit((e) => placeError(e, t, []));

  const s = status.data;
  const stored = (k: Key): string => {
    if (!s) return "";
    switch (k) {
      case "backup_folder":
        return s.folder ?? "";
      case "backup_keep":
        return String(s.keep);
      case "backup_interval_days":
        return String(s.interval_days);
      case "backup_stale_days":
        return String(s.stale_days);
    }
  };
  const value = (k: Key) => edits[k] ?? stored(k);

  const save = async () => {
    setSaved(false);
    const ok = await form.submit({}, async () => {
      await setSettings(BACKUP_KEYS.map((k) => [k, value(k)]));
    });
    if (ok) {
      setEdits({});
      setSaved(true);
      await status.reload();
    }
  };

  const backUp = async () => {
    setDone(null);
    const ok = await run.submit({}, async () => {
      setDone(await backupNow());
    });
    if (!ok) setDone(null);
    await status.reload();
  };

  const verify = async (c: BackupCopy) => {
    try {
      const r = await backupVerify(c.path);
      const reason = r.ok ? "" : verifyReason(r, t);
      setChecks((m) => ({ ...m, [c.path]: { ok: r.ok, text: r.ok ? t("backup.verified") : t("backup.verifyFailed", { reason }) } }));
    } catch (e) {
      const placed = placeError(e, t, []);
      setChecks((m) => ({ ...m, [c.path]: { ok: false, text: placed.form ?? placed.detail ?? "" } }));
    }
    await status.reload();
  };

  const field = (k: Key, numeric: boolean) => (
    <Field id={`backup-${k}`} name={k} label={t(LABEL[k])} error={form.errors[k]} errorDetail={form.errorDetail}>
      <input
        {...a11yFor(`backup-${k}`, form.errors[k])}
        type="text"
        inputMode={numeric ? "numeric" : undefined}
        placeholder={k === "backup_folder" ? t("backup.folderPlaceholder") : undefined}
        data-testid={`backup-${k}`}
        value={value(k)}
        disabled={!canEdit || s === null}
        onChange={(e) => {
          setEdits((m) => ({ ...m, [k]: e.target.value }));
          setSaved(false);
        }}
      />
    </Field>
  );

  const checkLabel = (c: BackupCopy) => {
    if (c.good) return t("backup.status.good");
    if (c.last_check?.outcome === "failed") return t("backup.status.failed");
    return t("backup.status.unchecked");
  };

  return (
    <section className="panel" data-testid="backup-panel">
      <h2>{t("backup.title")}</h2>
      <p className="muted panel__note">{t("backup.intro")}</p>
      <FormError message={status.error} testId="backup-load-error" />
      <form
        className="smtp__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {field("backup_folder", false)}
        {field("backup_keep", true)}
        {field("backup_interval_days", true)}
        {field("backup_stale_days", true)}
        <FormError message={form.formError} testId="backup-settings-error" />
        {canEdit ? (
          <button type="submit" className="btn" data-testid="backup-save" disabled={form.busy || s === null}>
            {t("backup.save")}
          </button>
        ) : (
          <p className="muted">{t("plantSettings.readOnly")}</p>
        )}
        {saved ? (
          <span className="panel__note" data-testid="backup-saved">
            {" "}
            {t("backup.saved")}
          </span>
        ) : null}
      </form>

      {s ? (
        <p data-testid="backup-summary">
          {s.last_good_at ? t("backup.lastGood", { at: utcToPlant(s.last_good_at, timezone) }) : t("backup.never")}
          {s.next_due_at ? ` · ${t("backup.nextDue", { at: utcToPlant(s.next_due_at, timezone) })}` : ""}
          {s.folder === null ? ` · ${t("backup.noFolder")}` : ""}
        </p>
      ) : null}
      {s?.folder_problem ? (
        <p className="field__error" data-testid="backup-folder-problem">
          {said(t, s.folder_problem)}
        </p>
      ) : null}

      {canEdit ? (
        <p>
          <button type="button" className="btn btn--primary" data-testid="backup-now" disabled={run.busy || s === null} onClick={() => void backUp()}>
            {run.busy ? t("backup.running") : t("backup.now")}
          </button>
        </p>
      ) : null}
      <FormError message={run.formError} testId="backup-now-error" />
      {done ? (
        <p className="panel__note" data-testid="backup-done">
          {t("backup.done", { path: done.copy.path, size: fileSize(done.copy.bytes) })}
          {done.deleted.length > 0 ? ` ${t("backup.rotated", { count: done.deleted.length })}` : ""}
          {done.copy.photos ? (
            <span data-testid="backup-done-photos">
              {" "}
              {t("backup.photosDone", { files: done.copy.photos.files, copied: done.photos.copied, already: done.photos.already })}
            </span>
          ) : null}
        </p>
      ) : null}
      {done?.warning ? (
        <p className="field__error" data-testid="backup-photo-warning" title={done.warning}>
          {(() => {
            const lost = [...done.photos.missing_live, ...done.photos.bad_live, ...done.photos.not_written];
            return t("backup.photosWarning", { count: lost.length, names: names(lost) });
          })()}
        </p>
      ) : null}

      <h3>{t("backup.copies")}</h3>
      {s && s.copies.length === 0 ? <p className="muted">{t("backup.noCopies")}</p> : null}
      {s && s.copies.length > 0 ? (
        <div className="table-wrap">
          <table className="table" data-testid="backup-copies">
            <thead>
              <tr>
                <th>{t("backup.col.file")}</th>
                <th>{t("backup.col.taken")}</th>
                <th>{t("backup.col.size")}</th>
                <th>{t("backup.col.check")}</th>
                {canEdit ? <th>{t("backup.col.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {s.copies.map((c) => (
                <tr key={c.path} data-testid="backup-copy" data-good={c.good ? "yes" : "no"}>
                  <td className="mono">{c.file_name}</td>
                  <td className="mono">{utcToPlant(c.taken_at, timezone)}</td>
                  <td>{fileSize(c.bytes)}</td>
                  <td>
                    <span data-testid="backup-copy-check">{checkLabel(c)}</span>
                    {c.last_check?.message.startsWith("warning:") ? (
                      <span className="field__error" data-testid="backup-copy-warning" title={c.last_check.message}>
                        {" "}
                        · {t("backup.status.photoWarning")}
                      </span>
                    ) : null}
                    {checks[c.path] ? <VerifyResult ok={checks[c.path]?.ok ?? false} text={checks[c.path]?.text ?? ""} /> : null}
                  </td>
                  {canEdit ? (
                    <td>
                      <button type="button" className="btn" data-testid="backup-verify" onClick={() => void verify(c)}>
                        {t("backup.verify")}
                      </button>{" "}
                      {isAdmin ? (
                        <button type="button" className="btn" data-testid="backup-restore" onClick={() => setRestoring(c)}>
                          {t("backup.restore")}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {restoring ? (
        <RestoreDialog copy={restoring} timezone={timezone} onClose={() => setRestoring(null)} onRestored={onRestored} />
      ) : null}
    </section>
  );
}

function VerifyResult({ ok, text }: { ok: boolean; text: string }) {
  return (
    <div className={ok ? "panel__note" : "field__error"} data-testid="backup-verify-result">
      {text}
    </div>
  );
}

function RestoreDialog({
  copy,
  timezone,
  onClose,
  onRestored,
}: {
  copy: BackupCopy;
  timezone: string;
  onClose: () => void;
  onRestored: () => Promise<void> | void;
}) {
  const { t } = useTranslation();
  const preview = useLoad(() => backupPreview(copy.path));
  const [typed, setTyped] = useState("");
  const [restoredTo, setRestoredTo] = useState<string | null>(null);
  const [restoredPhotos, setRestoredPhotos] = useState<{ copied: number; missing: string[] } | null>(null);
  const go = useSubmit((e) => placeError(e, t, ["confirm"]));
  const pv: RestorePreview | null = preview.data;
  const code = pv?.copy.plant_code ?? "";

  const restore = async () => {
    const ok = await go.submit({}, async () => {
      const r = await backupRestore(copy.path, typed.trim());
      setRestoredTo(r.kept_aside);
      setRestoredPhotos({ copied: r.photos_copied, missing: r.photos_unavailable });
    });
    // Signed out already by the core; the message stays until the dialog is closed.
    if (!ok) setRestoredTo(null);
  };

  const row = (label: string, value: string, testId: string) => (
    <div className="props__row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );

  return (
    <Modal title={t("backup.preview.title")} onClose={restoredTo ? () => void onRestored() : onClose} testId="backup-restore-dialog" wide>
      <p className="mono">{copy.path}</p>
      <FormError message={preview.error} testId="backup-preview-error" />
      {pv ? (
        <>
          <dl className="props">
            {row(t("backup.preview.plant"), `${pv.copy.plant_code ?? "—"} ${pv.copy.plant_name ?? ""}`.trim(), "backup-preview-plant")}
            {row(
              t("backup.preview.schema"),
              t("backup.preview.schemaValue", { copy: pv.copy.schema_version, build: pv.copy.build_schema_version }),
              "backup-preview-schema",
            )}
            {row(
              t("backup.preview.newest"),
              pv.copy.newest_record_at ? utcToPlant(pv.copy.newest_record_at, timezone) : "—",
              "backup-preview-newest",
            )}
            {row(t("backup.preview.auditRows"), String(pv.copy.audit_rows), "backup-preview-audit-rows")}
            {row(t("backup.preview.integrity"), pv.copy.integrity, "backup-preview-integrity")}
            {row(t("backup.preview.audit"), pv.copy.audit_verify, "backup-preview-audit")}
            {pv.copy.photos
              ? row(
                  t("backup.preview.photos"),
                  t("backup.preview.photosValue", { files: pv.copy.photos.files, present: pv.copy.photos.present }),
                  "backup-preview-photos",
                )
              : null}
            {pv.photos
              ? row(
                  t("backup.preview.photoPlan"),
                  t("backup.preview.photoPlanValue", { inPlace: pv.photos.in_place, fromBackup: pv.photos.from_backup }),
                  "backup-preview-photo-plan",
                )
              : null}
          </dl>
          {pv.photos && pv.photos.files > 0 ? (
            pv.photos.complete ? (
              <p className="panel__note" data-testid="backup-preview-photos-complete">
                {t("backup.preview.photosComplete")}
              </p>
            ) : (
              <p className="field__error" data-testid="backup-preview-photos-incomplete">
                {t("backup.preview.photosIncomplete", { count: pv.photos.unavailable.length, names: names(pv.photos.unavailable) })}
              </p>
            )
          ) : null}
          {pv.copy.counts.length > 0 ? (
            <>
              <h3>{t("backup.preview.counts")}</h3>
              <dl className="props" data-testid="backup-preview-counts">
                {pv.copy.counts.map((c) => row(t(`backup.tables.${c.table}`, { defaultValue: c.table }), String(c.rows), `backup-count-${c.table}`))}
              </dl>
            </>
          ) : null}
          {pv.refusal ? (
            <p className="field__error" data-testid="backup-preview-refusal">
              {t("backup.preview.refused", { reason: said(t, pv.refusal) })}
            </p>
          ) : restoredTo ? (
            <>
              <p className="panel__note" data-testid="backup-restored">
                {t("backup.restored", { path: restoredTo })}
                {restoredPhotos && restoredPhotos.copied > 0 ? ` ${t("backup.restoredPhotos", { count: restoredPhotos.copied })}` : ""}
              </p>
              {restoredPhotos && restoredPhotos.missing.length > 0 ? (
                <p className="field__error" data-testid="backup-restored-photos-missing">
                  {t("backup.restoredPhotosMissing", { count: restoredPhotos.missing.length, names: names(restoredPhotos.missing) })}
                </p>
              ) : null}
              <button type="button" className="btn btn--primary" data-testid="backup-sign-in-again" onClick={() => void onRestored()}>
                {t("backup.signInAgain")}
              </button>
            </>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void restore();
              }}
            >
              <p className="muted">{t("backup.preview.warning")}</p>
              <Field id="backup-confirm" name="confirm" label={t("backup.preview.confirmLabel", { code })} error={go.errors.confirm} errorDetail={go.errorDetail}>
                <input
                  {...a11yFor("backup-confirm", go.errors.confirm)}
                  type="text"
                  autoComplete="off"
                  data-testid="backup-confirm"
                  value={typed}
                  onChange={(e) => setTyped(e.target.value)}
                />
              </Field>
              <FormError message={go.formError} testId="backup-restore-error" />
              <button type="submit" className="btn btn--danger" data-testid="backup-restore-confirm" disabled={go.busy || typed.trim() !== code}>
                {go.busy ? t("backup.preview.restoring") : t("backup.preview.confirm")}
              </button>{" "}
              <button type="button" className="btn" onClick={onClose}>
                {t("backup.preview.cancel")}
              </button>
            </form>
          )}
        </>
      ) : null}
    </Modal>
  );
}
