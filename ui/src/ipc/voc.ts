// VOCs (挥发性有机物): sources, the material ledger, waste VOC contents, stack tests, the coated
// area and a month's emissions by material balance and by monitoring, side by side.
import { invoke } from "./core";
import type { AreaInput } from "./bindings/AreaInput";
import type { CoatedArea } from "./bindings/CoatedArea";
import type { NewVocMaterial } from "./bindings/NewVocMaterial";
import type { NewVocSource } from "./bindings/NewVocSource";
import type { TestInput } from "./bindings/TestInput";
import type { UsageInput } from "./bindings/UsageInput";
import type { VocMaterial } from "./bindings/VocMaterial";
import type { VocMonth } from "./bindings/VocMonth";
import type { VocRecord } from "./bindings/VocRecord";
import type { VocSource } from "./bindings/VocSource";
import type { VocTest } from "./bindings/VocTest";
import type { VocUsage } from "./bindings/VocUsage";
import type { VocWasteContent } from "./bindings/VocWasteContent";
import type { WasteContentInput } from "./bindings/WasteContentInput";

export type { AreaInput } from "./bindings/AreaInput";
export type { CoatedArea } from "./bindings/CoatedArea";
export type { ContentBasis } from "./bindings/ContentBasis";
export type { EfficiencyBasis } from "./bindings/EfficiencyBasis";
export type { NewVocMaterial } from "./bindings/NewVocMaterial";
export type { NewVocSource } from "./bindings/NewVocSource";
export type { SourceKind } from "./bindings/SourceKind";
export type { TestInput } from "./bindings/TestInput";
export type { UsageInput } from "./bindings/UsageInput";
export type { VocBalance } from "./bindings/VocBalance";
export type { VocMaterial } from "./bindings/VocMaterial";
export type { VocMonitoring } from "./bindings/VocMonitoring";
export type { VocMonth } from "./bindings/VocMonth";
export type { VocRecord } from "./bindings/VocRecord";
export type { VocSource } from "./bindings/VocSource";
export type { VocTest } from "./bindings/VocTest";
export type { VocUsage } from "./bindings/VocUsage";
export type { VocWasteContent } from "./bindings/VocWasteContent";
export type { VocWasteLine } from "./bindings/VocWasteLine";
export type { WasteContentInput } from "./bindings/WasteContentInput";

export const vocSources = (): Promise<VocSource[]> => invoke<VocSource[]>("voc_sources");

export const vocAddSource = (input: NewVocSource): Promise<VocSource> => invoke<VocSource>("voc_add_source", { input });

export const vocMaterials = (): Promise<VocMaterial[]> => invoke<VocMaterial[]>("voc_materials");

export const vocAddMaterial = (input: NewVocMaterial): Promise<VocMaterial> =>
  invoke<VocMaterial>("voc_add_material", { input });

/** The ledger lines of month `YYYY-MM`. */
export const vocUsage = (month: string, includeVoided = false): Promise<VocUsage[]> =>
  invoke<VocUsage[]>("voc_usage", { month, includeVoided });

export const vocAddUsage = (input: UsageInput): Promise<VocUsage> => invoke<VocUsage>("voc_add_usage", { input });

export const vocWasteContents = (): Promise<VocWasteContent[]> => invoke<VocWasteContent[]>("voc_waste_contents");

export const vocSetWasteContent = (input: WasteContentInput): Promise<VocWasteContent> =>
  invoke<VocWasteContent>("voc_set_waste_content", { input });

export const vocTests = (month: string): Promise<VocTest[]> => invoke<VocTest[]>("voc_tests", { month });

export const vocAddTest = (input: TestInput): Promise<VocTest> => invoke<VocTest>("voc_add_test", { input });

export const vocSetArea = (input: AreaInput): Promise<CoatedArea> => invoke<CoatedArea>("voc_set_area", { input });

/** Month `YYYY-MM` by material balance and by monitoring, side by side, with every input. */
export const vocEmissions = (month: string): Promise<VocMonth> => invoke<VocMonth>("voc_emissions", { month });

export const vocVoid = (kind: VocRecord, id: string, reason: string): Promise<void> =>
  invoke<void>("voc_void", { kind, id, reason });
