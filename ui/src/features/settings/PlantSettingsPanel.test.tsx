import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { PlantSettingsPanel } from "./PlantSettingsPanel";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { Setting } from "../../ipc/api";
import { settings } from "../../test/settings";
import i18n from "../../i18n";

function renderPanel(handlers: Record<string, Handler> = {}, canEdit = true) {
  const calls = mockBackend({ list_settings: () => settings(), ...handlers });
  render(<PlantSettingsPanel canEdit={canEdit} />);
  return calls;
}

const row = (key: string) => screen.getByTestId(`setting-row-${key}`);

describe("PlantSettingsPanel", () => {
  it("lists every setting with its label, value and a 默认 badge while unchanged", async () => {
    renderPanel();
    await screen.findByTestId("setting-row-uscc");
    expect(within(screen.getByTestId("plant-settings-table")).getAllByRole("row")).toHaveLength(17);

    expect(row("uscc")).toHaveTextContent("统一社会信用代码");
    expect(within(row("uscc")).getByTestId("setting-value-uscc")).toHaveTextContent("未设置");
    expect(within(row("uscc")).getByTestId("setting-default")).toHaveTextContent("默认");
    // A changed setting has no badge.
    expect(within(row("address")).getByTestId("setting-value-address")).toHaveTextContent("苏州工业园区星湖街 1 号");
    expect(within(row("address")).queryByTestId("setting-default")).not.toBeInTheDocument();

    expect(row("tolerance_measured_permille")).toHaveTextContent("过磅重量差异容差");
    expect(screen.getByTestId("setting-value-tolerance_measured_permille")).toHaveTextContent("20 ‰");
    expect(screen.getByTestId("setting-value-tolerance_estimated_permille")).toHaveTextContent("100 ‰");
    expect(screen.getByTestId("setting-value-licence_warn_days")).toHaveTextContent("30 天");
    expect(screen.getByTestId("setting-value-own_hw_facility")).toHaveTextContent("否");
    expect(screen.getByTestId("setting-value-storage_limit_days")).toHaveTextContent("按辖区默认");
  });

  it("shows the category inputs and the US generator status, and chooses them from the closed lists", async () => {
    let current = settings({ eia_annual_estimate_t: { value: "12.5", is_default: false } });
    const calls = renderPanel({
      list_settings: () => current,
      set_setting: (a) => {
        const s = { ...current.find((x) => x.key === a.key)!, value: String(a.value), is_default: false };
        current = current.map((x) => (x.key === s.key ? s : x));
        return s;
      },
    });
    expect(await screen.findByTestId("setting-value-eia_annual_estimate_t")).toHaveTextContent("12.5 吨");
    expect(screen.getByTestId("setting-value-authority_category")).toHaveTextContent("未设置");
    expect(screen.getByTestId("setting-value-us_generator_status")).toHaveTextContent("未选择（按 LQG）");
    expect(screen.getByTestId("setting-value-hw_operating_licence")).toHaveTextContent("否");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("setting-edit-authority_category"));
    await user.selectOptions(screen.getByTestId("setting-input-authority_category"), "key");
    await user.click(screen.getByTestId("setting-save-authority_category"));
    expect(await screen.findByTestId("setting-value-authority_category")).toHaveTextContent("重点监管单位");
    await user.click(screen.getByTestId("setting-edit-us_generator_status"));
    const options = within(screen.getByTestId("setting-input-us_generator_status")).getAllByRole("option");
    expect(options.map((o) => (o as HTMLOptionElement).value)).toEqual(["", "lqg", "sqg", "sqg_270", "vsqg"]);
    await user.selectOptions(screen.getByTestId("setting-input-us_generator_status"), "sqg_270");
    await user.click(screen.getByTestId("setting-save-us_generator_status"));
    expect(await screen.findByTestId("setting-value-us_generator_status")).toHaveTextContent("SQG（270 天");
    expect(callsOf(calls, "set_setting").map((c) => c.args)).toEqual([
      { key: "authority_category", value: "key" },
      { key: "us_generator_status", value: "sqg_270" },
    ]);
  });

  it("falls back to the core's help text for a setting it has no label for", async () => {
    const extra: Setting = { area: "waste", key: "new_thing", value: "x", is_default: false, help: "a setting added later" };
    renderPanel({ list_settings: () => [...settings(), extra] });
    expect(await screen.findByTestId("setting-row-new_thing")).toHaveTextContent("a setting added later");
  });

  it("saves one setting with its key and value, says which was saved, and reloads", async () => {
    let current = settings();
    const calls = renderPanel({
      list_settings: () => current,
      set_setting: (a) => {
        const s = { ...current.find((x) => x.key === a.key)!, value: String(a.value).trim(), is_default: false };
        current = current.map((x) => (x.key === s.key ? s : x));
        return s;
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("setting-edit-tolerance_measured_permille"));
    const input = screen.getByTestId("setting-input-tolerance_measured_permille");
    expect(input).toHaveValue("20");
    await user.clear(input);
    await user.type(input, "30");
    await user.click(screen.getByTestId("setting-save-tolerance_measured_permille"));

    await vi.waitFor(() => expect(callsOf(calls, "set_setting")).toHaveLength(1));
    expect(callsOf(calls, "set_setting")[0]?.args).toEqual({ key: "tolerance_measured_permille", value: "30" });
    const saved = await screen.findByTestId("setting-saved-tolerance_measured_permille");
    expect(saved).toHaveTextContent("已保存：过磅重量差异容差");
    expect(within(row("tolerance_measured_permille")).getByTestId("setting-saved-tolerance_measured_permille")).toBe(saved);
    await vi.waitFor(() => expect(screen.getByTestId("setting-value-tolerance_measured_permille")).toHaveTextContent("30 ‰"));
    expect(within(row("tolerance_measured_permille")).queryByTestId("setting-default")).not.toBeInTheDocument();
    expect(callsOf(calls, "list_settings")).toHaveLength(2);
  });

  it("edits own_hw_facility with a yes/no select", async () => {
    const calls = renderPanel({ set_setting: (a) => ({ ...settings()[8]!, value: a.value, is_default: false }) });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("setting-edit-own_hw_facility"));
    const select = screen.getByTestId("setting-input-own_hw_facility");
    expect(select.tagName).toBe("SELECT");
    expect(select).toHaveValue("no");
    await user.selectOptions(select, "yes");
    await user.click(screen.getByTestId("setting-save-own_hw_facility"));
    await vi.waitFor(() => expect(callsOf(calls, "set_setting")).toHaveLength(1));
    expect(callsOf(calls, "set_setting")[0]?.args).toEqual({ key: "own_hw_facility", value: "yes" });
  });

  it("places the core's error on the row being saved only, keeping the typed value", async () => {
    const calls = renderPanel({
      set_setting: () => {
        throw { kind: "Invalid", message: "'91320500ABC' is not an 18-character unified social credit code", field: "value" };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("setting-edit-uscc"));
    await user.type(screen.getByTestId("setting-input-uscc"), "91320500ABC{Enter}");

    const err = await screen.findByTestId("error-uscc");
    expect(callsOf(calls, "set_setting")[0]?.args).toEqual({ key: "uscc", value: "91320500ABC" });
    expect(err).toHaveTextContent("统一社会信用代码无效");
    expect(err).toHaveAttribute("title", "'91320500ABC' is not an 18-character unified social credit code");
    expect(within(row("uscc")).getByTestId("error-uscc")).toBe(err);
    expect(screen.getByTestId("setting-input-uscc")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("setting-input-uscc")).toHaveValue("91320500ABC");
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    expect(screen.queryByTestId("setting-saved-uscc")).not.toBeInTheDocument();
  });

  it("shows the core's error when it names the key itself, and a refusal on that row", async () => {
    let error: unknown = { kind: "Invalid", message: "storage_limit_days must be between 1 and 3650", field: "storage_limit_days" };
    renderPanel({
      set_setting: () => {
        throw error;
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("setting-edit-storage_limit_days"));
    await user.type(screen.getByTestId("setting-input-storage_limit_days"), "0");
    await user.click(screen.getByTestId("setting-save-storage_limit_days"));
    expect(await screen.findByTestId("error-storage_limit_days")).toHaveTextContent("1–3650");

    error = { kind: "Forbidden", message: "wang (ehs_officer) may not do this; it needs one of: admin", field: null };
    await user.click(screen.getByTestId("setting-save-storage_limit_days"));
    const form = await within(row("storage_limit_days")).findByTestId("error-form");
    expect(form).toHaveTextContent("无权执行此操作");
    expect(screen.queryByTestId("error-storage_limit_days")).not.toBeInTheDocument();
  });

  it("is read-only without the edit right", async () => {
    renderPanel({}, false);
    await screen.findByTestId("setting-row-uscc");
    expect(screen.queryByTestId("setting-edit-uscc")).not.toBeInTheDocument();
    expect(screen.getByTestId("plant-settings-read-only")).toBeInTheDocument();
  });

  it("labels the settings in English after the switch", async () => {
    await i18n.changeLanguage("en");
    renderPanel();
    expect(await screen.findByTestId("setting-row-uscc")).toHaveTextContent("Unified social credit code");
    expect(within(row("uscc")).getByTestId("setting-default")).toHaveTextContent("Default");
  });

  it("applies the HJ 212 listener settings at once and words the below-DL policy", async () => {
    let current: Setting[] = [
      ...settings(),
      { area: "water", key: "water_below_dl_policy", value: "zero", is_default: true, help: "below DL" } as Setting,
      { area: "water", key: "water_listener_port", value: "9212", is_default: true, help: "port" } as Setting,
    ];
    const calls = renderPanel({
      list_settings: () => current,
      set_setting: (a) => {
        const s = { ...current.find((x) => x.key === a.key)!, value: String(a.value), is_default: false };
        current = current.map((x) => (x.key === s.key ? s : x));
        return s;
      },
      water_listener_apply: () => ({ running: true, port: 9300, counts: {}, last_packet_at: null, last_peer: null, error: null }),
    });
    expect(await screen.findByTestId("setting-value-water_below_dl_policy")).toHaveTextContent("按 0 计（HJ/T 92）");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("setting-edit-water_listener_port"));
    const input = screen.getByTestId("setting-input-water_listener_port");
    await user.clear(input);
    await user.type(input, "9300");
    await user.click(screen.getByTestId("setting-save-water_listener_port"));
    expect(await screen.findByTestId("setting-value-water_listener_port")).toHaveTextContent("9300");
    expect(callsOf(calls, "water_listener_apply")).toHaveLength(1);
    // Another setting does not touch the listener.
    await user.click(screen.getByTestId("setting-edit-water_below_dl_policy"));
    await user.selectOptions(screen.getByTestId("setting-input-water_below_dl_policy"), "half");
    await user.click(screen.getByTestId("setting-save-water_below_dl_policy"));
    expect(await screen.findByTestId("setting-value-water_below_dl_policy")).toHaveTextContent("按 ½ 检出限计");
    expect(callsOf(calls, "water_listener_apply")).toHaveLength(1);
  });
});
