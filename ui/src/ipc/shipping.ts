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

export type { ConfirmInput } from "./bindings/ConfirmInput";
export type { Counterparty } from "./bindings/Counterparty";
export type { Licence } from "./bindings/Licence";
export type { LicenceProblem } from "./bindings/LicenceProblem";
export type { ShipProblem } from "./bindings/ShipProblem";
export type { ShipProblemKind } from "./bindings/ShipProblemKind";
export type { LicenceStatus } from "./bindings/LicenceStatus";
export type { NewCounterparty } from "./bindings/NewCounterparty";
export type { NewLicence } from "./bindings/NewLicence";
export type { PreviewLine } from "./bindings/PreviewLine";
export type { Receipt } from "./bindings/Receipt";
export type { ReceivedLine } from "./bindings/ReceivedLine";
export type { ShipInput } from "./bindings/ShipInput";
export type { ShipPreview } from "./bindings/ShipPreview";
export type { Shipment } from "./bindings/Shipment";
export type { ShipmentLine } from "./bindings/ShipmentLine";
export type { ShipmentStatus } from "./bindings/ShipmentStatus";
export type { CounterpartyKind } from "./bindings/CounterpartyKind";
export type { LicenceProblemKind } from "./bindings/LicenceProblemKind";
export type { LicenceType } from "./bindings/LicenceType";
export type { ReceiptOutcome } from "./bindings/ReceiptOutcome";
export type { TransferType } from "./bindings/TransferType";
export type { WeightSource } from "./bindings/WeightSource";
export type { Purpose } from "./bindings/Purpose";

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
