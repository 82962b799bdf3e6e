import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { alert } from "../../test/alerts";
import { InventoryTab } from "./InventoryTab";
import { WasteScreen } from "./WasteScreen";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { Facility, InventoryOverview, Movement, StoreCheck } from "../../ipc/api";
import { codes, officer, page, plant, streams } from "../../test/fixtures";
import { category } from "../../test/settings";
import { alertParams } from "../../components/AlertList";
import i18n from "../../i18n";

const pt01: Facility = {
  id: "f-1",
  code: "PT01",
  name: "车间贮存点",
  kind: "point",
  capacity_kg: null,
  max_storage_days: null,
};
const ts001: Facility = {
  id: "f-2",
  code: "TS001",
  name: "危废库",
  kind: "store",
  capacity_kg: "500.000",
  max_storage_days: null,
};
const ts002: Facility = { ...ts001, id: "f-3", code: "TS002", name: "二号库", capacity_kg: null };

const storeCheck = (warnings: StoreCheck["warnings"]): StoreCheck => ({
  facility_code: "PT01",
  container_id: "C-42",
  code: "900-352-35",
  quantity_g: 200_000,
  quantity_kg: "200.000",
  warnings,
});

const overview = (extra: Partial<InventoryOverview> = {}): InventoryOverview => ({
  today: "2025-03-03",
  facilities: [
    { facility: pt01, stock_kg: "2600.000", containers: 2, oldest_age_days: 348, worst: "warning" },
    { facility: ts001, stock_kg: "1400.000", containers: 2, oldest_age_days: 400, worst: "critical" },
    { facility: ts002, stock_kg: "20.000", containers: 1, oldest_age_days: 3, worst: "ok" },
  ],
  containers: [
    c("PT01", "OLD-1", "2024-03-20", 348, "2025-03-20", "warning"),
    c("TS001", "OLD-2", "2024-01-28", 400, "2025-01-27", "overdue"),
    c("TS001", "NEW-9", null, null, null, "unknown_start"),
    c("PT01", "NEW-1", "2025-02-27", 4, "2026-02-27", "ok"),
    c("TS002", "NEW-2", "2025-02-28", 3, "2026-02-28", "ok"),
  ],
  alerts: [
    alert("critical", "over_capacity", "TS001", "holds 1400.000 kg, over its permitted capacity of 500.000 kg", {
      kg: "1400.000",
      limit_kg: "500.000",
    }),
    alert("warning", "age_warning", "OLD-1 @ PT01", "stored 348 days: must ship by 2025-03-20", { days: "348" }, "2025-03-20"),
  ],
  ...extra,
});

function c(
  facility_code: string,
  container_id: string,
  started_on: string | null,
  age_days: number | null,
  ship_by: string | null,
  status: InventoryOverview["containers"][number]["status"],
) {
  return { facility_code, container_id, code: "900-249-08", stock_kg: "700.000", started_on, age_days, ship_by, status };
}

const movement: Movement = {
  id: "m-1",
  batch_code: "HWRK20250303001",
  kind: "into_storage",
  facility_code: "TS002",
  container_id: "C-42",
  generation_batch: "HWCS20250303001",
  code: "900-249-08",
  quantity_g: 12500,
  quantity_kg: "12.500",
  moved_at_local: "2025-03-03T10:00",
  reverses_id: null,
  reason: null,
  destination: null,
  handlers: { handler: null, handler_dept: null, transport_handler: null, transport_dept: null },
};

describe("InventoryTab", () => {
  it("shows alerts, facility cards and containers with their colours", async () => {
    mockBackend({ storage_overview: () => overview() });
    render(<InventoryTab canWrite />);

    const alerts = await screen.findAllByTestId("alert-row");
    expect(alerts).toHaveLength(2);
    expect(alerts[0]).toHaveClass("alert--critical");
    expect(alerts[0]).toHaveTextContent("TS001");
    expect(alerts[1]).toHaveClass("alert--warning");
    expect(within(screen.getByTestId("inventory-alerts")).getByText("OLD-1 @ PT01")).toBeInTheDocument();
    // Worded in the UI language from the alert's kind, not the core's English sentence.
    expect(alerts[0]).toHaveTextContent("现存 1,400.000 kg，超过许可贮存能力 500.000 kg");
    expect(alerts[1]).toHaveTextContent("已贮存 348 天，须于 2025-03-20 前转移");
    expect(alerts[1]).not.toHaveTextContent("must ship by");

    const cards = screen.getAllByTestId("facility-card");
    expect(cards).toHaveLength(3);
    expect(cards[0]).toHaveTextContent("PT01");
    expect(cards[0]).toHaveTextContent("贮存点");
    expect(cards[0]).toHaveTextContent("2600.000");
    // Oldest age: amber for a warning, red for overdue or unknown start, green otherwise.
    expect(within(cards[0]!).getByTestId("facility-oldest")).toHaveClass("tone--warning");
    expect(within(cards[0]!).getByTestId("facility-oldest")).toHaveTextContent("348");
    expect(within(cards[1]!).getByTestId("facility-oldest")).toHaveClass("tone--critical");
    expect(within(cards[2]!).getByTestId("facility-oldest")).toHaveClass("tone--ok");
    expect(cards[1]).toHaveClass("facility-card--critical");

    const rows = within(screen.getByTestId("containers-table")).getAllByTestId("container-row");
    expect(rows).toHaveLength(5);
    expect(rows[0]).toHaveTextContent("OLD-1");
    expect(rows[0]).toHaveTextContent("2025-03-20");
    const badge = (i: number) => within(rows[i]!).getByTestId("container-status");
    expect(badge(0)).toHaveClass("badge--warning");
    expect(badge(1)).toHaveClass("badge--critical");
    expect(badge(2)).toHaveClass("badge--critical");
    expect(badge(2)).toHaveTextContent("贮存起始日未知");
    expect(badge(3)).toHaveClass("badge--ok");
  });

  it("names a US plant's generator status and limit in its age alerts, and its on-site quantity alert", async () => {
    const us = overview({
      alerts: [
        alert("critical", "generator_quantity_over", "US VSQG", "1100.000 kg on site", {
          kg: "1100.000",
          limit_kg: "1000.000",
          generator_status: "vsqg",
        }),
        alert(
          "critical",
          "age_overdue",
          "A-1 @ TS001",
          "stored 182 days: over the limit since 2025-02-28 (US SQG: 180-day limit)",
          { days: "182", limit_days: "180", generator_status: "sqg" },
          "2025-02-28",
        ),
      ],
    });
    mockBackend({ storage_overview: () => us });
    const { unmount } = render(<InventoryTab canWrite />);
    const alerts = await screen.findAllByTestId("alert-row");
    expect(alerts[0]).toHaveTextContent("厂内现存 1,100.000 kg，超过美国 VSQG 的累积上限 1,000.000 kg");
    expect(alerts[1]).toHaveTextContent("已贮存 182 天，自 2025-02-28 起超过贮存期限（美国 SQG：180 天期限）");
    unmount();
    await i18n.changeLanguage("en");
    render(<InventoryTab canWrite />);
    const en = await screen.findAllByTestId("alert-row");
    expect(en[1]).toHaveTextContent("stored 182 days: over the limit since 2025-02-28 (US SQG: 180-day limit)");
    // A CN plant's age alert carries no status: no note, no stray placeholder.
    const cn = alert("warning", "age_warning", "OLD-1", "stored 348 days", { days: "348", limit_days: "365" }, "2025-03-20");
    expect(alertParams(i18n.t.bind(i18n), cn).limit).toBe("");
  });

  it("puts a container into the chosen facility and refreshes", async () => {
    let stored = false;
    const calls = mockBackend({
      storage_overview: () => (stored ? overview({ alerts: [] }) : overview()),
      check_store: () => storeCheck([]),
      store_container: () => {
        stored = true;
        return movement;
      },
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    await screen.findAllByTestId("facility-card");

    await user.type(screen.getByTestId("store-container"), " C-42 ");
    await user.selectOptions(screen.getByTestId("store-facility"), "TS002");
    await user.click(screen.getByTestId("store-submit"));

    await vi.waitFor(() => expect(callsOf(calls, "store_container")).toHaveLength(1));
    expect(callsOf(calls, "store_container")[0]?.args).toEqual({
      input: {
        facility: "TS002",
        container_id: "C-42",
        generation_batch: null,
        moved_at_local: null,
        handlers: { handler: null, handler_dept: null, transport_handler: null, transport_dept: null },
      },
    });
    expect(await screen.findByTestId("store-success")).toHaveTextContent("HWRK20250303001");
    await vi.waitFor(() => expect(screen.queryAllByTestId("alert-row")).toHaveLength(0));
    expect(callsOf(calls, "storage_overview")).toHaveLength(2);
    expect(screen.getByTestId("store-container")).toHaveValue("");
  });

  it("shows the put-away warnings before saving; a second click saves anyway", async () => {
    const calls = mockBackend({
      storage_overview: () => overview(),
      check_store: () =>
        storeCheck([
          {
            kind: "point_over_cap",
            message: "the 贮存点 would hold 3100.000 kg, over the 3 t cap (GB 18597-2023 8.3.5)",
            stock_after_kg: "3100.000",
            limit_kg: "3000.000",
            other_code: null,
            note: null,
          },
          {
            kind: "incompatible",
            message: "900-352-35 must not be stored with 900-300-34",
            stock_after_kg: null,
            limit_kg: null,
            other_code: "900-300-34",
            note: "酸与碱 acids with bases",
          },
        ]),
      store_container: () => movement,
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    await screen.findAllByTestId("facility-card");
    await user.type(screen.getByTestId("store-container"), "C-42");
    await user.click(screen.getByTestId("store-submit"));

    const warnings = await screen.findAllByTestId("store-warning");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toHaveTextContent("入库后贮存点将存放 3100.000 kg，超过 3 吨上限");
    expect(warnings[1]).toHaveTextContent("900-352-35 与设施内已存的 900-300-34 不相容：酸与碱");
    expect(callsOf(calls, "store_container")).toHaveLength(0); // nothing saved yet
    expect(screen.getByTestId("store-submit")).toHaveTextContent("仍然入库");

    await user.click(screen.getByTestId("store-submit"));
    await vi.waitFor(() => expect(callsOf(calls, "store_container")).toHaveLength(1));
    expect(callsOf(calls, "check_store")).toHaveLength(1);
    expect(await screen.findByTestId("store-success")).toHaveTextContent("HWRK20250303001");
    expect(screen.queryByTestId("store-warnings")).not.toBeInTheDocument();
  });

  it("shows the core's field error beside the container input", async () => {
    mockBackend({
      storage_overview: () => overview(),
      // The check refuses exactly as the put-away would.
      check_store: () => {
        throw {
          kind: "Invalid",
          message: "container C-9 has no live generation entry: record its generation first",
          field: "container_id",
        };
      },
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    await screen.findAllByTestId("facility-card");
    await user.type(screen.getByTestId("store-container"), "C-9");
    await user.click(screen.getByTestId("store-submit"));

    expect(await screen.findByTestId("error-container_id")).toHaveTextContent("no live generation entry");
    expect(screen.getByTestId("store-container")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-form")).not.toBeInTheDocument();
  });

  it("adds a facility and shows a capacity error from the core beside its field", async () => {
    let refused = true;
    const calls = mockBackend({
      storage_overview: () => overview(),
      add_facility: () => {
        if (refused) {
          refused = false;
          throw { kind: "Invalid", message: "capacity must be greater than 0", field: "capacity_t" };
        }
        return ts002;
      },
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    await user.click(await screen.findByTestId("facility-add-open"));
    await user.type(screen.getByTestId("facility-code"), "TS003");
    await user.type(screen.getByTestId("facility-name"), "三号库");
    await user.selectOptions(screen.getByTestId("facility-kind"), "tank_farm");
    await user.type(screen.getByTestId("facility-capacity"), "0");
    await user.click(screen.getByTestId("facility-submit"));

    expect(await screen.findByTestId("error-capacity_t")).toHaveTextContent("贮存能力须大于 0");
    expect(callsOf(calls, "add_facility")[0]?.args).toEqual({
      input: { code: "TS003", name: "三号库", kind: "tank_farm", capacity_t: "0", max_storage_days: null },
    });
    await user.clear(screen.getByTestId("facility-capacity"));
    await user.type(screen.getByTestId("facility-capacity"), "2.5");
    await user.click(screen.getByTestId("facility-submit"));
    await vi.waitFor(() => expect(screen.queryByTestId("facility-dialog")).not.toBeInTheDocument());
    expect(callsOf(calls, "storage_overview")).toHaveLength(2);
  });

  it("takes part of a container out of storage and refreshes", async () => {
    const calls = mockBackend({
      storage_overview: () => overview(),
      take_out: () => ({ ...movement, kind: "out_of_storage", batch_code: "HWCK20250303001", container_id: "OLD-1", quantity_kg: "200.000" }),
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    const rows = await screen.findAllByTestId("container-row");
    await user.click(within(rows[0]!).getByTestId("takeout-open"));
    expect(screen.getByTestId("takeout-dialog")).toHaveTextContent("OLD-1");
    await user.type(screen.getByTestId("takeout-quantity"), "0.2");
    await user.selectOptions(screen.getByTestId("takeout-unit"), "t");
    // Where it goes is required (B.3 去向): refused here without asking the core.
    await user.click(screen.getByTestId("takeout-submit"));
    expect(screen.getByTestId("error-destination")).toHaveTextContent("请写明去向");
    expect(callsOf(calls, "take_out")).toHaveLength(0);
    await user.type(screen.getByTestId("takeout-destination"), " 厂内预处理车间 ");
    await user.click(screen.getByTestId("takeout-submit"));

    expect(await screen.findByTestId("takeout-success")).toHaveTextContent("HWCK20250303001");
    expect(callsOf(calls, "take_out")[0]?.args).toEqual({
      input: {
        facility: "PT01",
        container_id: "OLD-1",
        quantity: "0.2",
        unit: "t",
        moved_at_local: null,
        destination: "厂内预处理车间",
        handlers: { handler: null, handler_dept: null, transport_handler: null, transport_dept: null },
      },
    });
    expect(screen.queryByTestId("takeout-dialog")).not.toBeInTheDocument();
    expect(callsOf(calls, "storage_overview")).toHaveLength(2);
  });

  it("shows the core's quantity refusal under the take-out quantity", async () => {
    const calls = mockBackend({
      storage_overview: () => overview(),
      take_out: () => {
        throw { kind: "Invalid", message: "container OLD-1 holds only 700.000 kg", field: "quantity" };
      },
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    await user.click((await screen.findAllByTestId("takeout-open"))[0]!);
    await user.type(screen.getByTestId("takeout-quantity"), "0");
    await user.click(screen.getByTestId("takeout-submit"));
    expect(screen.getByTestId("error-quantity")).toHaveTextContent("数量必须大于 0");
    expect(callsOf(calls, "take_out")).toHaveLength(0);
    await user.clear(screen.getByTestId("takeout-quantity"));
    await user.type(screen.getByTestId("takeout-quantity"), "900");
    await user.type(screen.getByTestId("takeout-destination"), "预处理车间");
    await user.click(screen.getByTestId("takeout-submit"));
    expect(await screen.findByTestId("error-quantity")).toHaveTextContent("holds only 700.000 kg");
  });

  it("hides the write actions from read-only roles", async () => {
    mockBackend({ storage_overview: () => overview() });
    render(<InventoryTab canWrite={false} />);
    await screen.findAllByTestId("facility-card");
    expect(screen.queryByTestId("facility-add-open")).not.toBeInTheDocument();
    expect(screen.queryByTestId("store-submit")).not.toBeInTheDocument();
    expect(screen.queryByTestId("takeout-open")).not.toBeInTheDocument();
  });
});

describe("InventoryTab labels (HJ 1276-2022)", () => {
  it("prints one container's label and shows where the PDF was saved", async () => {
    const calls = mockBackend({
      storage_overview: () => overview(),
      export_labels_pdf: () => "/home/wang/Documents/EHS/labels-20250303.pdf",
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite={false} />);
    const rows = await screen.findAllByTestId("container-row");
    // Printing needs no write right: read-only roles print too.
    await user.click(within(rows[1]!).getByTestId("label-print"));
    await vi.waitFor(() => expect(callsOf(calls, "export_labels_pdf")).toHaveLength(1));
    expect(callsOf(calls, "export_labels_pdf")[0]?.args).toEqual({ containers: ["OLD-2"], band: null });
    expect(await screen.findByTestId("labels-result")).toHaveTextContent(
      "已保存：/home/wang/Documents/EHS/labels-20250303.pdf",
    );
  });

  it("prints the ticked containers in the table's order", async () => {
    const calls = mockBackend({
      storage_overview: () => overview(),
      export_labels_pdf: () => "/tmp/labels.pdf",
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    const rows = await screen.findAllByTestId("container-row");
    const printSelected = screen.getByTestId("labels-print-selected");
    expect(printSelected).toBeDisabled();
    await user.click(within(rows[4]!).getByTestId("label-select"));
    await user.click(within(rows[0]!).getByTestId("label-select"));
    await user.click(within(rows[2]!).getByTestId("label-select"));
    await user.click(within(rows[2]!).getByTestId("label-select"));
    await user.click(within(rows[3]!).getByTestId("label-select"));
    expect(screen.getByTestId("labels-selected-count")).toHaveTextContent("已选 3 个容器");
    await user.click(printSelected);

    await vi.waitFor(() => expect(callsOf(calls, "export_labels_pdf")).toHaveLength(1));
    expect(callsOf(calls, "export_labels_pdf")[0]?.args).toEqual({ containers: ["OLD-1", "NEW-1", "NEW-2"], band: null });
    expect(await screen.findByTestId("labels-result")).toHaveTextContent("已保存：/tmp/labels.pdf");
  });

  it("selects every container at once", async () => {
    const calls = mockBackend({ storage_overview: () => overview(), export_labels_pdf: () => "/tmp/all.pdf" });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    await screen.findAllByTestId("container-row");
    await user.click(screen.getByTestId("labels-select-all"));
    expect(screen.getAllByTestId("label-select").every((b) => (b as HTMLInputElement).checked)).toBe(true);
    await user.click(screen.getByTestId("labels-print-selected"));
    await vi.waitFor(() => expect(callsOf(calls, "export_labels_pdf")).toHaveLength(1));
    expect(callsOf(calls, "export_labels_pdf")[0]?.args).toEqual({
      containers: ["OLD-1", "OLD-2", "NEW-9", "NEW-1", "NEW-2"],
      band: null,
    });
  });

  it("sizes the labels by the chosen container volume and asks for one when the core needs it", async () => {
    let fail = true;
    const calls = mockBackend({
      storage_overview: () => overview(),
      export_labels_pdf: () => {
        if (fail) throw { kind: "Invalid", message: "container OLD-1: choose its volume", field: "band" };
        return "/tmp/big.pdf";
      },
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    const rows = await screen.findAllByTestId("container-row");
    await user.click(within(rows[0]!).getByTestId("label-print"));
    expect(await screen.findByTestId("labels-need-band")).toHaveTextContent("请先选择容器容积");
    expect(screen.getByTestId("labels-band")).toHaveAttribute("aria-invalid", "true");
    fail = false;
    await user.selectOptions(screen.getByTestId("labels-band"), "over_450l");
    expect(screen.getByTestId("labels-band")).toHaveTextContent("相对两侧各贴一张");
    await user.click(within(rows[0]!).getByTestId("label-print"));
    await vi.waitFor(() => expect(callsOf(calls, "export_labels_pdf")).toHaveLength(2));
    expect(callsOf(calls, "export_labels_pdf")[1]?.args).toEqual({ containers: ["OLD-1"], band: "over_450l" });
    expect(await screen.findByTestId("labels-result")).toHaveTextContent("已保存：/tmp/big.pdf");
    expect(screen.queryByTestId("labels-need-band")).not.toBeInTheDocument();
  });

  it("tells the user to set the plant's USCC in 设置 when the core needs it", async () => {
    let error: unknown = {
      kind: "Invalid",
      message: "set the plant's 统一社会信用代码 first (settings set uscc …)",
      field: "uscc",
    };
    mockBackend({
      storage_overview: () => overview(),
      export_labels_pdf: () => {
        throw error;
      },
    });
    const user = userEvent.setup();
    render(<InventoryTab canWrite />);
    const rows = await screen.findAllByTestId("container-row");
    await user.click(within(rows[0]!).getByTestId("label-print"));
    const hint = await screen.findByTestId("labels-need-uscc");
    expect(hint).toHaveTextContent("尚未设置工厂的统一社会信用代码");
    expect(hint).toHaveTextContent("设置 → 工厂参数");
    expect(screen.queryByTestId("labels-result")).not.toBeInTheDocument();

    // Any other refusal is shown as the core's sentence, without the USCC hint.
    error = { kind: "Invalid", message: "container NEW-9 has no live generation entry", field: "containers" };
    await user.click(within(rows[2]!).getByTestId("label-print"));
    expect(await screen.findByTestId("error-form")).toHaveTextContent("no live generation entry");
    expect(screen.queryByTestId("labels-need-uscc")).not.toBeInTheDocument();
  });
});

describe("WasteScreen tabs", () => {
  it("switches from the generation ledger to the inventory", async () => {
    const calls = mockBackend({
      list_streams: () => streams,
      list_hw_codes: () => codes,
      list_generation: () => page([], 0),
      storage_overview: () => overview(),
      plant_category: () => category(),
    });
    const user = userEvent.setup();
    render(<WasteScreen plant={plant} session={officer} />);
    expect(screen.getByTestId("tab-ledger")).toHaveAttribute("aria-selected", "true");
    expect(callsOf(calls, "storage_overview")).toHaveLength(0);
    await user.click(screen.getByTestId("tab-inventory"));
    expect(await screen.findAllByTestId("facility-card")).toHaveLength(3);
    expect(screen.getByTestId("tab-inventory")).toHaveAttribute("aria-selected", "true");
  });

  it("opens the shipments and receivers tabs, each with its own title", async () => {
    mockBackend({
      list_streams: () => streams,
      list_hw_codes: () => codes,
      list_generation: () => page([], 0),
      list_shipments: () => [],
      list_alerts: () => [],
      list_counterparties: () => [],
      plant_category: () => category(),
    });
    const user = userEvent.setup();
    render(<WasteScreen plant={plant} session={officer} />);
    expect(screen.getByTestId("export-month")).toBeInTheDocument();
    await user.click(screen.getByTestId("tab-shipments"));
    expect(await screen.findByTestId("shipments-empty")).toHaveTextContent("尚无转移记录");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("危险废物转移联单");
    expect(screen.getByTestId("ship-open")).toBeInTheDocument();
    await user.click(screen.getByTestId("tab-receivers"));
    expect(await screen.findByTestId("receivers-empty")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("接收单位与运输单位");
  });
});
