// Fixtures for the 一般固废 tab and the GRI 306 panel.
import type { GriWaste, RouteTotal, SwRecord, SwStream, Route } from "../ipc/api";

export const swStreams: SwStream[] = [
  { id: "sw-1", code: "398-001-S17", name: "废包装纸箱", physical_form: "solid", process: "来料拆包", stock_g: 12500000, stock_t: "12.500000" },
  { id: "sw-2", code: "398-002-S07", name: "污水站污泥", physical_form: "sludge", process: "污水处理", stock_g: 0, stock_t: "0.000000" },
];

export function swRecord(n: number, over: Partial<SwRecord> = {}): SwRecord {
  return {
    id: `swr-${n}`,
    batch_code: `GFCS-20261105-${String(n).padStart(4, "0")}`,
    kind: "generation",
    stream_name: "废包装纸箱",
    code: "398-001-S17",
    quantity_g: 2500000,
    quantity_t: "2.500000",
    route: null,
    onsite: null,
    receiver_name: "",
    receiver_uscc: null,
    transporter: "",
    document_no: "",
    storage_place: "一般固废暂存间",
    at_local: "2026-11-05 09:30",
    local_date: "2026-11-05",
    voided: false,
    void_reason: null,
    ...over,
  };
}

export const swRecords: SwRecord[] = [
  swRecord(1),
  swRecord(2, {
    batch_code: "GFCK-20261106-0001",
    kind: "outbound",
    quantity_g: 1200000,
    quantity_t: "1.200000",
    route: "recycling",
    onsite: false,
    receiver_name: "苏州再生资源有限公司",
    receiver_uscc: "91320500MA1XXXXX0Q",
    transporter: "顺达运输",
    document_no: "ZY-2026-118",
    storage_place: "",
    at_local: "2026-11-06 14:00",
    local_date: "2026-11-06",
  }),
  swRecord(3, { stream_name: "污水站污泥", code: "398-002-S07", quantity_t: "3.000000", quantity_g: 3000000 }),
];

const route = (r: Route, hazardous: boolean, onsite: boolean, grams: number, tonnes: string): RouteTotal => ({
  route: r,
  hazardous,
  onsite,
  grams,
  tonnes,
});

export const gri: GriWaste = {
  from: "2026-11-01",
  to: "2026-11-24",
  generated_hazardous_g: 4000000,
  generated_non_hazardous_g: 16000000,
  diverted_g: 13086000,
  disposal_g: 3500000,
  stock_change_g: 3414000,
  routes: [
    route("recycling", false, false, 10000000, "10.000"),
    route("recycling", false, true, 1086000, "1.086"),
    route("reuse", false, true, 2000000, "2.000"),
    route("energy_recovery", true, false, 1500000, "1.500"),
    route("landfill", false, false, 2000000, "2.000"),
    route("incineration", true, false, 0, "0.000"),
  ],
  gri_diversion_bp: 6543,
  zwtl_diversion_bp: null,
  unmapped_methods: [],
};
