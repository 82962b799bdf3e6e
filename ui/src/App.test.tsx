import { beforeAll, describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "./App";
import { callsOf, mockBackend, mockHq } from "./ipc/mockBackend";
import { LANGUAGE_STORAGE_KEY } from "./i18n";
import { codes, officer, page, statusSetup, statusSignedIn, statusSignIn, streams } from "./test/fixtures";
import { calendarDays, category, settings } from "./test/settings";
import { alert } from "./test/alerts";
import { statusHqSetup, statusHqSignIn } from "./test/hq";

const signedInBackend = () =>
  mockBackend({
    app_status: () => statusSignedIn,
    list_streams: () => streams,
    list_hw_codes: () => codes,
    plant_category: () => category(),
    list_generation: () => page([], 0),
    list_headcount: () => [],
    list_users: () => [officer],
    list_settings: () => settings(),
    list_calendar_days: () => calendarDays,
    list_alerts: () => [
      alert("critical", "manifest_overdue", "20250220000077", "confirmation overdue", {
        receiver: "无锡再生资源公司",
        shipped_on: "2025-02-20",
      }, "2025-02-27"),
      alert("info", "filing_due", "monthly 2025-02", "filing due", { filing: "monthly", period: "2025-02", days_left: "12" }, "2025-03-15"),
    ],
    list_jobs: () => [],
    hazard_list: () => [],
    hazard_board: () => ({
      closed_since: "2025-01-30",
      columns: ["registered", "assigned", "rectified", "verified", "closed"].map((status) => ({ status, count: 0, overdue: 0, hazards: [] })),
    }),
    hazard_desktop_notices: () => [],
    hazard_lec_scales: () => ({ l: [], e: [], c: [], bands: [], bands_version: "" }),
  });

describe("start-up routing", () => {
  // The plant's shell is a lazy chunk (App.tsx): load it once here, so the first test that shows
  // it does not spend its findBy wait on the import when the machine is busy.
  beforeAll(async () => {
    await import("./features/shell/AppShell");
  });

  it("shows the setup screen when the database is not initialised", async () => {
    mockBackend({ app_status: () => statusSetup });
    render(<App />);
    expect(await screen.findByTestId("setup-plant-code")).toBeInTheDocument();
    expect(screen.getByTestId("setup-timezone")).toHaveValue("Asia/Shanghai");
    expect(screen.getByTestId("setup-jurisdiction")).toHaveValue("CN");
    expect(screen.queryByTestId("signin-username")).not.toBeInTheDocument();
  });

  it("shows sign-in with the plant name when nobody is signed in", async () => {
    mockBackend({ app_status: () => statusSignIn });
    render(<App />);
    expect(await screen.findByTestId("signin-username")).toBeInTheDocument();
    expect(screen.getByText(/苏州一厂/)).toBeInTheDocument();
    expect(screen.queryByTestId("nav-waste")).not.toBeInTheDocument();
  });

  it("opens on the home screen's one alert list across areas, with the waste screen one click away", async () => {
    signedInBackend();
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId("nav-home")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("header-user")).toHaveTextContent("王工 · EHS 专员");
    const rows = await screen.findAllByTestId("home-alert-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveClass("alert--critical");
    expect(rows[0]).toHaveTextContent("严重 废物 20250220000077 无锡再生资源公司：2025-02-20 发运，确认期限 2025-02-27 已过");
    expect(rows[1]).toHaveClass("alert--info");
    expect(rows[1]).toHaveTextContent("2025-02 月度申报 截止 2025-03-15（剩 12 天）");
    expect(screen.getByTestId("home-alert-counts")).toHaveTextContent("1 项严重 · 0 项警告 · 1 项提示");
    expect(screen.getByTestId("jobs-panel")).toHaveTextContent("没有正在运行的任务");

    await user.click(screen.getByTestId("nav-waste"));
    expect(screen.getByTestId("nav-waste")).toHaveAttribute("aria-current", "page");
    expect(await screen.findByTestId("gen-quantity")).toBeInTheDocument();
  });

  it("shows an error with retry when app_status fails", async () => {
    let fail = true;
    mockBackend({
      app_status: () => {
        if (fail) throw { kind: "Io", message: "database is locked", field: null };
        return statusSignIn;
      },
    });
    render(<App />);
    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "重试" }));
    expect(await screen.findByTestId("signin-username")).toBeInTheDocument();
  });

  it("moves from setup to the shell after setup_plant", async () => {
    let status = statusSetup;
    const calls = mockBackend({
      app_status: () => status,
      setup_plant: () => {
        status = statusSignedIn;
        return statusSignedIn.session;
      },
      list_streams: () => [],
      list_hw_codes: () => [],
      plant_category: () => category(),
      list_generation: () => page([], 0),
    });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("setup-plant-code"), "SZ01");
    await user.type(screen.getByTestId("setup-plant-name"), "苏州一厂");
    await user.type(screen.getByTestId("setup-segment"), "电子制造");
    await user.type(screen.getByTestId("setup-username"), "admin");
    await user.type(screen.getByTestId("setup-display-name"), "管理员");
    await user.type(screen.getByTestId("setup-password"), "longenough");
    await user.type(screen.getByTestId("setup-password-confirm"), "longenough");
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("nav-waste")).toBeInTheDocument();
    expect(callsOf(calls, "setup_plant")[0]?.args).toEqual({
      input: {
        plant_code: "SZ01",
        plant_name: "苏州一厂",
        segment: "电子制造",
        jurisdiction: "CN",
        timezone: "Asia/Shanghai",
        admin_username: "admin",
        admin_display_name: "管理员",
        admin_password: "longenough",
      },
    });
  });

  it("refuses a short or mismatched password before calling the core", async () => {
    const calls = mockBackend({ app_status: () => statusSetup });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("setup-password"), "short");
    await user.type(screen.getByTestId("setup-password-confirm"), "other");
    await user.click(screen.getByTestId("setup-submit"));
    expect(screen.getByTestId("error-password")).toHaveTextContent("至少需要 8 个字符");
    expect(screen.getByTestId("error-password_confirm")).toHaveTextContent("不一致");
    expect(screen.getByTestId("setup-password")).toHaveAttribute("aria-invalid", "true");
    expect(callsOf(calls, "setup_plant")).toHaveLength(0);
  });
});

describe("shell", () => {
  it("switches language, persists the choice and changes visible labels", async () => {
    signedInBackend();
    const user = userEvent.setup();
    render(<App />);
    const waste = await screen.findByTestId("nav-waste");
    expect(waste).toHaveTextContent("危险废物");
    await user.click(screen.getByTestId("lang-switch"));
    expect(screen.getByTestId("nav-waste")).toHaveTextContent("Hazardous waste");
    expect(screen.getByTestId("signout")).toHaveTextContent("Sign out");
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe("en");
    expect(document.documentElement.lang).toBe("en");
    await user.click(screen.getByTestId("lang-switch"));
    expect(screen.getByTestId("nav-waste")).toHaveTextContent("危险废物");
  });

  it("opens every area's screen (隐患 too) and plant info in settings", async () => {
    signedInBackend();
    const user = userEvent.setup();
    render(<App />);
    // 隐患 is a real screen now, opening on its board (an empty plant: every column empty).
    await user.click(await screen.findByTestId("nav-hazards"));
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("隐患排查治理");
    expect(await within(screen.getByTestId("hazard-column-registered")).findByText("无")).toBeInTheDocument();
    expect(screen.getByTestId("hazards-tab-capture")).toHaveTextContent("快速登记");
    // 废水 is a real screen now, opening on its overview.
    await user.click(screen.getByTestId("nav-water"));
    expect(screen.queryByTestId("not-yet")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("废水");
    // 周报同步 is a real screen now: it asks the core for the last closed week.
    await user.click(screen.getByTestId("nav-sync"));
    expect(screen.queryByTestId("not-yet")).not.toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent("周报同步");
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.queryByTestId("not-yet")).not.toBeInTheDocument();
    expect(screen.getByTestId("settings-plant-code")).toHaveTextContent("SZ01");
    expect(screen.getByTestId("settings-timezone")).toHaveTextContent("Asia/Shanghai");
    expect(screen.getByTestId("settings-db-path")).toHaveTextContent("/data/ehs.db");
    // An EHS officer sees headcount and users read-only.
    expect(await screen.findByTestId("user-row")).toHaveTextContent("王工");
    expect(screen.getByTestId("headcount-read-only")).toBeInTheDocument();
    expect(screen.queryByTestId("user-submit")).not.toBeInTheDocument();
  });

  it("signs out and returns to sign-in", async () => {
    let status = statusSignedIn;
    const calls = mockBackend({
      app_status: () => status,
      sign_out: () => {
        status = statusSignIn;
        return null;
      },
      list_streams: () => streams,
      list_hw_codes: () => codes,
      plant_category: () => category(),
      list_generation: () => page([], 0),
    });
    render(<App />);
    await userEvent.click(await screen.findByTestId("signout"));
    expect(await screen.findByTestId("signin-username")).toBeInTheDocument();
    expect(callsOf(calls, "sign_out")).toHaveLength(1);
    expect(within(document.body).queryByTestId("nav-waste")).not.toBeInTheDocument();
  });
});

describe("start-up routing in HQ mode", () => {
  it("shows the set-up on the HQ form when the HQ database is not set up", async () => {
    mockHq({}, { status: statusHqSetup });
    render(<App />);
    expect(await screen.findByTestId("hq-group")).toBeInTheDocument();
    expect(screen.getByTestId("setup-mode-hq")).toBeChecked();
    expect(screen.queryByTestId("hq-tab-grid")).not.toBeInTheDocument();
  });

  it("shows sign-in with the group's name, then HQ's shell on the grid", async () => {
    const calls = mockHq({}, { status: statusHqSignIn });
    const user = userEvent.setup();
    render(<App />);
    expect(await screen.findByTestId("signin-place")).toHaveTextContent("集团总部：华东电子集团");
    expect(screen.queryByText(/苏州一厂/)).not.toBeInTheDocument();
    await user.type(screen.getByTestId("signin-username"), "li");
    await user.type(screen.getByTestId("signin-password"), "longenough");
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("hq-tab-grid")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("header-group")).toHaveTextContent("华东电子集团");
    expect(screen.getByTestId("header-user")).toHaveTextContent("李分析 · 总部分析员");
    expect(await screen.findByTestId("hq-grid-counts")).toBeInTheDocument();
    expect(callsOf(calls, "sign_in")[0]?.args).toEqual({ input: { username: "li", password: "longenough" } });
    // The plant's navigation is not there.
    expect(screen.queryByTestId("nav-waste")).not.toBeInTheDocument();
  });

  it("moves from HQ set-up to HQ's shell after setup_hq, and signs out to the group's sign-in", async () => {
    const calls = mockHq({}, { status: statusHqSetup });
    const user = userEvent.setup();
    render(<App />);
    await user.type(await screen.findByTestId("hq-group"), "华南集团");
    await user.type(screen.getByTestId("hq-admin-username"), "admin");
    await user.type(screen.getByTestId("hq-admin-name"), "管理员");
    await user.type(screen.getByTestId("hq-admin-password"), "longenough");
    await user.type(screen.getByTestId("hq-admin-password-confirm"), "longenough");
    await user.click(screen.getByTestId("hq-setup-submit"));
    expect(await screen.findByTestId("header-group")).toHaveTextContent("华南集团");
    expect(callsOf(calls, "setup_hq")).toHaveLength(1);
    for (const tab of ["dashboard", "grid", "import", "appendix", "registry", "years", "settings"]) {
      expect(screen.getByTestId(`hq-tab-${tab}`)).toBeInTheDocument();
    }
    await user.click(screen.getByTestId("signout"));
    expect(await screen.findByTestId("signin-place")).toHaveTextContent("华东电子集团");
  });
});
