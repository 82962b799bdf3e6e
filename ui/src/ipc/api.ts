// Typed wrappers around the Tauri commands. This is the ONLY module that imports
// @tauri-apps/api; screens call these functions and import IPC types from here.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { AppError } from "./bindings/AppError";
import type { ErrorKind } from "./bindings/ErrorKind";
import type { AppStatus } from "./bindings/AppStatus";
import type { Facility } from "./bindings/Facility";
import type { InventoryOverview } from "./bindings/InventoryOverview";
import type { Movement } from "./bindings/Movement";
import type { NewFacility } from "./bindings/NewFacility";
import type { StoreInput } from "./bindings/StoreInput";
import type { TakeOutInput } from "./bindings/TakeOutInput";
import type { GenerationEntry } from "./bindings/GenerationEntry";
import type { GenerationInput } from "./bindings/GenerationInput";
import type { Headcount } from "./bindings/Headcount";
import type { HwCode } from "./bindings/HwCode";
import type { LedgerPage } from "./bindings/LedgerPage";
import type { LedgerQuery } from "./bindings/LedgerQuery";
import type { NewStream } from "./bindings/NewStream";
import type { NewUserInput } from "./bindings/NewUserInput";
import type { Session } from "./bindings/Session";
import type { SetupInput } from "./bindings/SetupInput";
import type { SignInInput } from "./bindings/SignInInput";
import type { VoidInput } from "./bindings/VoidInput";
import type { WasteStream } from "./bindings/WasteStream";
import type { CalendarDay } from "./bindings/CalendarDay";
import type { CalendarDayInput } from "./bindings/CalendarDayInput";
import type { ConfirmInput } from "./bindings/ConfirmInput";
import type { Counterparty } from "./bindings/Counterparty";
import type { NewCounterparty } from "./bindings/NewCounterparty";
import type { NewLicence } from "./bindings/NewLicence";
import type { Setting } from "./bindings/Setting";
import type { ShipInput } from "./bindings/ShipInput";
import type { ShipPreview } from "./bindings/ShipPreview";
import type { Shipment } from "./bindings/Shipment";
import type { ShippingAlerts } from "./bindings/ShippingAlerts";

// IPC types are generated from Rust by ts-rs into ./bindings (never edit those);
// screens import them from here.
export type { AlertView } from "./bindings/AlertView";
export type { AppError } from "./bindings/AppError";
export type { ContainerStatus } from "./bindings/ContainerStatus";
export type { ContainerView } from "./bindings/ContainerView";
export type { Facility } from "./bindings/Facility";
export type { FacilityKind } from "./bindings/FacilityKind";
export type { FacilityStatus } from "./bindings/FacilityStatus";
export type { FacilityStock } from "./bindings/FacilityStock";
export type { InventoryOverview } from "./bindings/InventoryOverview";
export type { Movement } from "./bindings/Movement";
export type { NewFacility } from "./bindings/NewFacility";
export type { Severity } from "./bindings/Severity";
export type { StoreInput } from "./bindings/StoreInput";
export type { TakeOutInput } from "./bindings/TakeOutInput";
export type { AppStatus } from "./bindings/AppStatus";
export type { ErrorKind } from "./bindings/ErrorKind";
export type { GenerationEntry } from "./bindings/GenerationEntry";
export type { GenerationInput } from "./bindings/GenerationInput";
export type { Headcount } from "./bindings/Headcount";
export type { HwCode } from "./bindings/HwCode";
export type { Jurisdiction } from "./bindings/Jurisdiction";
export type { LedgerPage } from "./bindings/LedgerPage";
export type { LedgerQuery } from "./bindings/LedgerQuery";
export type { LedgerSort } from "./bindings/LedgerSort";
export type { MassUnit } from "./bindings/MassUnit";
export type { NewStream } from "./bindings/NewStream";
export type { NewUserInput } from "./bindings/NewUserInput";
export type { PhysicalForm } from "./bindings/PhysicalForm";
export type { Plant } from "./bindings/Plant";
export type { Role } from "./bindings/Role";
export type { Session } from "./bindings/Session";
export type { SetupInput } from "./bindings/SetupInput";
export type { SignInInput } from "./bindings/SignInInput";
export type { VoidInput } from "./bindings/VoidInput";
export type { WasteStream } from "./bindings/WasteStream";
export type { CalendarDay } from "./bindings/CalendarDay";
export type { CalendarDayInput } from "./bindings/CalendarDayInput";
export type { ConfirmInput } from "./bindings/ConfirmInput";
export type { Counterparty } from "./bindings/Counterparty";
export type { Licence } from "./bindings/Licence";
export type { LicenceAlert } from "./bindings/LicenceAlert";
export type { LicenceProblem } from "./bindings/LicenceProblem";
export type { LicenceStatus } from "./bindings/LicenceStatus";
export type { NewCounterparty } from "./bindings/NewCounterparty";
export type { NewLicence } from "./bindings/NewLicence";
export type { PendingAlert } from "./bindings/PendingAlert";
export type { PreviewLine } from "./bindings/PreviewLine";
export type { Receipt } from "./bindings/Receipt";
export type { ReceivedLine } from "./bindings/ReceivedLine";
export type { Setting } from "./bindings/Setting";
export type { ShipInput } from "./bindings/ShipInput";
export type { ShipPreview } from "./bindings/ShipPreview";
export type { Shipment } from "./bindings/Shipment";
export type { ShipmentLine } from "./bindings/ShipmentLine";
export type { ShipmentStatus } from "./bindings/ShipmentStatus";
export type { ShippingAlerts } from "./bindings/ShippingAlerts";

// A Record over ErrorKind, so a kind added in Rust fails the typecheck until it is listed here.
const ERROR_KINDS: Record<ErrorKind, true> = {
  NotFound: true,
  Invalid: true,
  Conflict: true,
  Forbidden: true,
  Io: true,
  Internal: true,
};

/** True when a rejected invoke carries the core's `{kind, message, field}` error. */
export function isAppError(e: unknown): e is AppError {
  if (typeof e !== "object" || e === null) return false;
  const o = e as Record<string, unknown>;
  return (
    typeof o.kind === "string" &&
    Object.hasOwn(ERROR_KINDS, o.kind) &&
    typeof o.message === "string" &&
    (o.field === null || o.field === undefined || typeof o.field === "string")
  );
}

export const appStatus = (): Promise<AppStatus> => invoke<AppStatus>("app_status");

export const setupPlant = (input: SetupInput): Promise<Session> => invoke<Session>("setup_plant", { input });

export const signIn = (input: SignInInput): Promise<Session> => invoke<Session>("sign_in", { input });

export const signOut = (): Promise<null> => invoke<null>("sign_out");

export const listHwCodes = (): Promise<HwCode[]> => invoke<HwCode[]>("list_hw_codes");

export const listStreams = (): Promise<WasteStream[]> => invoke<WasteStream[]>("list_streams");

export const addStream = (input: NewStream): Promise<WasteStream> => invoke<WasteStream>("add_stream", { input });

export const recordGeneration = (input: GenerationInput): Promise<GenerationEntry> =>
  invoke<GenerationEntry>("record_generation", { input });

export const listGeneration = (query: LedgerQuery): Promise<LedgerPage> =>
  invoke<LedgerPage>("list_generation", { query });

export const voidGeneration = (input: VoidInput): Promise<GenerationEntry> =>
  invoke<GenerationEntry>("void_generation", { input });

export const listHeadcount = (): Promise<Headcount[]> => invoke<Headcount[]>("list_headcount");

export const setHeadcount = (input: Headcount): Promise<Headcount> => invoke<Headcount>("set_headcount", { input });

export const listUsers = (): Promise<Session[]> => invoke<Session[]>("list_users");

export const createUser = (input: NewUserInput): Promise<Session> => invoke<Session>("create_user", { input });

export const listFacilities = (): Promise<Facility[]> => invoke<Facility[]>("list_facilities");

export const addFacility = (input: NewFacility): Promise<Facility> => invoke<Facility>("add_facility", { input });

export const storeContainer = (input: StoreInput): Promise<Movement> => invoke<Movement>("store_container", { input });

export const takeOut = (input: TakeOutInput): Promise<Movement> => invoke<Movement>("take_out", { input });

export const storageOverview = (): Promise<InventoryOverview> => invoke<InventoryOverview>("storage_overview");

// Receivers and transporters (接收单位 / 运输单位) with their licences.
export const listCounterparties = (): Promise<Counterparty[]> => invoke<Counterparty[]>("list_counterparties");

export const addCounterparty = (input: NewCounterparty): Promise<Counterparty> =>
  invoke<Counterparty>("add_counterparty", { input });

/** A renewal is just another licence; returns the counterparty with its licences. */
export const addLicence = (input: NewLicence): Promise<Counterparty> => invoke<Counterparty>("add_licence", { input });

// Shipments under transfer manifests (转移联单, HJ 1259-2022 B.3 + B.5).
/** What shipping would do, without writing: lines, total, licence problems, warnings. */
export const previewShipment = (input: ShipInput): Promise<ShipPreview> =>
  invoke<ShipPreview>("preview_shipment", { input });

export const ship = (input: ShipInput): Promise<Shipment> => invoke<Shipment>("ship", { input });

export const confirmShipment = (input: ConfirmInput): Promise<Shipment> =>
  invoke<Shipment>("confirm_shipment", { input });

/** `shipment` is the shipment id or its manifest number. */
export const voidShipment = (shipment: string, reason: string): Promise<Shipment> =>
  invoke<Shipment>("void_shipment", { shipment, reason });

export const listShipments = (includeVoided: boolean): Promise<Shipment[]> =>
  invoke<Shipment[]>("list_shipments", { includeVoided });

export const reverseMovement = (id: string, reason: string): Promise<Movement> =>
  invoke<Movement>("reverse_movement", { id, reason });

export const shippingAlerts = (): Promise<ShippingAlerts> => invoke<ShippingAlerts>("shipping_alerts");

// Plant settings and the working-day calendar.
export const listSettings = (): Promise<Setting[]> => invoke<Setting[]>("list_settings");

export const setSetting = (key: string, value: string): Promise<Setting> => invoke<Setting>("set_setting", { key, value });

export const listCalendarDays = (): Promise<CalendarDay[]> => invoke<CalendarDay[]>("list_calendar_days");

export const addCalendarDay = (input: CalendarDayInput): Promise<CalendarDay> =>
  invoke<CalendarDay>("add_calendar_day", { input });

// Documents. Both return the absolute path of the file written.
export type LedgerFormat = "xlsx" | "pdf";

/** The manifest copy (联单) of one shipment as a PDF. */
export const exportManifestPdf = (shipment: string): Promise<string> =>
  invoke<string>("export_manifest_pdf", { shipment });

/** The month's ledger (`YYYY-MM`) as an Excel workbook or a PDF. */
export const exportLedger = (month: string, format: LedgerFormat): Promise<string> =>
  invoke<string>("export_ledger", { month, format });

/** The official ledger tables one can view and export for any period (HJ 1259-2022 B.1–B.5, …). */
import type { LedgerTable } from "./bindings/LedgerTable";
import type { TableView } from "./bindings/TableView";
export type { LedgerTable } from "./bindings/LedgerTable";
export type { TableView } from "./bindings/TableView";
export type { ViewColumn } from "./bindings/ViewColumn";

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
): Promise<string> => invoke<string>("export_ledger_table", { table, from, to, code, format });

// Import of a historical generation ledger (导入历史台账) from CSV (UTF-8) or Excel.
// The types are generated from ehs_ledger::waste::import (ImportProgress is what the import
// commands send over their channel).
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

/** Removes a configured holiday/workday (kept in the audit trail with the reason). */
export const voidCalendarDay = (id: string, reason: string): Promise<null> =>
  invoke<null>("void_calendar_day", { id, reason });

// Management category (重点 / 简化 / 登记) and the declaration calendar.
import type { PlantCategory } from "./bindings/PlantCategory";
export type { PlantCategory } from "./bindings/PlantCategory";
export type { UpcomingFiling } from "./bindings/UpcomingFiling";

/** The category computed from the last three full years of the ledger, and filings due in 60 days. */
export const plantCategory = (): Promise<PlantCategory> => invoke<PlantCategory>("plant_category");

/** HJ 1276-2022 labels for containers (by container id), one per page; returns the PDF path. */
export const exportLabelsPdf = (containers: string[]): Promise<string> =>
  invoke<string>("export_labels_pdf", { containers });

// General industrial solid waste (一般工业固体废物) and GRI 306.
import type { GriWaste } from "./bindings/GriWaste";
import type { NewSwStream } from "./bindings/NewSwStream";
import type { SwRecord } from "./bindings/SwRecord";
import type { SwRecordInput } from "./bindings/SwRecordInput";
import type { SwStream } from "./bindings/SwStream";
export type { GriWaste } from "./bindings/GriWaste";
export type { NewSwStream } from "./bindings/NewSwStream";
export type { RouteTotal } from "./bindings/RouteTotal";
export type { SwRecord } from "./bindings/SwRecord";
export type { SwRecordInput } from "./bindings/SwRecordInput";
export type { SwStream } from "./bindings/SwStream";

/** Outbound routes, in GRI 306 order (306-4 diverted first, then 306-5 disposal); as in waste::solid::ROUTES. */
export const SW_ROUTES = [
  "reuse",
  "recycling",
  "other_recovery",
  "energy_recovery",
  "incineration",
  "landfill",
  "other_disposal",
] as const;
export type SwRoute = (typeof SW_ROUTES)[number];

export const listSwStreams = (): Promise<SwStream[]> => invoke<SwStream[]>("list_sw_streams");

export const addSwStream = (input: NewSwStream): Promise<SwStream> => invoke<SwStream>("add_sw_stream", { input });

export const recordSwGeneration = (input: SwRecordInput): Promise<SwRecord> =>
  invoke<SwRecord>("record_sw_generation", { input });

/** Never more than the stream's stock (refused as Invalid on "quantity"). */
export const recordSwOutbound = (input: SwRecordInput): Promise<SwRecord> =>
  invoke<SwRecord>("record_sw_outbound", { input });

export const voidSwRecord = (id: string, reason: string): Promise<SwRecord> =>
  invoke<SwRecord>("void_sw_record", { id, reason });

/** Records of plant-local days from..=to (YYYY-MM-DD), oldest first. */
export const listSwRecords = (from: string, to: string, includeVoided: boolean): Promise<SwRecord[]> =>
  invoke<SwRecord[]>("list_sw_records", { from, to, includeVoided });

/** GRI 306-3/4/5 over from..=to, both ledgers, with the GRI and zero-waste-to-landfill diversion rates. */
export const griWaste = (from: string, to: string): Promise<GriWaste> => invoke<GriWaste>("gri_waste", { from, to });
