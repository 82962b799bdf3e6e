import type { AppStatus, GenerationEntry, HwCode, LedgerPage, Plant, Session, WasteStream } from "../ipc/api";

export const plant: Plant = {
  id: "0190a000-0000-7000-8000-000000000001",
  code: "SZ01",
  name: "苏州一厂",
  segment: "电子制造",
  jurisdiction: "CN",
  timezone: "Asia/Shanghai",
};

export const officer: Session = {
  user_id: "0190a000-0000-7000-8000-0000000000u1",
  username: "wang",
  display_name: "王工",
  role: "ehs_officer",
};

export const statusSetup: AppStatus = { initialized: false, mode: "plant", plant: null, group: null, session: null, db_path: "/data/ehs.db" };
export const statusSignIn: AppStatus = { initialized: true, mode: "plant", plant, group: null, session: null, db_path: "/data/ehs.db" };
export const statusSignedIn: AppStatus = { initialized: true, mode: "plant", plant, group: null, session: officer, db_path: "/data/ehs.db" };

export const codes: HwCode[] = [
  {
    code: "900-249-08",
    category: "HW08",
    category_name_zh: "废矿物油与含矿物油废物",
    category_name_en: "Waste mineral oil and mineral-oil-containing waste",
    name_zh: "其他生产、销售、使用过程中产生的废矿物油及沾染矿物油的废弃包装物",
    characteristics: "T,I",
    catalogue_version: "2025",
  },
  {
    code: "900-041-49",
    category: "HW49",
    category_name_zh: "其他废物",
    category_name_en: "Other wastes",
    name_zh: "含有或沾染毒性、感染性危险废物的废弃的包装物、容器、过滤吸附介质",
    characteristics: "T/In",
    catalogue_version: "2025",
  },
];

export const streams: WasteStream[] = [
  { id: "s-oil", name: "废机油", code: "900-249-08", category: "HW08", physical_form: "liquid" },
  { id: "s-rag", name: "含油抹布", code: "900-041-49", category: "HW49", physical_form: "solid" },
];

export function entry(n: number, over: Partial<GenerationEntry> = {}): GenerationEntry {
  return {
    id: `e-${n}`,
    batch_code: `SZ01-20261124-${String(n).padStart(4, "0")}`,
    stream_id: "s-oil",
    stream_name: "废机油",
    code: "900-249-08",
    category: "HW08",
    quantity_g: 1250000,
    quantity_kg: "1250.000",
    container_id: `C-${n}`,
    storage_area: "危废库 A",
    generated_at_utc: "2026-11-24T01:05:00Z",
    generated_at_local: "2026-11-24 09:05",
    recorded_by: officer.user_id,
    recorded_by_name: officer.display_name,
    voided: false,
    void_reason: null,
    generation_point_code: null,
    container_type: null,
    container_count: null,
    handler: null,
    handler_dept: null,
    ...over,
  };
}

export function page(rows: GenerationEntry[], total: number, pageNo = 0, totalKg = "0.000"): LedgerPage {
  return { rows, total, total_kg: totalKg, page: pageNo, page_size: 50 };
}
