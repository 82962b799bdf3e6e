import { describe, expect, it } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "./App";
import { callsOf, mockBackend } from "./ipc/mockBackend";
import { LANGUAGE_STORAGE_KEY } from "./i18n";
import { codes, officer, page, statusSetup, statusSignedIn, statusSignIn, streams } from "./test/fixtures";
import { calendarDays, category, settings } from "./test/settings";

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
  });

describe("start-up routing", () => {
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

  it("shows the shell with the waste screen when signed in", async () => {
    signedInBackend();
    render(<App />);
    expect(await screen.findByTestId("nav-waste")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("header-user")).toHaveTextContent("王工 · EHS 专员");
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

  it("shows an honest empty state for unfinished screens and plant info in settings", async () => {
    signedInBackend();
    const user = userEvent.setup();
    render(<App />);
    for (const id of ["nav-water", "nav-air", "nav-hazards", "nav-sync"]) {
      await user.click(await screen.findByTestId(id));
      expect(screen.getByTestId("not-yet")).toHaveTextContent("本版本暂未提供");
      expect(screen.queryByTestId("ledger-table")).not.toBeInTheDocument();
    }
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
