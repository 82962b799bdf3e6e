// Shipping fixtures: receivers/transporters with licences, storage with containers, previews
// and shipments as the core returns them.
import type { Counterparty, InventoryOverview, Licence, ShipPreview, Shipment, ShipmentLine } from "../ipc/api";

export const licence = (over: Partial<Licence> = {}): Licence => ({
  id: "l-1",
  licence_no: "JS3205000123",
  licence_type: "comprehensive",
  valid_from: "2024-01-01",
  valid_to: "2028-12-31",
  categories: ["HW08", "HW49"],
  codes: [],
  methods: ["R9", "D10"],
  annual_capacity_g: 5_000_000_000,
  annual_capacity_t: "5000",
  ...over,
});

export const party = (over: Partial<Counterparty> = {}): Counterparty => ({
  id: "r-1",
  kind: "receiver",
  name: "苏州环保处置有限公司",
  uscc: "91320500MA1XXXXX0X",
  address: "苏州工业园区",
  contact: "李工",
  phone: "0512-12345678",
  region_code: null,
  province: null,
  licences: [licence()],
  current: licence(),
  status: "valid",
  days_left: 1135,
  shipped_this_year_g: 12_345_678,
  ...over,
});

export const parties: Counterparty[] = [
  party(),
  party({
    id: "r-2",
    name: "无锡再生资源公司",
    status: "expiring",
    days_left: 20,
    current: licence({ id: "l-2", licence_no: "JS3202000777", valid_to: "2025-03-23", annual_capacity_t: null }),
    shipped_this_year_g: 0,
  }),
  party({ id: "r-3", name: "过期处置厂", status: "expired", days_left: -5, current: null, shipped_this_year_g: 1_500_000 }),
  party({
    id: "t-1",
    kind: "transporter",
    name: "安达危运",
    uscc: null,
    status: "none",
    days_left: null,
    licences: [],
    current: null,
    shipped_this_year_g: 0,
  }),
];

export const stock: InventoryOverview = {
  today: "2025-03-03",
  facilities: [
    {
      facility: { id: "f-1", code: "TS001", name: "危废库", kind: "store", capacity_kg: null, max_storage_days: null },
      stock_kg: "1400.000",
      containers: 2,
      oldest_age_days: 348,
      worst: "warning",
    },
    {
      facility: { id: "f-2", code: "PT01", name: "车间贮存点", kind: "point", capacity_kg: null, max_storage_days: null },
      stock_kg: "20.000",
      containers: 1,
      oldest_age_days: 3,
      worst: "ok",
    },
  ],
  containers: [
    { facility_code: "TS001", container_id: "OLD-1", code: "900-249-08", stock_kg: "700.000", started_on: "2024-03-20", age_days: 348, ship_by: "2025-03-20", status: "warning" },
    { facility_code: "TS001", container_id: "OLD-2", code: "900-249-08", stock_kg: "700.000", started_on: "2024-04-01", age_days: 336, ship_by: "2025-04-01", status: "ok" },
    { facility_code: "PT01", container_id: "NEW-2", code: "900-041-49", stock_kg: "20.000", started_on: "2025-02-28", age_days: 3, ship_by: "2026-02-28", status: "ok" },
  ],
  alerts: [],
};

export const preview = (over: Partial<ShipPreview> = {}): ShipPreview => ({
  lines: [
    { container_id: "OLD-1", facility_code: "TS001", code: "900-249-08", quantity_g: 700_000, quantity_kg: "700.000" },
    { container_id: "NEW-2", facility_code: "PT01", code: "900-041-49", quantity_g: 20_000, quantity_kg: "20.000" },
  ],
  total_g: 720_000,
  total_kg: "720.000",
  problems: [],
  warnings: [],
  confirmation_due: "2025-03-10",
  transfer_type: "in_province",
  approval_no: null,
  ...over,
});

export const line = (n: number, over: Partial<ShipmentLine> = {}): ShipmentLine => ({
  id: `sl-${n}`,
  line_no: n,
  batch_code: `HWWWLY20250303${String(n).padStart(3, "0")}`,
  out_batch: `HWCK20250303${String(n).padStart(3, "0")}`,
  in_batch: `HWRK20240320${String(n).padStart(3, "0")}`,
  generation_batch: `HWCS20240320${String(n).padStart(3, "0")}`,
  facility_code: "TS001",
  container_id: `C-${n}`,
  code: "900-249-08",
  category: "HW08",
  name: "废矿物油",
  characteristics: "T,I",
  weight_source: "measured",
  quantity_g: 700_000,
  quantity_kg: "700.000",
  received_g: null,
  received_kg: null,
  within_tolerance: null,
  rejected: false,
  return_batch: null,
  ...over,
});

export const shipment = (over: Partial<Shipment> = {}): Shipment => ({
  id: "sh-1",
  manifest_no: "20250303000123",
  manifest_warning: null,
  receiver_id: "r-1",
  receiver_name: "苏州环保处置有限公司",
  licence_no: "JS3205000123",
  transporter_name: null,
  own_transport: null,
  vehicle_plate: "",
  transfer_type: "in_province",
  approval_no: null,
  purpose: "utilisation",
  method: "R9",
  shipped_at_local: "2025-03-03T10:00",
  shipped_on: "2025-03-03",
  status: "in_transit",
  confirmation_due: "2025-03-10",
  overdue: false,
  confirmed_late: false,
  override_reason: null,
  lines: [line(1), line(2, { container_id: "C-2", quantity_g: 20_000, quantity_kg: "20.000" })],
  total_g: 720_000,
  total_kg: "720.000",
  accepted_total_g: 720_000,
  accepted_total_kg: "720.000",
  received_total_g: null,
  receipt: null,
  void_reason: null,
  ...over,
});
