import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { VocScreen } from "./VocScreen";
import { EmissionsPanel } from "./EmissionsPanel";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { Session, VocMonth } from "../../ipc/api";

const officer: Session = { user_id: "u1", username: "li", display_name: "李工", role: "ehs_officer" };
const inspector: Session = { ...officer, role: "inspector" };

/** The DB44/816 vector as the core reports it: 12,000 − 1,500 − 9,900 = 600 kg; 1.000 g/m². */
const month: VocMonth = {
  month: "2026-01",
  has_data: true,
  balance: {
    input_g: 12_000_000,
    recovered_ledger_g: 500_000,
    recovered_waste_g: 1_000_000,
    recovered_g: 1_500_000,
    abated_g: 9_900_000,
    unsourced_input_g: 0,
    emitted_g: 600_000,
    g_per_m2: "1.000",
    inconsistent: false,
    lines: [],
    sources: [
      {
        code: "L1",
        name: "底漆线",
        capture_pct: "88",
        removal_pct: "93.75",
        efficiency_basis: "tested",
        input_g: 12_000_000,
        abated_g: 9_900_000,
      },
    ],
    waste: [
      {
        code: "900-252-12",
        shipped_g: 4_000_000,
        shipped_t: "4.000000",
        voc_pct: "25",
        recovered_g: 1_000_000,
        recovered_kg: "1000.000",
        manifests: ["20264403000001"],
      },
    ],
  },
  monitoring: {
    emitted_g: 96_000,
    sources: [
      {
        code: "L1",
        name: "底漆线",
        limit_mg_m3: "50",
        target_mg_m3: "12.5",
        hours_per_month: "400",
        emitted_g: 96_000,
        tests: [
          {
            id: "t1",
            sampled_at_local: "2026-01-10 10:00",
            c_mg_m3: "14",
            q_nm3_h: "20000",
            hours: null,
            lab: "",
            report_no: "R-1",
            over_limit: false,
            over_target: true,
          },
        ],
      },
    ],
    unmonitored: [],
  },
  emitted_g: 96_000,
  emitted_method: "monitored",
  area_m2: 600_000,
  area_basis: "",
};

function backend(over: Record<string, Handler> = {}) {
  return mockBackend({
    voc_emissions: () => month,
    voc_sources: () => [],
    voc_materials: () => [
      {
        id: "m1",
        name: "溶剂型底漆",
        supplier: "",
        content_basis: "mass_pct",
        content: "50",
        density_g_l: null,
        voc_mass_pct: "50",
        document_no: "SDS-1",
        waterborne: false,
        voided: false,
      },
    ],
    voc_usage: () => [],
    voc_waste_contents: () => [],
    voc_tests: () => [],
    ...over,
  });
}

describe("EmissionsPanel", () => {
  it("shows both methods side by side with O1 from the waste shipments per code", () => {
    mockBackend({});
    render(<EmissionsPanel month={month} />);
    expect(screen.getByTestId("voc-input-balance")).toHaveTextContent("12000.000");
    expect(screen.getByTestId("voc-o1-ledger-balance")).toHaveTextContent("500.000");
    expect(screen.getByTestId("voc-o1-waste-balance")).toHaveTextContent("1000.000");
    expect(screen.getByTestId("voc-o2-balance")).toHaveTextContent("9900.000");
    expect(screen.getByTestId("voc-e-balance")).toHaveTextContent("600.000");
    expect(screen.getByTestId("voc-e-monitored")).toHaveTextContent("96.000");
    expect(screen.getByTestId("voc-gm2-balance")).toHaveTextContent("1.000");
    expect(screen.getByTestId("voc-reported")).toHaveTextContent("96.000 kg（监测法）");
    const w = screen.getByTestId("voc-waste-line");
    expect(w).toHaveTextContent("900-252-12");
    expect(w).toHaveTextContent("4.000000");
    expect(w).toHaveTextContent("25 %");
    expect(w).toHaveTextContent("20264403000001");
    expect(screen.getByTestId("voc-source-abatement")).toHaveTextContent("× 收集 88 % × 去除 93.75 % = 9900.000 kg");
    expect(screen.getByTestId("voc-test-check")).toHaveTextContent("超内控目标");
    expect(screen.queryByTestId("voc-inconsistent")).not.toBeInTheDocument();
  });

  it("flags a negative balance instead of hiding it", () => {
    mockBackend({});
    render(<EmissionsPanel month={{ ...month, balance: { ...month.balance, emitted_g: -400, inconsistent: true } }} />);
    expect(screen.getByTestId("voc-inconsistent")).toBeInTheDocument();
    expect(screen.getByTestId("voc-e-balance")).toHaveTextContent("-0.400");
  });
});

describe("VocScreen", () => {
  it("loads the month and records a ledger line with the month and the kg unit", async () => {
    const calls = backend({ voc_add_usage: (a) => ({ ...(a.input as object), id: "u1" }) });
    const user = userEvent.setup();
    render(<VocScreen session={officer} />);
    fireEvent.change(screen.getByTestId("voc-month"), { target: { value: "2026-01" } });
    await screen.findByTestId("voc-emissions");
    expect(callsOf(calls, "voc_emissions").at(-1)?.args).toEqual({ month: "2026-01" });
    const form = await screen.findByTestId("voc-usage-form");
    await user.type(within(form).getByTestId("voc-usage-used"), "16000");
    await user.type(within(form).getByTestId("voc-usage-recovered"), "1000");
    await user.click(within(form).getByTestId("voc-usage-submit"));
    await vi.waitFor(() => expect(callsOf(calls, "voc_add_usage")).toHaveLength(1));
    expect(callsOf(calls, "voc_add_usage")[0]?.args).toEqual({
      input: {
        month: "2026-01",
        material: "m1",
        batch: null,
        source: null,
        purchased: null,
        used: "16000",
        recovered: "1000",
        unit: "kg",
        note: null,
      },
    });
  });

  it("places the core's refusal under the field it names", async () => {
    backend({
      voc_add_usage: () => {
        throw { kind: "Invalid", field: "used", message: "used: 'x' is not a number" };
      },
    });
    const user = userEvent.setup();
    render(<VocScreen session={officer} />);
    const form = await screen.findByTestId("voc-usage-form");
    await user.type(within(form).getByTestId("voc-usage-used"), "x");
    await user.click(within(form).getByTestId("voc-usage-submit"));
    expect(await screen.findByTestId("error-used")).toHaveTextContent("请输入大于 0 的使用量");
  });

  it("refuses a blank quantity before calling the core, and shows no forms to an inspector", async () => {
    const calls = backend();
    const user = userEvent.setup();
    const { unmount } = render(<VocScreen session={officer} />);
    const form = await screen.findByTestId("voc-usage-form");
    await user.click(within(form).getByTestId("voc-usage-submit"));
    expect(await screen.findByTestId("error-used")).toHaveTextContent("必填");
    expect(callsOf(calls, "voc_add_usage")).toHaveLength(0);
    unmount();
    render(<VocScreen session={inspector} />);
    await screen.findByTestId("voc-emissions");
    expect(screen.queryByTestId("voc-usage-form")).not.toBeInTheDocument();
    expect(screen.queryByTestId("voc-source-form")).not.toBeInTheDocument();
  });
});

