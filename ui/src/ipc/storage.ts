// Storage (B.2/B.3): facilities, containers into and out of storage, reversals, the overview.
import { invoke } from "./core";
import type { Facility } from "./bindings/Facility";
import type { InventoryOverview } from "./bindings/InventoryOverview";
import type { Movement } from "./bindings/Movement";
import type { NewFacility } from "./bindings/NewFacility";
import type { GenerationPoint } from "./bindings/GenerationPoint";
import type { NewGenerationPoint } from "./bindings/NewGenerationPoint";
import type { StoreCheck } from "./bindings/StoreCheck";
import type { StoreInput } from "./bindings/StoreInput";
import type { TakeOutInput } from "./bindings/TakeOutInput";

export type { ContainerStatus } from "./bindings/ContainerStatus";
export type { ContainerView } from "./bindings/ContainerView";
export type { Facility } from "./bindings/Facility";
export type { FacilityKind } from "./bindings/FacilityKind";
export type { FacilityStatus } from "./bindings/FacilityStatus";
export type { FacilityStock } from "./bindings/FacilityStock";
export type { InventoryOverview } from "./bindings/InventoryOverview";
export type { Movement } from "./bindings/Movement";
export type { NewFacility } from "./bindings/NewFacility";
export type { GenerationPoint } from "./bindings/GenerationPoint";
export type { NewGenerationPoint } from "./bindings/NewGenerationPoint";
export type { ContainerType } from "./bindings/ContainerType";
export type { EntryDetails } from "./bindings/EntryDetails";
export type { Handlers } from "./bindings/Handlers";
export type { MovementKind } from "./bindings/MovementKind";
export type { StoreInput } from "./bindings/StoreInput";
export type { StoreCheck } from "./bindings/StoreCheck";
export type { PutAwayWarning } from "./bindings/PutAwayWarning";
export type { PutAwayWarningKind } from "./bindings/PutAwayWarningKind";
export type { TakeOutInput } from "./bindings/TakeOutInput";

export const listFacilities = (): Promise<Facility[]> => invoke<Facility[]>("list_facilities");

export const addFacility = (input: NewFacility): Promise<Facility> => invoke<Facility>("add_facility", { input });

// Generation points (产生危险废物设施): the B.1 facility codes generation entries choose from.
export const listGenerationPoints = (): Promise<GenerationPoint[]> => invoke<GenerationPoint[]>("list_generation_points");
export const addGenerationPoint = (input: NewGenerationPoint): Promise<GenerationPoint> =>
  invoke<GenerationPoint>("add_generation_point", { input });
export const voidGenerationPoint = (point: string, reason: string): Promise<void> =>
  invoke<void>("void_generation_point", { point, reason });

export const storeContainer = (input: StoreInput): Promise<Movement> => invoke<Movement>("store_container", { input });
/** The put-away's warnings (贮存点 3 t, capacity, incompatible wastes), nothing written. */
export const checkStore = (input: StoreInput): Promise<StoreCheck> => invoke<StoreCheck>("check_store", { input });

export const takeOut = (input: TakeOutInput): Promise<Movement> => invoke<Movement>("take_out", { input });

export const reverseMovement = (id: string, reason: string): Promise<Movement> =>
  invoke<Movement>("reverse_movement", { id, reason });

export const storageOverview = (): Promise<InventoryOverview> => invoke<InventoryOverview>("storage_overview");
