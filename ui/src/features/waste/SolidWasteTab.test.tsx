import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SolidWasteTab } from "./SolidWasteTab";
import { GriPanel } from "./GriPanel";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { NewSwStream, SwRecordInput } from "../../ipc/api";
import { gri, swRecord, swRecords, swStreams } from "../../test/solid";

// 2026-11-24 12:00 in Shanghai.
const NOW = new Date("2026-11-24T04:00:00Z");

function backend(over: Record<string, Handler> = {}) {
  return mockBackend({
    list_sw_streams: () => swStreams,
    list_sw_records: () => swRecords,
    gri_waste: () => gri,
    ...over,
  });
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("SolidWasteTab", () => {
  it("lists the streams with their stock and the period's records, from the first of the month to today", async () => {
    const calls = backend();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    const streams = await screen.findAllByTestId("sw-stream-row");
    expect(streams).toHaveLength(2);
    expect(streams[0]).toHaveTextContent("398-001-S17");
    expect(streams[0]).toHaveTextContent("废包装纸箱");
    expect(streams[0]).toHaveTextContent("固态");
    expect(streams[0]).toHaveTextContent("来料拆包");
    expect(within(streams[0]!).getByTestId("sw-stream-stock")).toHaveTextContent("12.500 t");
    expect(streams[1]).toHaveTextContent("污泥");

    const rows = await screen.findAllByTestId("sw-record-row");
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent("GFCK-20261106-0001");
    expect(rows[1]).toHaveTextContent("出厂");
    expect(rows[1]).toHaveTextContent("再生利用");
    expect(rows[1]).toHaveTextContent("苏州再生资源有限公司");
    expect(rows[1]).toHaveTextContent("ZY-2026-118");
    // Tonnes as the core sends them (gram precision) read without the zeros past the kilogram.
    expect(within(rows[1]!).getByText("1.200")).toHaveClass("num");
    expect(rows[1]).not.toHaveTextContent("1.200000");
    expect(rows[0]).toHaveTextContent("产生");

    expect(screen.getByTestId("sw-filter-from")).toHaveValue("2026-11-01");
    expect(screen.getByTestId("sw-filter-to")).toHaveValue("2026-11-24");
    expect(callsOf(calls, "list_sw_records")[0]?.args).toEqual({ from: "2026-11-01", to: "2026-11-24", includeVoided: false });
    expect(callsOf(calls, "gri_waste")[0]?.args).toEqual({ from: "2026-11-01", to: "2026-11-24" });
  });

  it("re-queries records and GRI figures when the period changes, only the records for the voided toggle; filters by stream locally", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("sw-record-row");

    fireEvent.change(screen.getByTestId("sw-filter-from"), { target: { value: "2026-10-01" } });
    await vi.waitFor(() =>
      expect(callsOf(calls, "gri_waste").at(-1)?.args).toEqual({ from: "2026-10-01", to: "2026-11-24" }),
    );
    expect(callsOf(calls, "list_sw_records").at(-1)?.args).toEqual({ from: "2026-10-01", to: "2026-11-24", includeVoided: false });

    fireEvent.change(screen.getByTestId("sw-filter-to"), { target: { value: "2026-10-31" } });
    await vi.waitFor(() =>
      expect(callsOf(calls, "gri_waste").at(-1)?.args).toEqual({ from: "2026-10-01", to: "2026-10-31" }),
    );

    const griCalls = callsOf(calls, "gri_waste").length;
    await user.click(screen.getByTestId("sw-filter-voided"));
    await vi.waitFor(() =>
      expect(callsOf(calls, "list_sw_records").at(-1)?.args).toEqual({ from: "2026-10-01", to: "2026-10-31", includeVoided: true }),
    );
    expect(callsOf(calls, "gri_waste"), "voided rows are a list view; the GRI figures do not change").toHaveLength(griCalls);

    // A start after the end is not sent.
    const before = callsOf(calls, "list_sw_records").length;
    fireEvent.change(screen.getByTestId("sw-filter-from"), { target: { value: "2026-12-01" } });
    expect(await screen.findByTestId("sw-period-error")).toHaveTextContent("起始日期不能晚于截止日期");
    expect(callsOf(calls, "list_sw_records")).toHaveLength(before);

    const queries = callsOf(calls, "list_sw_records").length;
    await user.selectOptions(screen.getByTestId("sw-filter-stream"), "sw-2");
    expect(screen.getAllByTestId("sw-record-row")).toHaveLength(1);
    expect(screen.getByTestId("sw-record-row")).toHaveTextContent("污水站污泥");
    expect(callsOf(calls, "list_sw_records")).toHaveLength(queries);
  });

  it("adds a stream with code, name, form and process, pre-checking the code's shape", async () => {
    const calls = backend({ add_sw_stream: () => swStreams[0] });
    const user = userEvent.setup();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("sw-stream-row");
    await user.click(screen.getByTestId("sw-stream-open"));
    await user.type(screen.getByTestId("sw-stream-code"), "398-001-17");
    await user.click(screen.getByTestId("sw-stream-submit"));
    expect(screen.getByTestId("error-code")).toHaveTextContent("NNN-NNN-Sxx");
    expect(screen.getByTestId("error-name")).toHaveTextContent("必填");
    expect(callsOf(calls, "add_sw_stream")).toHaveLength(0);

    await user.clear(screen.getByTestId("sw-stream-code"));
    await user.type(screen.getByTestId("sw-stream-code"), "900-099-s59");
    await user.type(screen.getByTestId("sw-stream-name"), "废活性炭（一般）");
    await user.selectOptions(screen.getByTestId("sw-stream-form"), "semi_solid");
    await user.type(screen.getByTestId("sw-stream-process"), "废气处理");
    await user.click(screen.getByTestId("sw-stream-submit"));
    const sent: NewSwStream = { code: "900-099-S59", name: "废活性炭（一般）", physical_form: "semi_solid", process: "废气处理" };
    await vi.waitFor(() => expect(callsOf(calls, "add_sw_stream")[0]?.args).toEqual({ input: sent }));
    await vi.waitFor(() => expect(screen.queryByTestId("sw-stream-dialog")).not.toBeInTheDocument());
    expect(callsOf(calls, "list_sw_streams")).toHaveLength(2);
  });

  it("records generation with quantity, unit, time and storage place, then reloads stock, records and GRI", async () => {
    const calls = backend({ record_sw_generation: () => swRecord(9) });
    const user = userEvent.setup();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("sw-record-row");
    await user.click(screen.getByTestId("sw-generation-open"));
    await user.selectOptions(screen.getByTestId("sw-rec-stream"), "sw-2");
    await user.type(screen.getByTestId("sw-rec-quantity"), "850.5");
    await user.selectOptions(screen.getByTestId("sw-rec-unit"), "kg");
    fireEvent.change(screen.getByTestId("sw-rec-at"), { target: { value: "2026-11-20T08:15" } });
    await user.type(screen.getByTestId("sw-rec-storage_place"), "污泥棚");
    await user.click(screen.getByTestId("sw-rec-submit"));
    const sent: SwRecordInput = {
      stream: "sw-2",
      quantity: "850.5",
      unit: "kg",
      at_local: "2026-11-20T08:15",
      route: null,
      onsite: false,
      receiver: null,
      receiver_uscc: null,
      transporter: null,
      document_no: null,
      storage_place: "污泥棚",
    };
    await vi.waitFor(() => expect(callsOf(calls, "record_sw_generation")[0]?.args).toEqual({ input: sent }));
    await vi.waitFor(() => expect(callsOf(calls, "gri_waste")).toHaveLength(2));
    expect(callsOf(calls, "list_sw_records")).toHaveLength(2);
    expect(callsOf(calls, "list_sw_streams")).toHaveLength(2);
  });

  it("sends an off-site outbound batch with route, receiver and document, placing the core's stock refusal under the quantity", async () => {
    let refuse = true;
    const calls = backend({
      record_sw_outbound: () => {
        if (refuse) {
          refuse = false;
          throw { kind: "Invalid", message: "only 12.500 t of 废包装纸箱 is in store; cannot send out 13.000 t", field: "quantity" };
        }
        return swRecords[1];
      },
    });
    const user = userEvent.setup();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("sw-record-row");
    await user.click(screen.getByTestId("sw-outbound-open"));
    const dialog = screen.getByTestId("sw-record-dialog");
    await user.selectOptions(screen.getByTestId("sw-rec-stream"), "sw-1");
    expect(dialog).toHaveTextContent("当前库存 12.500 t");
    await user.type(screen.getByTestId("sw-rec-quantity"), "13");
    await user.selectOptions(screen.getByTestId("sw-rec-route"), "recycling");
    expect(within(screen.getByTestId("sw-rec-route")).getByRole("option", { name: "焚烧（无能量回收）" })).toBeInTheDocument();
    await user.type(screen.getByTestId("sw-rec-receiver"), "苏州再生资源有限公司");
    await user.type(screen.getByTestId("sw-rec-receiver_uscc"), "91320500MA1XXXXX0Q");
    await user.type(screen.getByTestId("sw-rec-transporter"), "顺达运输");
    await user.type(screen.getByTestId("sw-rec-document_no"), "ZY-2026-118");
    await user.click(screen.getByTestId("sw-rec-submit"));

    const error = await screen.findByTestId("error-quantity");
    expect(error).toHaveTextContent("超出库存");
    expect(error).toHaveTextContent("12.500 t");
    expect(error).toHaveAttribute("title", "only 12.500 t of 废包装纸箱 is in store; cannot send out 13.000 t");
    expect(screen.getByTestId("sw-rec-quantity")).toHaveAttribute("aria-invalid", "true");
    const sent: SwRecordInput = {
      stream: "sw-1",
      quantity: "13",
      unit: "t",
      at_local: null,
      route: "recycling",
      onsite: false,
      receiver: "苏州再生资源有限公司",
      receiver_uscc: "91320500MA1XXXXX0Q",
      transporter: "顺达运输",
      document_no: "ZY-2026-118",
      storage_place: null,
    };
    expect(callsOf(calls, "record_sw_outbound")[0]?.args).toEqual({ input: sent });

    await user.clear(screen.getByTestId("sw-rec-quantity"));
    await user.type(screen.getByTestId("sw-rec-quantity"), "12.5");
    await user.click(screen.getByTestId("sw-rec-submit"));
    await vi.waitFor(() => expect(screen.queryByTestId("sw-record-dialog")).not.toBeInTheDocument());
    expect(callsOf(calls, "record_sw_outbound")[1]?.args).toEqual({ input: { ...sent, quantity: "12.5" } });
  });

  it("pre-checks an off-site batch without a receiver; on site needs none and sends no receiver", async () => {
    const calls = backend({ record_sw_outbound: () => swRecords[1] });
    const user = userEvent.setup();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("sw-record-row");
    await user.click(screen.getByTestId("sw-outbound-open"));
    await user.selectOptions(screen.getByTestId("sw-rec-stream"), "sw-1");
    await user.type(screen.getByTestId("sw-rec-quantity"), "2");
    await user.selectOptions(screen.getByTestId("sw-rec-route"), "reuse");
    await user.click(screen.getByTestId("sw-rec-submit"));
    expect(screen.getByTestId("error-receiver")).toHaveTextContent("接收单位");
    expect(callsOf(calls, "record_sw_outbound")).toHaveLength(0);

    await user.click(screen.getByTestId("sw-rec-onsite"));
    expect(screen.queryByTestId("sw-rec-receiver")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("sw-rec-submit"));
    await vi.waitFor(() => expect(callsOf(calls, "record_sw_outbound")).toHaveLength(1));
    expect(callsOf(calls, "record_sw_outbound")[0]?.args).toMatchObject({
      input: { stream: "sw-1", quantity: "2", unit: "t", route: "reuse", onsite: true, receiver: null, receiver_uscc: null },
    });
  });

  it("places the core's receiver refusal under the receiver field", async () => {
    const calls = backend({
      record_sw_outbound: () => {
        throw { kind: "Invalid", message: "an off-site batch names its receiver (固废法 Art. 37)", field: "receiver" };
      },
    });
    const user = userEvent.setup();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("sw-record-row");
    await user.click(screen.getByTestId("sw-outbound-open"));
    await user.selectOptions(screen.getByTestId("sw-rec-stream"), "sw-1");
    await user.type(screen.getByTestId("sw-rec-quantity"), "1");
    await user.selectOptions(screen.getByTestId("sw-rec-route"), "landfill");
    await user.type(screen.getByTestId("sw-rec-receiver"), "  x");
    await user.click(screen.getByTestId("sw-rec-submit"));
    expect(await screen.findByTestId("error-receiver")).toHaveTextContent("厂外利用/处置须填写接收单位");
    expect(callsOf(calls, "record_sw_outbound")).toHaveLength(1);
    expect(screen.queryByTestId("error-form")).not.toBeInTheDocument();
  });

  it("voids a live record with its reason; voided rows have no void action", async () => {
    const calls = backend({
      list_sw_records: () => [...swRecords, swRecord(4, { voided: true, void_reason: "录错" })],
      void_sw_record: () => ({ ...swRecords[1]!, voided: true, void_reason: "数量录错" }),
    });
    const user = userEvent.setup();
    render(<SolidWasteTab canWrite timezone="Asia/Shanghai" />);
    const rows = await screen.findAllByTestId("sw-record-row");
    expect(rows).toHaveLength(4);
    expect(rows[3]).toHaveClass("row--voided");
    expect(within(rows[3]!).queryByTestId("sw-void-open")).not.toBeInTheDocument();
    expect(rows[3]).toHaveTextContent("已作废");

    await user.click(within(rows[1]!).getByTestId("sw-void-open"));
    await user.click(screen.getByTestId("sw-void-submit"));
    expect(screen.getByTestId("error-reason")).toBeInTheDocument();
    expect(callsOf(calls, "void_sw_record")).toHaveLength(0);
    await user.type(screen.getByTestId("sw-void-reason"), "数量录错");
    await user.click(screen.getByTestId("sw-void-submit"));
    await vi.waitFor(() => expect(screen.queryByTestId("sw-void-dialog")).not.toBeInTheDocument());
    expect(callsOf(calls, "void_sw_record")[0]?.args).toEqual({ id: "swr-2", reason: "数量录错" });
    await vi.waitFor(() => expect(callsOf(calls, "gri_waste")).toHaveLength(2));
  });

  it("shows no write actions to a read-only role", async () => {
    backend();
    render(<SolidWasteTab canWrite={false} timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("sw-record-row");
    expect(screen.queryByTestId("sw-stream-open")).not.toBeInTheDocument();
    expect(screen.queryByTestId("sw-outbound-open")).not.toBeInTheDocument();
    expect(screen.queryByTestId("sw-void-open")).not.toBeInTheDocument();
  });
});

describe("GriPanel", () => {
  it("shows 306-3/4/5, the stock change and both rates from basis points, '—' for null", () => {
    render(<GriPanel gri={gri} error={null} />);
    expect(screen.getByTestId("gri-generated")).toHaveTextContent("20.000 t");
    expect(screen.getByTestId("gri-generated-hazardous")).toHaveTextContent("危险废物 4.000 t");
    expect(screen.getByTestId("gri-generated-non-hazardous")).toHaveTextContent("一般固废 16.000 t");
    expect(screen.getByTestId("gri-diverted")).toHaveTextContent("13.086 t");
    expect(screen.getByTestId("gri-disposal")).toHaveTextContent("3.500 t");
    expect(screen.getByTestId("gri-stock-change")).toHaveTextContent("+3.414 t");
    expect(screen.getByTestId("gri-rate-gri")).toHaveTextContent("GRI 306 转移率 (306-4 ÷ 306-3)");
    expect(screen.getByTestId("gri-rate-gri")).toHaveTextContent("65.43%");
    expect(screen.getByTestId("gri-rate-zwtl")).toHaveTextContent("零废填埋转移率（含能量回收）");
    expect(screen.getByTestId("gri-rate-zwtl")).toHaveTextContent("—");
    expect(screen.queryByTestId("gri-unmapped")).not.toBeInTheDocument();
  });

  it("formats small and whole rates exactly and a falling stock with its sign", () => {
    render(<GriPanel gri={{ ...gri, gri_diversion_bp: 5, zwtl_diversion_bp: 10000, stock_change_g: -250000 }} error={null} />);
    expect(screen.getByTestId("gri-rate-gri")).toHaveTextContent("0.05%");
    expect(screen.getByTestId("gri-rate-zwtl")).toHaveTextContent("100.00%");
    expect(screen.getByTestId("gri-stock-change")).toHaveTextContent("-0.250 t");
  });

  it("draws one bar segment per non-zero route, summed over hazardous and on/off site, in GRI order", () => {
    render(<GriPanel gri={gri} error={null} />);
    const segments = within(screen.getByTestId("gri-bar")).getAllByTestId("gri-segment");
    expect(segments.map((s) => s.getAttribute("data-route"))).toEqual(["reuse", "recycling", "energy_recovery", "landfill"]);
    // 2 + 11.086 + 1.5 + 2 = 16.586 t; recycling is 11.086 / 16.586 of the 1000-unit bar.
    expect(Number(segments[1]!.getAttribute("width"))).toBeCloseTo((11086000 / 16586000) * 1000, 3);
    expect(Number(segments[1]!.getAttribute("x"))).toBeCloseTo((2000000 / 16586000) * 1000, 3);
    expect(segments[0]!.getAttribute("fill")).not.toBe(segments[3]!.getAttribute("fill"));
    const legend = screen.getAllByTestId("gri-legend-item");
    expect(legend).toHaveLength(4);
    expect(legend[1]).toHaveTextContent("再生利用");
    expect(legend[1]).toHaveTextContent("11.086 t");
    expect(legend[2]).toHaveTextContent("能量回收");
    // The table keeps every cell, zero included.
    const rows = screen.getAllByTestId("gri-route-row");
    expect(rows).toHaveLength(6);
    expect(rows[0]).toHaveTextContent("再使用");
    expect(rows[0]).toHaveTextContent("厂内");
    expect(rows[0]).toHaveTextContent("306-4 转移");
    expect(rows.find((r) => r.textContent?.includes("填埋"))).toHaveTextContent("306-5 处置");
  });

  it("warns about unmapped treatment methods and shows an empty bar state", () => {
    render(<GriPanel gri={{ ...gri, routes: [], unmapped_methods: ["R99", "D77"] }} error={null} />);
    expect(screen.getByTestId("gri-unmapped")).toHaveTextContent("R99, D77");
    expect(screen.getByTestId("gri-bar-empty")).toBeInTheDocument();
    expect(screen.queryByTestId("gri-bar")).not.toBeInTheDocument();
  });
});

describe("WasteScreen", () => {
  it("has a 一般固废 tab showing the solid-waste ledger's title and the GRI panel", async () => {
    const { WasteScreen } = await import("./WasteScreen");
    const { plant, officer } = await import("../../test/fixtures");
    backend({ list_streams: () => [], list_hw_codes: () => [] });
    const user = userEvent.setup();
    render(<WasteScreen plant={plant} session={officer} />);
    await user.click(screen.getByTestId("tab-solid"));
    expect(screen.getByTestId("tab-solid")).toHaveTextContent("一般固废");
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("一般工业固体废物台账");
    expect(await screen.findAllByTestId("sw-stream-row")).toHaveLength(2);
    expect(await screen.findByTestId("gri-rate-gri")).toHaveTextContent("65.43%");
  });
});
