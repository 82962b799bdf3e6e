// Receivers and transporters (接收单位 / 运输单位) with their licences, and shipments under
// transfer manifests (转移联单, HJ 1259-2022 B.3 + B.5) with their alerts.
import { invoke } from "./core";
import type { ConfirmInput } from "./bindings/ConfirmInput";
import type { Counterparty } from "./bindings/Counterparty";
import type { NewCounterparty } from "./bindings/NewCounterparty";
import type { NewLicence } from "./bindings/NewLicence";
import type { ShipInput } from "./bindings/ShipInput";
import type { ShipPreview } from "./bindings/ShipPreview";
import type { Shipment } from "./bindings/Shipment";
import type { ShippingAlerts } from "./bindings/ShippingAlerts";

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
export type { ShipInput } from "./bindings/ShipInput";
export type { ShipPreview } from "./bindings/ShipPreview";
export type { Shipment } from "./bindings/Shipment";
export type { ShipmentLine } from "./bindings/ShipmentLine";
export type { ShipmentStatus } from "./bindings/ShipmentStatus";
export type { ShippingAlerts } from "./bindings/ShippingAlerts";

export const listCounterparties = (): Promise<Counterparty[]> => invoke<Counterparty[]>("list_counterparties");

export const addCounterparty = (input: NewCounterparty): Promise<Counterparty> =>
  invoke<Counterparty>("add_counterparty", { input });

/** A renewal is just another licence; returns the counterparty with its licences. */
export const addLicence = (input: NewLicence): Promise<Counterparty> => invoke<Counterparty>("add_licence", { input });

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

export const shippingAlerts = (): Promise<ShippingAlerts> => invoke<ShippingAlerts>("shipping_alerts");
