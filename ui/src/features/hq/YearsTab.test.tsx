import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { YearsTab } from "./YearsTab";
import { SettingsTab } from "./SettingsTab";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { group } from "../../test/hq";

describe("YearsTab", () => {
  it("lists the years with the exact revenue text and saves a year's facts", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<YearsTab />);
    const row = await screen.findByTestId("hq-year-row");
    expect(row).toHaveTextContent("365,906.2");
    expect(row).toHaveTextContent("12 月 31 日在册全职员工");
    const form = screen.getByTestId("hq-year-form");
    await user.clear(within(form).getByTestId("hq-year-year"));
    await user.type(within(form).getByTestId("hq-year-year"), "2026");
    await user.type(within(form).getByTestId("hq-year-revenue"), "401234.567");
    await user.type(within(form).getByTestId("hq-year-fte"), "12500");
    await user.type(within(form).getByTestId("hq-year-definition"), "12 月 31 日在册全职员工");
    await user.click(within(form).getByTestId("hq-year-save"));
    expect(await within(form).findByTestId("hq-year-saved")).toHaveTextContent("已保存 2026 年度数据");
    expect(callsOf(calls, "hq_set_year")[0]!.args).toEqual({
      facts: {
        year: 2026,
        revenue_rmb_million: "401234.567",
        revenue_currency: "CNY",
        revenue_note: "",
        headcount_fte: 12500,
        headcount_definition: "12 月 31 日在册全职员工",
      },
    });
    await waitFor(() => expect(screen.getAllByTestId("hq-year-row")).toHaveLength(2));
  });

  it("shows the core's refusal of a converted revenue without its FX note under the note", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<YearsTab />);
    const form = screen.getByTestId("hq-year-form");
    await user.type(within(form).getByTestId("hq-year-revenue"), "52000");
    await user.clear(within(form).getByTestId("hq-year-currency"));
    await user.type(within(form).getByTestId("hq-year-currency"), "USD");
    await user.click(within(form).getByTestId("hq-year-save"));
    expect(await within(form).findByTestId("error-revenue_note")).toHaveTextContent("须注明原币金额、汇率及汇率日期");
    expect(within(form).getByTestId("hq-year-note")).toHaveAttribute("aria-invalid", "true");
    expect(callsOf(calls, "hq_set_year")).toHaveLength(1);
    expect(within(form).queryByTestId("hq-year-saved")).not.toBeInTheDocument();
  });

  it("refuses a revenue with more than 3 decimals before calling the core", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<YearsTab />);
    const form = screen.getByTestId("hq-year-form");
    await user.type(within(form).getByTestId("hq-year-revenue"), "1.2345");
    await user.click(within(form).getByTestId("hq-year-save"));
    expect(within(form).getByTestId("error-revenue_rmb_million")).toHaveTextContent("最多 3 位小数");
    expect(callsOf(calls, "hq_set_year")).toHaveLength(0);
  });

  it("lists the historical figures in tonnes and imports a sheet from a path", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<YearsTab />);
    const panel = screen.getByTestId("hq-history");
    const rows = await within(panel).findAllByTestId("hq-history-row");
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining("90.120 t"),
      expect.stringContaining("55.0005 t"),
    ]);
    expect(rows[0]).toHaveTextContent("集团合计");
    await user.type(within(panel).getByTestId("hq-history-path"), "/data/history-2024.xlsx");
    await user.click(within(panel).getByTestId("hq-history-import"));
    expect(await within(panel).findByTestId("hq-history-imported")).toHaveTextContent("已导入 12 行");
    expect(callsOf(calls, "hq_import_history")[0]!.args).toEqual({ path: "/data/history-2024.xlsx" });
    await user.type(within(panel).getByTestId("hq-history-year"), "2025");
    await waitFor(() => expect(callsOf(calls, "hq_history").at(-1)!.args).toEqual({ year: 2025 }));
  });
});

describe("SettingsTab", () => {
  it("lists HQ's settings with their help, saves one and shows the core's refusal on its row", async () => {
    let refuse = true;
    const calls = mockHq({
      hq_set_setting: (a) => {
        if (refuse) throw { kind: "Invalid", message: "deadline_days: '99' is not 0–60 days", field: "value" };
        return { key: a.key, value: a.value, default: "3", help: "" };
      },
    });
    const user = userEvent.setup();
    render(<SettingsTab group={group} dbPath="/data/hq.db" />);
    const row = await screen.findByTestId("hq-setting-row-deadline_days");
    expect(row).toHaveTextContent("报送截止天数");
    expect(row).toHaveTextContent("周日后这么多天内");
    expect(within(row).getByTestId("hq-setting-value-deadline_days")).toHaveTextContent("3 天");
    expect(screen.getByTestId("hq-setting-row-imap_security")).toHaveTextContent("tls");
    expect(screen.getByTestId("hq-settings-group")).toHaveTextContent("华东电子集团");
    await user.click(within(row).getByTestId("hq-setting-edit-deadline_days"));
    await user.clear(within(row).getByTestId("hq-setting-input-deadline_days"));
    await user.type(within(row).getByTestId("hq-setting-input-deadline_days"), "99");
    await user.click(within(row).getByTestId("hq-setting-save-deadline_days"));
    expect(await within(row).findByTestId("error-deadline_days")).toHaveTextContent("deadline_days: '99' is not 0–60 days");
    refuse = false;
    await user.clear(within(row).getByTestId("hq-setting-input-deadline_days"));
    await user.type(within(row).getByTestId("hq-setting-input-deadline_days"), "5");
    await user.click(within(row).getByTestId("hq-setting-save-deadline_days"));
    expect(await within(row).findByTestId("hq-setting-saved-deadline_days")).toBeInTheDocument();
    expect(callsOf(calls, "hq_set_setting").at(-1)!.args).toEqual({ key: "deadline_days", value: "5" });
  });
});
