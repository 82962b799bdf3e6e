// The weekly sync to HQ: a week's preview (figures per calendar-month part, details, plausibility
// flags and the registry rows that label them) and the plant key that signs the packets.
import { invoke } from "./core";
import type { PublicKeyInfo } from "./bindings/PublicKeyInfo";
import type { WeekView } from "./bindings/WeekView";

export type { WeekView } from "./bindings/WeekView";
export type { PreviewPart } from "./bindings/PreviewPart";
export type { IndicatorInfo } from "./bindings/IndicatorInfo";
export type { Figure } from "./bindings/Figure";
export type { FigureMethod } from "./bindings/FigureMethod";
export type { IndicatorUnit } from "./bindings/IndicatorUnit";
export type { Flag } from "./bindings/Flag";
export type { FlagKind } from "./bindings/FlagKind";
export type { WasteDetails } from "./bindings/WasteDetails";
export type { HwCodeDetail } from "./bindings/HwCodeDetail";
export type { SwCodeDetail } from "./bindings/SwCodeDetail";
export type { SwRouteDetail } from "./bindings/SwRouteDetail";
export type { PublicKeyInfo } from "./bindings/PublicKeyInfo";

/** The preview of ISO week `week` ("2026-W05") in the plant's time zone. */
export const syncWeekPreview = (week: string): Promise<WeekView> => invoke<WeekView>("sync_week_preview", { week });

/** The active plant key's public half (fingerprint, algorithm, created). */
export const syncKeyInfo = (): Promise<PublicKeyInfo> => invoke<PublicKeyInfo>("sync_key_info");

/** Saves the public key file (PEM) into the export folder; resolves to its path. */
export const syncKeyExport = (): Promise<string> => invoke<string>("sync_key_export");
