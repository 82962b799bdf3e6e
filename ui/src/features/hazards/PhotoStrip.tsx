// Hazard photos (issue 13 item 2): before photos (the hazard as found) and after photos (the
// rectification, each naming the before photo it answers), as thumbnails of the core's
// downscaled copies; a click opens the original. Photos come in by the file picker, by pasting
// an image (Ctrl+V with the zone focused) or by dropping files on the zone — the webview's own
// drop in a browser and in tests, the window's native drop (paths) in the app, where the webview
// never sees dropped files. The bytes go to the core as the raw request body (ipc/hazardPhotos),
// a dropped path by its path; the core checks every photo (type by its bytes, ≤ 15 MB,
// ≤ 12,000 px, decodable) and its refusal is shown with its reason.
//
// Two uses: PhotoStrip on a saved hazard (HazardDetail: before photos until close-out, after
// photos once it is assigned for rectification; void with a reason) and PendingPhotos in quick
// capture (checked at once, held until the hazard is saved, then attached by attachPending).
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  hazardPhotoAdd,
  hazardPhotoAddPath,
  hazardPhotoCheck,
  hazardPhotoRead,
  hazardPhotos,
  hazardPhotoVoid,
  isAppError,
  type Hazard,
  type HazardPhoto,
  type PhotoStage,
} from "../../ipc/api";
import { onPathsDropped } from "../../ipc/drop";
import { errorText, placeError } from "../../lib/errors";
import i18n from "../../i18n";
import { useLoad } from "../../lib/useLoad";
import { FormError } from "../../components/Field";
import { Modal } from "../../components/Modal";
import { ReasonDialog } from "../../components/ReasonDialog";

/** What came in: a file's bytes (picker, paste, webview drop) or a path (the window's drop). */
export type Intake = { kind: "file"; file: File } | { kind: "path"; path: string };

/** A photo waiting for its hazard to be saved. */
export type PendingPhoto = { key: string; name: string; intake: Intake; url: string | null };

const IMAGE_TYPES = "image/jpeg,image/png,image/webp";

/** A blob URL, where the webview has them (jsdom has not). */
function objectUrl(b: Blob): string | null {
  return typeof URL.createObjectURL === "function" ? URL.createObjectURL(b) : null;
}

function revoke(url: string | null) {
  if (url && typeof URL.revokeObjectURL === "function") URL.revokeObjectURL(url);
}

const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;

/** The core's reason for a refusal (a photo's check names "file"); other errors worded. */
function useReason() {
  const { t } = useTranslation();
  return (e: unknown): string => (isAppError(e) && e.field ? errorText(e, t) : (placeError(e, t, []).form ?? String(e)));
}

/** The files of a paste or a webview drop (images only from the clipboard: pasted text is left
 *  to the input it was meant for). */
function filesOf(list: FileList | null | undefined, items?: DataTransferItemList | null): File[] {
  const out: File[] = Array.from(list ?? []);
  if (out.length === 0 && items) {
    for (const item of Array.from(items)) {
      if (item.kind !== "file") continue;
      const f = item.getAsFile();
      if (f) out.push(f);
    }
  }
  return out;
}

type ZoneProps = {
  testId: string;
  label: string;
  onIntake: (items: Intake[]) => void;
  disabled?: boolean;
  children?: ReactNode;
};

/** Where photos come in: a focusable zone taking pastes and drops, with a file picker. */
export function PhotoDropZone({ testId, label, onIntake, disabled, children }: ZoneProps) {
  const { t } = useTranslation();
  const zone = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const intake = useRef(onIntake);
  intake.current = onIntake;

  // The window's native drop (the app): files dropped inside this zone's box.
  useEffect(() => {
    if (disabled) return;
    let stop: (() => void) | null = null;
    let gone = false;
    const inside = (at?: { x: number; y: number }) => {
      const r = zone.current?.getBoundingClientRect();
      return !!(at && r && at.x >= r.left && at.x <= r.right && at.y >= r.top && at.y <= r.bottom);
    };
    void onPathsDropped((e) => {
      if (e.type === "leave") setOver(false);
      else if (e.type === "over") setOver(inside(e.at));
      else {
        setOver(false);
        if (inside(e.at) && e.paths.length > 0) intake.current(e.paths.map((path) => ({ kind: "path", path })));
      }
    })
      .then((f) => {
        if (gone) f();
        else stop = f;
      })
      .catch(() => undefined); // no native drop here: the webview's drop still works
    return () => {
      gone = true;
      stop?.();
    };
  }, [disabled]);

  const take = (files: File[]) => {
    if (files.length > 0) intake.current(files.map((file) => ({ kind: "file", file })));
  };
  const onPaste = (e: ClipboardEvent<HTMLDivElement>) => {
    const files = filesOf(e.clipboardData?.files, e.clipboardData?.items);
    if (files.length === 0) return;
    e.preventDefault();
    take(files);
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    take(filesOf(e.dataTransfer?.files, e.dataTransfer?.items));
  };

  if (disabled) return null;
  return (
    <div
      ref={zone}
      className={`photo-zone${over ? " photo-zone--over" : ""}`}
      data-testid={testId}
      tabIndex={0}
      role="group"
      aria-label={label}
      onPaste={onPaste}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <span className="muted small">{t("hazards.photos.zone")}</span>
      <button type="button" className="btn btn--small" data-testid={`${testId}-pick`} onClick={() => input.current?.click()}>
        {t("hazards.photos.pick")}
      </button>
      <input
        ref={input}
        type="file"
        accept={IMAGE_TYPES}
        multiple
        hidden
        data-testid={`${testId}-file`}
        onChange={(e) => {
          take(Array.from(e.target.files ?? []));
          e.target.value = "";
        }}
      />
      {children}
    </div>
  );
}

/** A thumbnail from the core's downscaled copy, loaded once per photo. */
function Thumb({ photo, onOpen }: { photo: HazardPhoto; onOpen: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reason = useReason();
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    hazardPhotoRead(photo.id).then(
      (b) => {
        made = objectUrl(b);
        if (live) setUrl(made);
        else revoke(made);
      },
      (e) => live && setError(reason(e)),
    );
    return () => {
      live = false;
      revoke(made);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [photo.id]);
  return (
    <button
      type="button"
      className="photo-thumb"
      data-testid={`photo-thumb-${photo.id}`}
      title={error ?? photo.caption ?? ""}
      aria-label={t("hazards.photos.open", { at: photo.created_at_local })}
      onClick={onOpen}
    >
      {url ? <img src={url} alt={photo.caption || t(`hazards.photos.stage.${photo.stage}`)} /> : <span className="photo-thumb__blank">{error ? "!" : "…"}</span>}
    </button>
  );
}

/** The original as captured, full size. */
function Viewer({ photo, index, onClose }: { photo: HazardPhoto; index: number; onClose: () => void }) {
  const { t } = useTranslation();
  const reason = useReason();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let made: string | null = null;
    hazardPhotoRead(photo.id, true, photo.mime).then(
      (b) => {
        made = objectUrl(b);
        if (live) setUrl(made);
        else revoke(made);
      },
      (e) => live && setError(reason(e)),
    );
    return () => {
      live = false;
      revoke(made);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [photo.id]);
  return (
    <Modal title={t("hazards.photos.viewTitle", { stage: t(`hazards.photos.stage.${photo.stage}`), n: index })} onClose={onClose} testId="photo-viewer" wide>
      <FormError message={error} testId="photo-viewer-error" />
      {url ? <img className="photo-full" src={url} alt={photo.caption || t(`hazards.photos.stage.${photo.stage}`)} data-testid="photo-full" /> : null}
      <p className="muted small" data-testid="photo-viewer-facts">
        {t("hazards.photos.facts", {
          width: photo.width,
          height: photo.height,
          kb: Math.round(photo.size_bytes / 1024),
          at: photo.created_at_local,
          who: photo.created_by_name,
        })}
        {photo.caption ? ` · ${photo.caption}` : ""}
      </p>
    </Modal>
  );
}

type StripProps = { hazard: Hazard; canWrite: boolean };

/** A saved hazard's photos: before and after, add, view full size, void with a reason. */
export function PhotoStrip({ hazard: h, canWrite }: StripProps) {
  const { t } = useTranslation();
  const reason = useReason();
  const list = useLoad(() => hazardPhotos(h.id), [h.id]);
  const [viewing, setViewing] = useState<HazardPhoto | null>(null);
  const [voiding, setVoiding] = useState<HazardPhoto | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [answers, setAnswers] = useState<string>("");
  const photos = list.data ?? [];
  const before = photos.filter((p) => p.stage === "before");
  const after = photos.filter((p) => p.stage === "after");
  const number = new Map(photos.map((p) => [p.id, (p.stage === "before" ? before : after).indexOf(p) + 1]));
  // An after photo answers the first before photo not yet answered, unless another is picked.
  const unanswered = before.find((b) => b.answered_by.length === 0)?.id ?? "";
  const pairsWith = answers || unanswered;

  const add = async (stage: PhotoStage, items: Intake[]) => {
    setBusy(true);
    setErrors([]);
    const refused: string[] = [];
    for (const it of items) {
      const opts = { pairsWith: stage === "after" && pairsWith ? pairsWith : null };
      const name = it.kind === "file" ? it.file.name || t("hazards.photos.pasted") : baseName(it.path);
      try {
        if (it.kind === "file") await hazardPhotoAdd(h.id, stage, it.file, opts);
        else await hazardPhotoAddPath(h.id, stage, it.path, opts);
      } catch (e) {
        refused.push(t("hazards.photos.refused", { name, reason: reason(e) }));
      }
    }
    setErrors(refused);
    setBusy(false);
    setAnswers("");
    void list.reload();
  };

  const group = (stage: PhotoStage, items: HazardPhoto[]) => (
    <div className="photo-group" data-testid={`photo-group-${stage}`}>
      <h4>
        {t(`hazards.photos.stage.${stage}`)} <span className="muted">{items.length}</span>
      </h4>
      <div className="photo-row">
        {items.length === 0 ? <span className="muted small">{t("hazards.photos.none")}</span> : null}
        {items.map((p) => (
          <figure key={p.id} className="photo-cell" data-testid="photo-cell" data-stage={p.stage}>
            <Thumb photo={p} onOpen={() => setViewing(p)} />
            <figcaption className="small muted">
              #{number.get(p.id)}
              {p.pairs_with && number.has(p.pairs_with) ? t("hazards.photos.answers", { n: number.get(p.pairs_with) }) : ""}
              {p.stage === "before" && p.answered_by.length > 0
                ? t("hazards.photos.answeredBy", { list: p.answered_by.map((a) => `#${number.get(a) ?? "?"}`).join(" ") })
                : ""}
              {canWrite ? (
                <button type="button" className="btn--link photo-void" data-testid={`photo-void-${p.id}`} onClick={() => setVoiding(p)}>
                  {t("hazards.photos.void")}
                </button>
              ) : null}
            </figcaption>
          </figure>
        ))}
      </div>
    </div>
  );

  const canBefore = canWrite && h.status !== "closed";
  const canAfter = canWrite && h.status !== "registered";
  return (
    <section className="hazard-photos" data-testid="hazard-photos" aria-busy={busy}>
      <h3>{t("hazards.photos.title")}</h3>
      <FormError message={list.error} />
      {group("before", before)}
      <PhotoDropZone testId="photo-zone-before" label={t("hazards.photos.addBefore")} disabled={!canBefore} onIntake={(i) => void add("before", i)} />
      {group("after", after)}
      <PhotoDropZone testId="photo-zone-after" label={t("hazards.photos.addAfter")} disabled={!canAfter} onIntake={(i) => void add("after", i)}>
        {before.length > 0 ? (
          <label className="small">
            {t("hazards.photos.answersPick")}{" "}
            <select data-testid="photo-pairs-with" value={pairsWith} onChange={(e) => setAnswers(e.target.value)}>
              <option value="">{t("hazards.photos.answersNone")}</option>
              {before.map((b) => (
                <option key={b.id} value={b.id}>
                  #{number.get(b.id)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </PhotoDropZone>
      {canWrite && h.status === "registered" ? <p className="muted small">{t("hazards.photos.afterLater")}</p> : null}
      {errors.map((e, i) => (
        <FormError key={i} message={e} testId="photo-error" />
      ))}
      {viewing ? <Viewer photo={viewing} index={number.get(viewing.id) ?? 0} onClose={() => setViewing(null)} /> : null}
      {voiding ? (
        <ReasonDialog
          idPrefix="photo-void"
          title={t("hazards.photos.voidTitle", { stage: t(`hazards.photos.stage.${voiding.stage}`), n: number.get(voiding.id) ?? 0 })}
          intro={t("hazards.photos.voidIntro")}
          place={(e) => placeError(e, t, ["reason"])}
          action={async (why) => {
            await hazardPhotoVoid(voiding.id, why);
            setVoiding(null);
            void list.reload();
          }}
          onClose={() => setVoiding(null)}
        />
      ) : null}
    </section>
  );
}

type PendingProps = { pending: PendingPhoto[]; onChange: (next: PendingPhoto[]) => void };

let pendingSeq = 0;

/** Before photos of a hazard still being captured: checked by the core at once (a refusal is
 *  shown with its reason and the photo is not kept), held until the hazard is saved. An image
 *  pasted anywhere in the surrounding form counts, not only on the zone. */
export function PendingPhotos({ pending, onChange }: PendingProps) {
  const { t } = useTranslation();
  const reason = useReason();
  const [errors, setErrors] = useState<string[]>([]);
  const latest = useRef(pending);
  latest.current = pending;
  const section = useRef<HTMLElement>(null);
  const intakeRef = useRef<(items: Intake[]) => void>(() => undefined);

  // An image pasted anywhere in the capture form (while typing the description, say) is a
  // photo too; pasted text is left to the field.
  useEffect(() => {
    const form = section.current?.closest("form");
    if (!form) return;
    const onPaste = (e: Event) => {
      const ce = e as globalThis.ClipboardEvent;
      if (e.defaultPrevented || (e.target instanceof Node && section.current?.contains(e.target))) return;
      const files = filesOf(ce.clipboardData?.files, ce.clipboardData?.items);
      if (files.length === 0) return;
      e.preventDefault();
      intakeRef.current(files.map((file) => ({ kind: "file", file })));
    };
    form.addEventListener("paste", onPaste);
    return () => form.removeEventListener("paste", onPaste);
  }, []);

  const intake = async (items: Intake[]) => {
    setErrors([]);
    const refused: string[] = [];
    const kept: PendingPhoto[] = [];
    for (const it of items) {
      if (it.kind === "path") {
        // Read and checked by the core when it is attached.
        kept.push({ key: `p${++pendingSeq}`, name: baseName(it.path), intake: it, url: null });
        continue;
      }
      const name = it.file.name || t("hazards.photos.pasted");
      try {
        await hazardPhotoCheck(it.file);
        kept.push({ key: `p${++pendingSeq}`, name, intake: it, url: objectUrl(it.file) });
      } catch (e) {
        refused.push(t("hazards.photos.refused", { name, reason: reason(e) }));
      }
    }
    setErrors(refused);
    if (kept.length > 0) onChange([...latest.current, ...kept]);
  };
  intakeRef.current = (items) => void intake(items);

  return (
    <section ref={section} className="hazard-photos" data-testid="pending-photos">
      <h3>
        {t("hazards.photos.stage.before")} <span className="muted">{pending.length}</span>
      </h3>
      <div className="photo-row">
        {pending.map((p) => (
          <figure key={p.key} className="photo-cell" data-testid="pending-photo">
            <span className="photo-thumb">{p.url ? <img src={p.url} alt={p.name} /> : <span className="photo-thumb__blank">{p.name}</span>}</span>
            <figcaption className="small muted">
              {p.name}
              <button
                type="button"
                className="btn--link photo-void"
                data-testid={`pending-remove-${p.key}`}
                aria-label={t("hazards.photos.remove", { name: p.name })}
                onClick={() => {
                  revoke(p.url);
                  onChange(latest.current.filter((x) => x.key !== p.key));
                }}
              >
                ×
              </button>
            </figcaption>
          </figure>
        ))}
      </div>
      <PhotoDropZone testId="capture-photo-zone" label={t("hazards.photos.addBefore")} onIntake={(i) => void intake(i)}>
        <span className="muted small">{t("hazards.photos.pendingHint")}</span>
      </PhotoDropZone>
      {errors.map((e, i) => (
        <FormError key={i} message={e} testId="photo-error" />
      ))}
    </section>
  );
}

/** Attaches the photos held for a hazard just saved, as before photos; the ones the core
 *  refused come back with their reasons (the hazard itself stays saved). */
export async function attachPending(hazardId: string, pending: PendingPhoto[]): Promise<{ attached: number; refused: { name: string; reason: string }[] }> {
  let attached = 0;
  const refused: { name: string; reason: string }[] = [];
  for (const p of pending) {
    try {
      if (p.intake.kind === "file") await hazardPhotoAdd(hazardId, "before", p.intake.file);
      else await hazardPhotoAddPath(hazardId, "before", p.intake.path);
      attached++;
    } catch (e) {
      refused.push({ name: p.name, reason: isAppError(e) ? errorText(e, i18n.t) : String(e) });
    } finally {
      revoke(p.url);
    }
  }
  return { attached, refused };
}
