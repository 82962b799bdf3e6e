import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SignInScreen } from "./SignInScreen";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { plant } from "../../test/fixtures";

describe("SignInScreen", () => {
  it("sends the credentials and reports success", async () => {
    const calls = mockBackend({ sign_in: () => ({ user_id: "u", username: "wang", display_name: "王工", role: "admin" }) });
    const onDone = vi.fn();
    const user = userEvent.setup();
    render(<SignInScreen place={{ kind: "plant", plant }} onDone={onDone} />);
    await user.type(screen.getByTestId("signin-username"), " wang ");
    await user.type(screen.getByTestId("signin-password"), "secret-pw{Enter}");
    await vi.waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(callsOf(calls, "sign_in")[0]?.args).toEqual({ input: { username: "wang", password: "secret-pw" } });
  });

  it("shows a translated message for a wrong password and clears the password", async () => {
    mockBackend({
      sign_in: () => {
        throw { kind: "Forbidden", message: "wrong username or password", field: "password" };
      },
    });
    const onDone = vi.fn();
    const user = userEvent.setup();
    render(<SignInScreen place={{ kind: "plant", plant }} onDone={onDone} />);
    await user.type(screen.getByTestId("signin-username"), "wang");
    await user.type(screen.getByTestId("signin-password"), "nope");
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("用户名或密码错误");
    expect(screen.getByTestId("signin-password")).toHaveValue("");
    expect(onDone).not.toHaveBeenCalled();
  });

  it("shows the core's message for a locked account", async () => {
    mockBackend({
      sign_in: () => {
        throw { kind: "Forbidden", message: "account wang is locked until 10:15", field: null };
      },
    });
    const user = userEvent.setup();
    render(<SignInScreen place={{ kind: "plant", plant }} onDone={() => {}} />);
    await user.type(screen.getByTestId("signin-username"), "wang");
    await user.type(screen.getByTestId("signin-password"), "whatever1");
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("account wang is locked until 10:15");
  });
});
