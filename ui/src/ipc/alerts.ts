// The one alert list of the app: every area's alerts (storage, licences, manifests, filings; later
// wastewater exceedances and overdue hazards), most urgent first. The UI words each from its
// `message_key` (`alerts.<kind>`) and `params`.
import { invoke } from "./core";
import type { Alert } from "./bindings/Alert";

export type { Alert } from "./bindings/Alert";
export type { AlertKind } from "./bindings/AlertKind";
export type { Area } from "./bindings/Area";
export type { Severity } from "./bindings/Severity";

export const listAlerts = (): Promise<Alert[]> => invoke<Alert[]>("list_alerts");
