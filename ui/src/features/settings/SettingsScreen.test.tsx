import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SettingsScreen } from "./SettingsScreen";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { Headcount, Role, Session } from "../../ipc/api";
import { officer, plant } from "../../test/fixtures";
import { calendarDays, settings } from "../../test/settings";

const as = (role: Role): Session => ({ ...officer, user_id: `u-${role}`, username: role, role });
const admin = as("admin");
const headcounts: Headcount[] = [
  { year: 2024, full_time: 310, total: 342 },
  { year: 2025, full_time: 318, total: 355 },
];

const plantKey = {
  algorithm: "Ed25519",
  fingerprint: "3f9a0c1d77e2b845",
  public_key_b64: "MCowBQYDK2VwAyEA",
  created_at: "2026-01-31T17:30:00Z",
};

function renderAs(session: Session, handlers: Record<string, Handler> = {}) {
  const calls = mockBackend({
    list_headcount: () => headcounts,
    list_users: () => [admin, officer],
    list_settings: () => settings(),
    list_calendar_days: () => calendarDays,
    sync_key_info: () => plantKey,
    smtp_password_state: () => "missing",
    backup_list: () => ({
      folder: null,
      folder_problem: null,
      keep: 14,
      interval_days: 1,
      stale_days: 7,
      last_good_at: null,
      next_due_at: null,
      copies: [],
      log: [],
    }),
    ...handlers,
  });
  render(<SettingsScreen plant={plant} session={session} dbPath="/data/ehs.db" />);
  return calls;
}

describe("Settings: headcount", () => {
  it("lists the years and sends set_headcount with numbers, then reloads", async () => {
    const calls = renderAs(admin, { set_headcount: (a) => a.input });
    const user = userEvent.setup();
    const table = await screen.findByTestId("settings-headcount-table");
    await vi.waitFor(() => expect(within(table).getAllByTestId("headcount-row")).toHaveLength(2));
    expect(within(table).getAllByTestId("headcount-row")[1]).toHaveTextContent(/2025\s*318\s*355/);

    await user.type(screen.getByTestId("headcount-year"), "2026");
    await user.type(screen.getByTestId("headcount-full-time"), " 320");
    await user.type(screen.getByTestId("headcount-total"), "360");
    expect(screen.getByTestId("headcount-submit")).toHaveTextContent("添加年度");
    await user.click(screen.getByTestId("headcount-submit"));

    await vi.waitFor(() => expect(callsOf(calls, "set_headcount")).toHaveLength(1));
    expect(callsOf(calls, "set_headcount")[0]?.args).toEqual({ input: { year: 2026, full_time: 320, total: 360 } });
    expect(await screen.findByTestId("headcount-saved")).toHaveTextContent("已保存 2026 年人数");
    expect(screen.getByTestId("headcount-year")).toHaveValue("");
    expect(callsOf(calls, "list_headcount")).toHaveLength(2);
  });

  it("prefills a year to correct it", async () => {
    const calls = renderAs(admin, { set_headcount: (a) => a.input });
    const user = userEvent.setup();
    const rows = await screen.findAllByTestId("headcount-row");
    await user.click(within(rows[0] as HTMLElement).getByTestId("headcount-edit"));
    expect(screen.getByTestId("headcount-year")).toHaveValue("2024");
    expect(screen.getByTestId("headcount-submit")).toHaveTextContent("更正该年度");
    const total = screen.getByTestId("headcount-total");
    await user.clear(total);
    await user.type(total, "345{Enter}");
    await vi.waitFor(() => expect(callsOf(calls, "set_headcount")).toHaveLength(1));
    expect(callsOf(calls, "set_headcount")[0]?.args).toEqual({ input: { year: 2024, full_time: 310, total: 345 } });
  });

  it("shows the core's field error beside the field it names", async () => {
    renderAs(admin, {
      set_headcount: () => {
        throw { kind: "Invalid", message: "total headcount 300 is below full-time headcount 320", field: "total" };
      },
    });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("headcount-year"), "2026");
    await user.type(screen.getByTestId("headcount-full-time"), "320");
    await user.type(screen.getByTestId("headcount-total"), "300");
    await user.click(screen.getByTestId("headcount-submit"));

    const err = await screen.findByTestId("error-total");
    expect(err).toHaveTextContent("总人数无效，不能少于全职人数");
    expect(err).toHaveAttribute("title", "total headcount 300 is below full-time headcount 320");
    const input = screen.getByTestId("headcount-total");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(within(input.closest(".field") as HTMLElement).getByTestId("error-total")).toBe(err);
    expect(screen.queryByTestId("error-year")).not.toBeInTheDocument();
    expect(input).toHaveValue("300");
  });

  it("pre-checks whole numbers without calling the core", async () => {
    const calls = renderAs(admin, { set_headcount: (a) => a.input });
    const user = userEvent.setup();
    await user.type(await screen.findByTestId("headcount-year"), "2026");
    await user.type(screen.getByTestId("headcount-full-time"), "12.5");
    await user.click(screen.getByTestId("headcount-submit"));
    expect(screen.getByTestId("error-full_time")).toHaveTextContent("请输入整数");
    expect(screen.getByTestId("error-total")).toHaveTextContent("必填");
    expect(screen.queryByTestId("error-year")).not.toBeInTheDocument();
    expect(callsOf(calls, "set_headcount")).toHaveLength(0);
  });

  it("is read-only for an inspector: tables, but no forms", async () => {
    const calls = renderAs(as("inspector"));
    expect(await screen.findAllByTestId("headcount-row")).toHaveLength(2);
    expect(await screen.findAllByTestId("user-row")).toHaveLength(2);
    expect(screen.getByTestId("headcount-read-only")).toHaveTextContent("只有管理员和厂长可以添加或更正人数");
    for (const id of ["headcount-year", "headcount-submit", "headcount-edit", "user-username", "user-submit"]) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    expect(callsOf(calls, "set_headcount")).toHaveLength(0);
  });

  it("lets a plant manager edit headcount but not add users", async () => {
    renderAs(as("plant_manager"));
    expect(await screen.findByTestId("headcount-year")).toBeInTheDocument();
    expect(screen.queryByTestId("headcount-read-only")).not.toBeInTheDocument();
    expect(await screen.findAllByTestId("user-row")).toHaveLength(2);
    expect(screen.queryByTestId("user-submit")).not.toBeInTheDocument();
  });
});

describe("Settings: users", () => {
  const fill = async (user: ReturnType<typeof userEvent.setup>, username: string, password: string, confirm = password) => {
    await user.type(await screen.findByTestId("user-username"), username);
    await user.type(screen.getByTestId("user-display-name"), " 赵工 ");
    await user.selectOptions(screen.getByTestId("user-role"), "plant_manager");
    await user.type(screen.getByTestId("user-password"), password);
    await user.type(screen.getByTestId("user-password-confirm"), confirm);
    await user.click(screen.getByTestId("user-submit"));
  };

  it("lists users with translated roles and sends create_user, then reloads", async () => {
    const zhao: Session = { user_id: "u-zhao", username: "zhao", display_name: "赵工", role: "plant_manager" };
    let users = [admin, officer];
    const calls = renderAs(admin, {
      list_users: () => users,
      create_user: () => {
        users = [...users, zhao];
        return zhao;
      },
    });
    const user = userEvent.setup();
    const table = await screen.findByTestId("settings-users-table");
    await vi.waitFor(() => expect(within(table).getAllByTestId("user-row")).toHaveLength(2));
    expect(within(table).getAllByTestId("user-row")[1]).toHaveTextContent(/wang\s*王工\s*EHS 专员/);

    await fill(user, " zhao ", "123456");
    await vi.waitFor(() => expect(callsOf(calls, "create_user")).toHaveLength(1));
    expect(callsOf(calls, "create_user")[0]?.args).toEqual({
      input: { username: "zhao", display_name: "赵工", role: "plant_manager", password: "123456" },
    });
    expect(await screen.findByTestId("user-created")).toHaveTextContent("已创建用户 zhao");
    await vi.waitFor(() => expect(within(table).getAllByTestId("user-row")).toHaveLength(3));
    expect(screen.getByTestId("user-username")).toHaveValue("");
    expect(screen.getByTestId("user-password")).toHaveValue("");
  });

  it("shows the core's password error beside the password field", async () => {
    renderAs(admin, {
      create_user: () => {
        throw { kind: "Invalid", message: "a PIN has 6 to 12 digits", field: "password" };
      },
    });
    const user = userEvent.setup();
    await fill(user, "zhao", "12345");
    const err = await screen.findByTestId("error-password");
    expect(err).toHaveTextContent("6–12 位数字 PIN");
    expect(err).toHaveAttribute("title", "a PIN has 6 to 12 digits");
    expect(within(screen.getByTestId("user-password").closest(".field") as HTMLElement).getByTestId("error-password")).toBe(err);
  });

  it("shows the core's username error and Forbidden at the top", async () => {
    let error: unknown = { kind: "Invalid", message: "'a b' must be 1–64 letters, digits, '.', '_' or '-'", field: "username" };
    renderAs(admin, {
      create_user: () => {
        throw error;
      },
    });
    const user = userEvent.setup();
    await fill(user, "a b", "long-enough-pw");
    expect(await screen.findByTestId("error-username")).toHaveTextContent("用户名无效");

    error = { kind: "Forbidden", message: "wang (ehs_officer) may not do this; it needs one of: admin", field: null };
    await user.click(screen.getByTestId("user-submit"));
    expect(await screen.findByTestId("error-form")).toHaveTextContent("无权执行此操作");
    expect(screen.queryByTestId("error-username")).not.toBeInTheDocument();
  });

  it("pre-checks a taken username and the confirmation without calling the core", async () => {
    const calls = renderAs(admin, { create_user: () => admin });
    const user = userEvent.setup();
    await screen.findAllByTestId("user-row");
    await fill(user, "wang", "long-enough-pw", "long-enough-pX");
    expect(screen.getByTestId("error-username")).toHaveTextContent("该用户名已存在");
    expect(screen.getByTestId("error-password_confirm")).toHaveTextContent("两次输入的密码不一致");
    expect(callsOf(calls, "create_user")).toHaveLength(0);
  });
});

describe("Settings: plant settings and calendar", () => {
  it("shows both panels after the plant information, editable for an EHS officer", async () => {
    const calls = renderAs(officer);
    expect(await screen.findByTestId("setting-row-uscc")).toBeInTheDocument();
    expect(await screen.findAllByTestId("calendar-row")).toHaveLength(2);
    expect(screen.getByTestId("setting-edit-uscc")).toBeInTheDocument();
    expect(screen.getByTestId("calendar-form")).toBeInTheDocument();
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    expect(headings.slice(0, 3)).toEqual(["工厂信息（只读）", "工厂参数", "工作日历"]);
    // The plant settings and the weekly-sending card each read them once.
    expect(callsOf(calls, "list_settings")).toHaveLength(2);
    expect(callsOf(calls, "list_calendar_days")).toHaveLength(1);
  });

  it("offers an EHS officer both editors (the core's roles)", async () => {
    renderAs(as("ehs_officer"));
    expect(await screen.findByTestId("setting-edit-uscc")).toBeInTheDocument();
    expect(screen.getByTestId("calendar-form")).toBeInTheDocument();
  });

  it("offers a plant manager neither editor", async () => {
    renderAs(as("plant_manager"));
    expect(await screen.findByTestId("plant-settings-read-only")).toBeInTheDocument();
    expect(screen.queryByTestId("setting-edit-uscc")).not.toBeInTheDocument();
    expect(screen.getByTestId("calendar-read-only")).toBeInTheDocument();
  });

  it("is read-only for an inspector", async () => {
    renderAs(as("inspector"));
    expect(await screen.findByTestId("plant-settings-read-only")).toBeInTheDocument();
    expect(screen.queryByTestId("setting-edit-uscc")).not.toBeInTheDocument();
    expect(screen.getByTestId("calendar-read-only")).toBeInTheDocument();
  });
});

describe("Settings: plant key", () => {
  it("shows the fingerprint in groups of four, the algorithm and the plant-local creation date", async () => {
    renderAs(officer);
    expect(await screen.findByTestId("plant-key-fingerprint")).toHaveTextContent("3f9a 0c1d 77e2 b845");
    expect(screen.getByTestId("plant-key-fingerprint")).toHaveClass("plant-key__fingerprint");
    expect(screen.getByTestId("plant-key-algorithm")).toHaveTextContent("Ed25519");
    // 17:30 UTC on 31 January is 1 February in Shanghai.
    expect(screen.getByTestId("plant-key-created")).toHaveTextContent("2026-02-01");
    expect(screen.getByTestId("plant-key-panel")).toHaveTextContent("总部据此核验周报");
  });

  it("exports the public key file and shows where it was saved", async () => {
    const calls = renderAs(officer, { sync_key_export: () => "/home/wang/EHS 导出/SZ01_plant_key_3f9a0c1d77e2b845.pem" });
    const user = userEvent.setup();
    await screen.findByTestId("plant-key-fingerprint");
    await user.click(screen.getByTestId("plant-key-export"));
    expect(await screen.findByTestId("plant-key-saved")).toHaveTextContent(
      "已保存：/home/wang/EHS 导出/SZ01_plant_key_3f9a0c1d77e2b845.pem",
    );
    expect(callsOf(calls, "sync_key_export")).toHaveLength(1);
    expect(callsOf(calls, "sync_key_export")[0]?.args).toEqual({});
  });

  it("shows why the export failed", async () => {
    renderAs(officer, {
      sync_key_export: () => {
        throw { kind: "Io", message: "cannot write /home/wang/EHS 导出: permission denied", field: null };
      },
    });
    const user = userEvent.setup();
    await screen.findByTestId("plant-key-fingerprint");
    await user.click(screen.getByTestId("plant-key-export"));
    expect(await screen.findByTestId("plant-key-export-error")).toHaveTextContent("permission denied");
    expect(screen.queryByTestId("plant-key-saved")).toBeNull();
  });
});
