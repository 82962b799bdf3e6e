import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MailboxPanel } from "./MailboxPanel";
import { callsOf, mockHq } from "../../ipc/mockBackend";

describe("MailboxPanel", () => {
  it("shows the background task's last problem, stores the password and reads the mailbox now", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<MailboxPanel />);
    const state = await screen.findByTestId("hq-fetch-state");
    expect(state).toHaveTextContent("2026-12-02 01:00");
    expect(state).toHaveTextContent("no password is known for imap:ehs-hq@imap.group.cn");
    // An empty password is refused before the core is asked.
    await user.click(screen.getByTestId("hq-imap-password-save"));
    expect(await screen.findByTestId("error-password")).toBeInTheDocument();
    expect(callsOf(calls, "hq_imap_password_set")).toHaveLength(0);
    await user.type(screen.getByTestId("hq-imap-password"), "s3cret-密码");
    await user.click(screen.getByTestId("hq-imap-password-save"));
    expect(await screen.findByTestId("hq-imap-password-saved")).toBeInTheDocument();
    expect(callsOf(calls, "hq_imap_password_set")[0]!.args).toEqual({ password: "s3cret-密码" });
    expect(screen.getByTestId("hq-imap-password")).toHaveValue("");
    await user.click(screen.getByTestId("hq-fetch-now"));
    const result = await screen.findByTestId("hq-fetch-result");
    expect(result).toHaveAttribute("data-accepted", "2");
    expect(result).toHaveTextContent("共 3 封：导入数据包 2 个");
    expect(result).toHaveTextContent("非数据包 1");
  });
});
