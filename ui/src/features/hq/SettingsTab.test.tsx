// HQ 设置 for returns by mail: the smtp_* settings and the sender are grouped and labelled in both
// languages, the SMTP password goes to smtp_password_set (never a setting), and the returns outbox
// lists each plant's return with its state, retries a failed one and wakes the delivery.
import { describe, expect, it, vi } from "vitest";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import i18n from "../../i18n";
import { SettingsTab } from "./SettingsTab";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { group } from "../../test/hq";

const renderTab = (...args: Parameters<typeof mockHq>) => {
  const calls = mockHq(...args);
  render(<SettingsTab group={group} dbPath="/data/hq.db" />);
  return calls;
};

const keysIn = (tbody: HTMLElement) =>
  within(tbody)
    .getAllByTestId(/^hq-setting-row-/)
    .map((r) => r.getAttribute("data-testid")!.replace("hq-setting-row-", ""));

describe("returns by mail", () => {
  it("groups the sender and the SMTP settings under their own heading, labelled", async () => {
    renderTab();
    const returns = await screen.findByTestId("hq-settings-group-returns");
    expect(within(returns).getByRole("rowheader")).toHaveTextContent("退回邮件");
    expect(keysIn(returns)).toEqual(["return_from", "smtp_host", "smtp_port", "smtp_security", "smtp_username", "smtp_timeout_s"]);
    expect(keysIn(screen.getByTestId("hq-settings-group-mailbox"))).toEqual([
      "imap_host",
      "imap_port",
      "imap_security",
      "imap_username",
      "imap_mailbox",
      "imap_processed_mailbox",
    ]);
    expect(keysIn(screen.getByTestId("hq-settings-group-general"))).toEqual(["deadline_days"]);
    expect(screen.getByTestId("hq-setting-row-smtp_host")).toHaveTextContent("SMTP 服务器");
    expect(screen.getByTestId("hq-setting-row-smtp_host")).toHaveTextContent("退回单经此 SMTP 服务器发往各工厂");
    expect(screen.getByTestId("hq-setting-value-smtp_security")).toHaveTextContent("STARTTLS（587 端口）");
    expect(screen.getByTestId("hq-setting-value-smtp_timeout_s")).toHaveTextContent("60 秒");
    expect(screen.getByTestId("hq-setting-row-return_from")).toHaveTextContent("退回邮件发件人");
  });

  it("labels them in English", async () => {
    await act(() => i18n.changeLanguage("en"));
    renderTab();
    const returns = await screen.findByTestId("hq-settings-group-returns");
    expect(within(returns).getByRole("rowheader")).toHaveTextContent("Returns by mail");
    expect(screen.getByTestId("hq-setting-row-smtp_port")).toHaveTextContent("SMTP port");
    expect(screen.getByTestId("hq-setting-row-smtp_username")).toHaveTextContent("SMTP user name");
    expect(screen.getByTestId("hq-setting-value-smtp_timeout_s")).toHaveTextContent("60 s");
    expect(screen.getByTestId("hq-returns-outbox")).toHaveTextContent("Returns outbox");
  });

  it("chooses the SMTP security from its list and reads the password's state again after a save", async () => {
    const calls = renderTab();
    const user = userEvent.setup();
    const row = await screen.findByTestId("hq-setting-row-smtp_security");
    await vi.waitFor(() => expect(callsOf(calls, "smtp_password_state")).toHaveLength(1));
    await user.click(within(row).getByTestId("hq-setting-edit-smtp_security"));
    const select = within(row).getByTestId("hq-setting-input-smtp_security");
    expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "STARTTLS（587 端口）",
      "TLS（465 端口）",
      "不加密（仅限内部中继）",
    ]);
    await user.selectOptions(select, "tls");
    await user.click(within(row).getByTestId("hq-setting-save-smtp_security"));
    expect(await within(row).findByTestId("hq-setting-saved-smtp_security")).toBeInTheDocument();
    expect(callsOf(calls, "hq_set_setting").at(-1)!.args).toEqual({ key: "smtp_security", value: "tls" });
    expect(within(row).getByTestId("hq-setting-value-smtp_security")).toHaveTextContent("TLS（465 端口）");
    await vi.waitFor(() => expect(callsOf(calls, "smtp_password_state")).toHaveLength(2));
  });

  it("sends the SMTP password to smtp_password_set, never as a setting, and says where it is kept", async () => {
    const calls = renderTab();
    const user = userEvent.setup();
    const panel = await screen.findByTestId("hq-returns-mail");
    await vi.waitFor(() => expect(within(panel).getByTestId("hq-smtp-password-state")).toHaveAttribute("data-state", "missing"));
    expect(within(panel).getByTestId("hq-smtp-password-state")).toHaveTextContent("尚未设置");
    await user.click(within(panel).getByTestId("hq-smtp-password-save"));
    expect(within(panel).getByTestId("error-password")).toHaveTextContent("请输入密码");
    expect(callsOf(calls, "smtp_password_set")).toHaveLength(0);
    await user.type(within(panel).getByTestId("hq-smtp-password"), "s3cret-pw{Enter}");
    expect(await within(panel).findByTestId("hq-smtp-password-saved")).toBeInTheDocument();
    expect(callsOf(calls, "smtp_password_set").map((c) => c.args)).toEqual([{ password: "s3cret-pw" }]);
    expect(within(panel).getByTestId("hq-smtp-password")).toHaveValue("");
    await vi.waitFor(() => expect(within(panel).getByTestId("hq-smtp-password-state")).toHaveTextContent("已保存在系统钥匙串中"));
    expect(JSON.stringify(callsOf(calls, "hq_set_setting"))).not.toContain("s3cret-pw");
  });

  it("shows the core's refusal of the password (an analyst is not an admin) as the form's error", async () => {
    renderTab({
      smtp_password_set: () => {
        throw { kind: "Forbidden", message: "li (hq_analyst) may not do this; it needs one of: admin", field: null };
      },
    });
    const user = userEvent.setup();
    const panel = await screen.findByTestId("hq-returns-mail");
    await user.type(within(panel).getByTestId("hq-smtp-password"), "s3cret-pw{Enter}");
    expect(await within(panel).findByTestId("hq-smtp-password-error")).toHaveTextContent("无权执行此操作");
    expect(within(panel).queryByTestId("hq-smtp-password-saved")).toBeNull();
  });
});

describe("the returns outbox", () => {
  it("lists each plant's return with its state, retries a failed one and sends now", async () => {
    const calls = renderTab();
    const user = userEvent.setup();
    const outbox = await screen.findByTestId("hq-returns-outbox");
    expect(outbox).toHaveTextContent("退回发件箱");
    await vi.waitFor(() => expect(within(outbox).getAllByTestId("sync-outbox-row")).toHaveLength(2));
    const rows = within(outbox).getAllByTestId("sync-outbox-row");
    expect(rows.map((r) => within(r).getByTestId("sync-outbox-row-plant").textContent)).toEqual(["WX02", "SZ01"]);
    expect(rows.map((r) => r.getAttribute("data-state"))).toEqual(["failed", "sent"]);
    expect(rows[0]).toHaveTextContent(/WX02\s*2026-W08\s*r1\s*失败\s*1/);
    expect(within(rows[0]!).getByTestId("sync-outbox-row-event")).toHaveTextContent("550 5.1.1 wx02@example.com: no such user");
    expect(within(rows[1]!).queryByTestId("sync-outbox-retry")).toBeNull();
    expect(within(outbox).getByTestId("sync-outbox-failed")).toHaveTextContent("1");
    // HQ's outbox is all returns to plants: listed by plant, not by stream.
    expect(within(outbox).queryByText("发往")).toBeNull();

    await user.click(within(rows[0]!).getByTestId("sync-outbox-retry"));
    await vi.waitFor(() => expect(callsOf(calls, "sync_retry").map((c) => c.args)).toEqual([{ itemId: "ret-WX02-2026-W08" }]));
    await vi.waitFor(() => expect(within(outbox).getAllByTestId("sync-outbox-row")[0]).toHaveAttribute("data-state", "pending"));

    await user.click(within(outbox).getByTestId("sync-send-now"));
    expect(await within(outbox).findByTestId("sync-send-now-done")).toBeInTheDocument();
    expect(callsOf(calls, "sync_send_now")).toHaveLength(1);
  });
});
