// TEMPORARY: hand-copied IPC contract until ts-rs writes src/ipc/bindings/.
// Once the bindings exist, api.ts re-exports from them and this file is deleted.
export type ErrorKind = "NotFound" | "Invalid" | "Conflict" | "Forbidden" | "Io" | "Internal";
export type AppError = { kind: ErrorKind; message: string; field: string | null };
export type Role = "admin" | "ehs_officer" | "inspector" | "plant_manager" | "hq_analyst";
export type Jurisdiction = "CN" | "US" | "EU";
export type Plant = { id: string; code: string; name: string; segment: string; jurisdiction: Jurisdiction; timezone: string };
export type Session = { user_id: string; username: string; display_name: string; role: Role };
export type AppStatus = { initialized: boolean; plant: Plant | null; session: Session | null; db_path: string };
export type SetupInput = {
  plant_code: string;
  plant_name: string;
  segment: string;
  jurisdiction: Jurisdiction;
  timezone: string;
  admin_username: string;
  admin_display_name: string;
  admin_password: string;
};
export type SignInInput = { username: string; password: string };
export type HwCode = {
  code: string;
  category: string;
  category_name_zh: string;
  category_name_en: string;
  name_zh: string;
  characteristics: string;
  catalogue_version: string;
};
export type PhysicalForm = "solid" | "semi_solid" | "liquid" | "sludge" | "gas";
export type WasteStream = { id: string; name: string; code: string; category: string; physical_form: PhysicalForm };
export type NewStream = { name: string; code: string; physical_form: PhysicalForm };
export type MassUnit = "kg" | "t";
export type GenerationInput = {
  stream_id: string | null;
  code: string | null;
  quantity: string;
  unit: MassUnit;
  container_id: string;
  storage_area: string;
  generated_at_local: string | null;
};
export type GenerationEntry = {
  id: string;
  batch_code: string;
  stream_id: string | null;
  stream_name: string | null;
  code: string;
  category: string;
  quantity_g: number;
  quantity_kg: string;
  container_id: string;
  storage_area: string;
  generated_at_utc: string;
  generated_at_local: string;
  recorded_by: string;
  recorded_by_name: string;
  voided: boolean;
  void_reason: string | null;
};
export type LedgerSort = "generated_at_desc" | "generated_at_asc" | "quantity_desc" | "quantity_asc";
export type LedgerQuery = {
  from_date: string | null;
  to_date: string | null;
  stream_id: string | null;
  code: string | null;
  include_voided: boolean;
  sort: LedgerSort;
  page: number;
  page_size: number;
};
export type LedgerPage = { rows: Array<GenerationEntry>; total: number; page: number; page_size: number };
export type VoidInput = { id: string; reason: string };
