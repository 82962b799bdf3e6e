// Documents and the record tables: the monthly ledger, the official tables (HJ 1259-2022
// B.1–B.5, summary, solid waste) viewed on screen or exported for any period, the manifest copy
// and HJ 1276-2022 labels. Every export returns the absolute path of the file written.
import { Channel, invoke } from "./core";
import type { Format } from "./bindings/Format";
import type { JobProgress } from "./bindings/JobProgress";
import type { LabelBand } from "./bindings/LabelBand";
import type { LedgerTable } from "./bindings/LedgerTable";
import type { TableView } from "./bindings/TableView";

export type { LabelBand } from "./bindings/LabelBand";
export type { LedgerTable } from "./bindings/LedgerTable";
export type { TableView } from "./bindings/TableView";
export type { ViewColumn } from "./bindings/ViewColumn";

export type { Format } from "./bindings/Format";
export type LedgerFormat = Format;

/** A channel for a long export's progress (the first message names the job, for `cancelJob`). */
function progressChannel(onProgress?: (p: JobProgress) => void): Channel<JobProgress> {
  const channel = new Channel<JobProgress>();
  channel.onmessage = onProgress ?? (() => {});
  return channel;
}

/** The manifest copy (联单) of one shipment as a PDF. */
export const exportManifestPdf = (shipment: string): Promise<string> =>
  invoke<string>("export_manifest_pdf", { shipment });

/** The month's ledger (`YYYY-MM`) as an Excel workbook or a PDF. */
export const exportLedger = (
  month: string,
  format: LedgerFormat,
  onProgress?: (p: JobProgress) => void,
): Promise<string> => invoke<string>("export_ledger", { month, format, onProgress: progressChannel(onProgress) });

/** One table for `from`–`to` (YYYY-MM-DD, both included), optionally one waste code. */
export const ledgerView = (table: LedgerTable, from: string, to: string, code: string | null): Promise<TableView> =>
  invoke<TableView>("ledger_view", { table, from, to, code });

/** The same table, every row, as an Excel workbook or a PDF; returns the path. */
export const exportLedgerTable = (
  table: LedgerTable,
  from: string,
  to: string,
  code: string | null,
  format: LedgerFormat,
  onProgress?: (p: JobProgress) => void,
): Promise<string> =>
  invoke<string>("export_ledger_table", { table, from, to, code, format, onProgress: progressChannel(onProgress) });

/** The container volume bands that size a label (HJ 1276-2022), smallest first. */
export const LABEL_BANDS: readonly LabelBand[] = ["up_to_50l", "up_to_450l", "over_450l"];

/**
 * HJ 1276-2022 labels for containers (by container id), sized by `band` (null: the size
 * recorded when each was first labelled); returns the PDF path.
 */
export const exportLabelsPdf = (containers: string[], band: LabelBand | null): Promise<string> =>
  invoke<string>("export_labels_pdf", { containers, band });
