// Import of a historical generation ledger (导入历史台账) from CSV (UTF-8) or Excel. The types
// are generated from ehs_ledger::waste::import (ImportProgress is what the import commands send
// over their channel).
import { Channel, invoke } from "./core";
import type { ImportPreview } from "./bindings/ImportPreview";
import type { ImportProgress } from "./bindings/ImportProgress";

export type { ImportPreview } from "./bindings/ImportPreview";
export type { ImportProgress } from "./bindings/ImportProgress";
export type { PreviewRow } from "./bindings/PreviewRow";
export type { RowError } from "./bindings/RowError";

/** The file's bytes. FileReader rather than Blob.arrayBuffer: older WebKit webviews lack the latter. */
function readBytes(file: File): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(Array.from(new Uint8Array(reader.result as ArrayBuffer)));
    reader.onerror = () => reject(reader.error ?? new Error(`cannot read ${file.name}`));
    reader.readAsArrayBuffer(file);
  });
}

async function importCall(cmd: string, file: File, onProgress: (p: ImportProgress) => void): Promise<ImportPreview> {
  const bytes = await readBytes(file);
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return invoke<ImportPreview>(cmd, { name: file.name, bytes, onProgress: channel });
}

/** Checks every row of the file against the rules of a manual entry; writes nothing. */
export const importPreview = (file: File, onProgress: (p: ImportProgress) => void): Promise<ImportPreview> =>
  importCall("import_preview", file, onProgress);

/** Posts every row in one transaction, or nothing (refused as Invalid on field "file"). */
export const importCommit = (file: File, onProgress: (p: ImportProgress) => void): Promise<ImportPreview> =>
  importCall("import_commit", file, onProgress);

/** Asks the running preview or commit to stop; it then rejects with Conflict ("cancelled"). */
export const cancelImport = (): Promise<null> => invoke<null>("cancel_import");
