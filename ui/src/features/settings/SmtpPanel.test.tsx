// 周报发送设置: the SMTP card sends every key of the card in one set_settings call, shows the
// core's refusal under the field it names, and keeps the password out of the settings — it goes
// to smtp_password_set, and the card says where it was kept.
import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SmtpPanel, SMTP_KEYS } from "./SmtpPanel";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { Setting } from "../../ipc/api";

const stored: Setting[] = [
  { key: "smtp_host", value: "smtp.corp.cn", is_default: false, help: "", area: "sync" },
  { key: "smtp_port", value: "587", is_default: true, help: "", area: "sync" },
  { key: "smtp_security", value: "starttls", is_default: true, help: "", area: "sync" },
  { key: "smtp_username", value: "ehs", is_default: false, help: "", area: "sync" },
  { key: "smtp_from", value: "ehs@plant.cn", is_default: false, help: "", area: "sync" },
  { key: "sync_hq_address", value: "esg@hq.cn", is_default: false, help: "", area: "sync" },
  { key: "report_recipients", value: "", is_default: true, help: "", area: "sync" },
  { key: "sync_transport", value: "mail", is_default: true, help: "", area: "sync" },
];

function renderPanel(handlers: Record<string, Handler> = {}, canEdit = true) {
  const calls = mockBackend({
    list_settings: () => stored,
    smtp_password_state: () => "missing",
    set_settings: (a) => a.changes,
    ...handlers,
  });
  render(<SmtpPanel canEdit={canEdit} />);
  return calls;
}

describe("SmtpPanel", () => {
  it("saves every key of the card at once with the edited values", async () => {
    const calls = renderPanel();
    const user = userEvent.setup();
    await vi.waitFor(() => expect(screen.getByTestId("smtp-smtp_host")).toHaveValue("smtp.corp.cn"));
    await user.clear(screen.getByTestId("smtp-smtp_port"));
    await user.type(screen.getByTestId("smtp-smtp_port"), "465");
    await user.selectOptions(screen.getByTestId("smtp-smtp_security"), "tls");
    await user.type(screen.getByTestId("smtp-report_recipients"), "gm@plant.cn, ehs-lead@plant.cn");
    await user.click(screen.getByTestId("smtp-save"));
    await screen.findByTestId("smtp-saved");
    const changes = callsOf(calls, "set_settings")[0]?.args.changes as [string, string][];
    expect(changes.map(([k]) => k)).toEqual([...SMTP_KEYS]);
    expect(Object.fromEntries(changes)).toMatchObject({
      smtp_host: "smtp.corp.cn",
      smtp_port: "465",
      smtp_security: "tls",
      report_recipients: "gm@plant.cn, ehs-lead@plant.cn",
    });
  });

  it("shows the core's refusal under the field it names", async () => {
    renderPanel({
      set_settings: () => {
        throw { kind: "Invalid", message: "smtp_port: '70000' is not a port", field: "smtp_port" };
      },
    });
    const user = userEvent.setup();
    await vi.waitFor(() => expect(screen.getByTestId("smtp-smtp_port")).toHaveValue("587"));
    await user.clear(screen.getByTestId("smtp-smtp_port"));
    await user.type(screen.getByTestId("smtp-smtp_port"), "70000");
    await user.click(screen.getByTestId("smtp-save"));
    expect(await screen.findByText("端口须为 1–65535 的整数。")).toBeInTheDocument();
    expect(screen.queryByTestId("smtp-saved")).toBeNull();
  });

  it("sends the password to smtp_password_set, never as a setting, and shows where it is kept", async () => {
    let state = "missing";
    const calls = renderPanel({
      smtp_password_state: () => state,
      smtp_password_set: () => {
        state = "session_only";
        return state;
      },
    });
    const user = userEvent.setup();
    await vi.waitFor(() => expect(screen.getByTestId("smtp-password-state")).toHaveAttribute("data-state", "missing"));
    await user.click(screen.getByTestId("smtp-password-save"));
    expect(callsOf(calls, "smtp_password_set")).toHaveLength(0);
    await user.type(screen.getByTestId("smtp-password"), "s3cret-pw");
    await user.click(screen.getByTestId("smtp-password-save"));
    await screen.findByTestId("smtp-password-saved");
    expect(callsOf(calls, "smtp_password_set")[0]?.args).toEqual({ password: "s3cret-pw" });
    expect(screen.getByTestId("smtp-password")).toHaveValue("");
    await vi.waitFor(() => expect(screen.getByTestId("smtp-password-state")).toHaveTextContent("仅在本次运行中保留"));
    expect(JSON.stringify(callsOf(calls, "set_settings"))).not.toContain("s3cret-pw");
  });
});
