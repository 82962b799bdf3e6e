// Import of a historical generation ledger (导入历史台账) from CSV (UTF-8) or Excel. The file
// crosses IPC as the raw request body (never a JSON array of numbers), its name and the job's
// progress channel in headers; each run is a registered job (cancel it with `cancelJob`).
import { Channel, invoke } from "./core";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { JobProgress } from "./bindings/JobProgress";

export type { ImportPreview } from "./bindings/ImportPreview";
export type { PreviewRow } from "./bindings/PreviewRow";
export type { RowError } from "./bindings/RowError";

/** The file's bytes. FileReader rather than Blob.arrayBuffer: older WebKit webviews lack the latter. */
function readBytes(file: File): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsArrayBuffer(file);
  });
}

async function importCall(cmd: string, file: File, onProgress: (p: JobProgress) => void): Promise<ImportPreview> {
  const bytes = await readBytes(file);
  const channel = new Channel<JobProgress>();
  channel.onmessage = onProgress;
  return invoke<ImportPreview>(cmd, bytes, {
    headers: { "x-file-name": encodeURIComponent(file.name), "x-progress-channel": channel.toJSON() },
  });
}

/** Checks every row of the file against the rules of a manual entry; writes nothing. The first
 * progress message names the job. */
export const importPreview = (file: File, onProgress: (p: JobProgress) => void): Promise<ImportPreview> =>
  importCall("import_preview", file, onProgress);

/** Posts every row in one transaction, or nothing (refused as Invalid on field "file"). */
export const importCommit = (file: File, onProgress: (p: JobProgress) => void): Promise<ImportPreview> =>
  importCall("import_commit", file, onProgress);
