import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SetupScreen } from "./SetupScreen";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { analyst } from "../../test/hq";

async function fillHq(user: ReturnType<typeof userEvent.setup>, password = "longenough") {
  await user.type(screen.getByTestId("hq-group"), " 华东电子集团 ");
  await user.clear(screen.getByTestId("hq-timezone"));
  await user.type(screen.getByTestId("hq-timezone"), "Asia/Shanghai");
  await user.type(screen.getByTestId("hq-admin-username"), "li");
  await user.type(screen.getByTestId("hq-admin-name"), "李分析");
  await user.type(screen.getByTestId("hq-admin-password"), password);
  await user.type(screen.getByTestId("hq-admin-password-confirm"), password);
}

describe("SetupScreen: choosing the mode", () => {
  it("starts on the plant form with its test ids, and switches to the HQ form", async () => {
    mockBackend({});
    const user = userEvent.setup();
    render(<SetupScreen onDone={vi.fn()} />);
    expect(screen.getByTestId("setup-mode-plant")).toBeChecked();
    expect(screen.getByTestId("setup-mode-hq")).not.toBeChecked();
    expect(screen.getByTestId("setup-plant-code")).toBeInTheDocument();
    expect(screen.queryByTestId("hq-group")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("setup-mode-hq"));
    expect(screen.getByTestId("hq-group")).toBeInTheDocument();
    expect(screen.getByTestId("hq-timezone")).toHaveValue("Asia/Shanghai");
    expect(screen.queryByTestId("setup-plant-code")).not.toBeInTheDocument();
    expect(screen.getByText("集团总部（HQ）数据库")).toBeInTheDocument();
  });

  it("sends setup_hq with the HQ input and reports success", async () => {
    const calls = mockBackend({ setup_hq: () => analyst });
    const onDone = vi.fn();
    const user = userEvent.setup();
    render(<SetupScreen onDone={onDone} />);
    await user.click(screen.getByTestId("setup-mode-hq"));
    await fillHq(user);
    await user.click(screen.getByTestId("hq-setup-submit"));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(callsOf(calls, "setup_hq")).toEqual([
      {
        cmd: "setup_hq",
        args: {
          input: {
            group_name: "华东电子集团",
            timezone: "Asia/Shanghai",
            admin_username: "li",
            admin_display_name: "李分析",
            admin_password: "longenough",
          },
        },
      },
    ]);
    expect(callsOf(calls, "setup_plant")).toHaveLength(0);
  });

  it("places the core's refusal under the field it names (timezone; the username under the admin's username)", async () => {
    let refusal = { kind: "Invalid", message: "'Mars/Base' is not an IANA time zone", field: "timezone" };
    mockBackend({
      setup_hq: () => {
        throw refusal;
      },
    });
    const onDone = vi.fn();
    const user = userEvent.setup();
    render(<SetupScreen onDone={onDone} initialMode="hq" />);
    await fillHq(user);
    await user.click(screen.getByTestId("hq-setup-submit"));
    expect(await screen.findByTestId("error-timezone")).toHaveTextContent("时区无效");
    expect(screen.getByTestId("hq-timezone")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("error-timezone")).toHaveAttribute("title", "'Mars/Base' is not an IANA time zone");

    refusal = { kind: "Invalid", message: "the username 'li' is taken", field: "username" };
    await user.click(screen.getByTestId("hq-setup-submit"));
    expect(await screen.findByTestId("error-admin_username")).toHaveTextContent("用户名无效");
    expect(screen.queryByTestId("error-timezone")).not.toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
  });

  it("refuses an empty group name and a short password before calling the core", async () => {
    const calls = mockBackend({ setup_hq: () => analyst });
    const user = userEvent.setup();
    render(<SetupScreen onDone={vi.fn()} initialMode="hq" />);
    await user.type(screen.getByTestId("hq-admin-password"), "short");
    await user.click(screen.getByTestId("hq-setup-submit"));
    expect(screen.getByTestId("error-group_name")).toHaveTextContent("必填");
    expect(screen.getByTestId("error-password")).toHaveTextContent("至少需要 8 个字符");
    expect(screen.getByTestId("error-password_confirm")).toHaveTextContent("不一致");
    expect(callsOf(calls, "setup_hq")).toHaveLength(0);
  });
});
