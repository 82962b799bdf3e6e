// Hazard photos (before / after, stored once by SHA-256 beside the database) and the
// rectification notice (隐患整改通知书) PDF. A photo crosses IPC as the raw request body (never a
// JSON array of numbers); the hazard, stage, caption and the before photo it answers travel in
// headers. A photo's downscaled JPEG comes back as raw bytes: show it through a blob URL.
import { invoke } from "./core";
import type { HazardPhoto } from "./bindings/HazardPhoto";
import type { Lang } from "./bindings/Lang";
import type { PhotoCheck } from "./bindings/PhotoCheck";
import type { PhotoStage } from "./bindings/PhotoStage";

export type { HazardPhoto } from "./bindings/HazardPhoto";
export type { PhotoCheck } from "./bindings/PhotoCheck";
export type { PhotoMime } from "./bindings/PhotoMime";
export type { PhotoStage } from "./bindings/PhotoStage";

/** The file's bytes. FileReader rather than Blob.arrayBuffer: older WebKit webviews lack the latter. */
function readBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error("cannot read the photo"));
    reader.readAsArrayBuffer(file);
  });
}

export interface PhotoAddOptions {
  caption?: string;
  /** An after photo: the id of the before photo it answers. */
  pairsWith?: string | null;
}

/** Adds a photo (JPEG, PNG or WebP, at most 15 MB, at most 12,000 px a side) to a hazard (id or
 * number). Refused as Invalid on field "file", "stage", "caption" or "pairs_with". */
export async function hazardPhotoAdd(
  hazard: string,
  stage: PhotoStage,
  file: Blob,
  opts: PhotoAddOptions = {},
): Promise<HazardPhoto> {
  const bytes = await readBytes(file);
  const headers: Record<string, string> = {
    "x-hazard": encodeURIComponent(hazard),
    "x-photo-stage": stage,
  };
  if (opts.caption) headers["x-photo-caption"] = encodeURIComponent(opts.caption);
  if (opts.pairsWith) headers["x-photo-pairs-with"] = encodeURIComponent(opts.pairsWith);
  return invoke<HazardPhoto>("hazard_photo_add", bytes, { headers });
}

/** A hazard's photos: before photos first, each with the after photos that answer it. */
export const hazardPhotos = (hazard: string): Promise<HazardPhoto[]> =>
  invoke<HazardPhoto[]>("hazard_photos", { hazard });

/** Adds a photo from a file on this machine by its path (a file dropped on the window: in the
 * app the webview's own drop carries no bytes). The same checks and refusals as hazardPhotoAdd. */
export const hazardPhotoAddPath = (hazard: string, stage: PhotoStage, path: string, opts: PhotoAddOptions = {}): Promise<HazardPhoto> =>
  invoke<HazardPhoto>("hazard_photo_add_path", { hazard, stage, path, caption: opts.caption ?? null, pairsWith: opts.pairsWith ?? null });

/** Runs the capture checks on a photo not yet attached (its hazard is still being captured);
 * stores nothing. Refused as Invalid on field "file" with the reason hazardPhotoAdd would give. */
export async function hazardPhotoCheck(file: Blob): Promise<PhotoCheck> {
  const bytes = await readBytes(file);
  return invoke<PhotoCheck>("hazard_photo_check", bytes);
}

/** Voids a photo with the reason (kept in the audit trail; the files stay). */
export const hazardPhotoVoid = (photo: string, reason: string): Promise<void> =>
  invoke<void>("hazard_photo_void", { photo, reason });

/** The downscaled JPEG (longest side ≤ 1,280 px) of a photo, or with `original` the file as
 * captured (`mime` its type). A file changed outside the app is refused (Conflict). */
export async function hazardPhotoRead(photo: string, original = false, mime: string = "image/jpeg"): Promise<Blob> {
  const buf = await invoke<ArrayBuffer>("hazard_photo_read", { photo, original });
  return new Blob([buf], { type: original ? mime : "image/jpeg" });
}

/** Writes the hazard's rectification notice (隐患整改通知书) to the export folder; the path. */
export const hazardNoticePdf = (hazard: string, lang: Lang): Promise<string> =>
  invoke<string>("hazard_notice_pdf", { hazard, lang });
