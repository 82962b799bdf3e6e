// HQ 退回 on the Sync screen: HQ's key is registered from a path (Enter submits; an empty path is
// refused before the core is asked), a return is imported from a path and the week's state is read
// again so its notice shows, a second import says it was imported before, the core's refusal
// shows under the path, and a return in the list opens its week.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SyncScreen } from "./SyncScreen";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import { plant } from "../../test/fixtures";
import { hqKey, receivedReturn, weekView } from "../../test/sync";
import type { HqKey, ReceivedReturn, WeekState } from "../../ipc/api";

// The plant's clock: Tuesday 2026-02-03 10:00 in Shanghai (2026-W05 is the last closed week).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-02-03T02:00:00Z"));
});
afterEach(() => vi.useRealTimers());

type Init = { keys?: HqKey[]; returns?: ReceivedReturn[] };

/** The Sync screen over a plant whose imported returns show on their week's state. */
function renderScreen(init: Init = {}, over: Record<string, Handler> = {}) {
  const keys = [...(init.keys ?? [])];
  const returns = [...(init.returns ?? [])];
  const calls = mockBackend({
    sync_week_preview: (a) => ({ ...weekView(), week: a.week as string }),
    sync_week_state: (a): WeekState => ({
      week: a.week as string,
      latest: null,
      submitted: null,
      changed: false,
      returns: returns.filter((r) => r.week === a.week),
    }),
    sync_submitted_weeks: () => [],
    sync_schedule_status: () => {
      throw { kind: "Conflict", message: "no schedule in this test", field: null };
    },
    sync_status: () => ({ pending: 0, failed: 0, next_try_at: null, due_now: false, last_attempt: null, items: [] }),
    sync_worker_state: () => ({ last_run_at: null, last_error: null, last_deliveries: [], stopped: false }),
    export_folder: () => "/home/ehs/Documents/EHS Ledger",
    sync_hq_keys: () => keys.map((k) => ({ ...k })),
    sync_hq_key_register: () => {
      const k = hqKey({ id: "hqk-2", fingerprint: "0a1b2c3d4e5f6071", label: "华东电子集团 2026", registered_at: "2026-02-03T02:00:00Z" });
      for (const old of keys) old.voided_at = "2026-02-03T02:00:00Z";
      keys.unshift(k);
      return k;
    },
    sync_return_import: () => {
      const r = receivedReturn();
      const duplicate = returns.some((x) => x.id === r.id);
      if (!duplicate) returns.unshift(r);
      return { received: r, duplicate };
    },
    sync_returns: () => returns.map((r) => ({ ...r })),
    ...over,
  });
  render(<SyncScreen plant={plant} />);
  return calls;
}

const panel = () => screen.getByTestId("sync-hq-returns");

describe("HQ's key", () => {
  it("asks for a key first, refuses an empty path, and registers the file typed (Enter submits)", async () => {
    const calls = renderScreen();
    const user = userEvent.setup();
    expect(await within(panel()).findByTestId("sync-hq-key-none")).toHaveTextContent("尚未登记 HQ 公钥");

    await user.click(within(panel()).getByTestId("sync-hq-key-register"));
    expect(within(panel()).getByTestId("error-key_path")).toHaveTextContent("请填写公钥文件的路径");
    expect(callsOf(calls, "sync_hq_key_register")).toHaveLength(0);

    await user.type(within(panel()).getByTestId("sync-hq-key-path"), "  /home/ehs/Downloads/hq-public-key.pem {Enter}");
    expect(await within(panel()).findByTestId("sync-hq-key-done")).toHaveTextContent("已登记 HQ 公钥 0a1b 2c3d 4e5f 6071");
    expect(callsOf(calls, "sync_hq_key_register").map((c) => c.args)).toEqual([{ path: "/home/ehs/Downloads/hq-public-key.pem" }]);
    expect(within(panel()).getByTestId("sync-hq-key-path")).toHaveValue("");
    await vi.waitFor(() => expect(within(panel()).getByTestId("sync-hq-key")).toHaveAttribute("data-fingerprint", "0a1b2c3d4e5f6071"));
    expect(within(panel()).getByTestId("sync-hq-key-label")).toHaveTextContent("华东电子集团 2026");
    expect(within(panel()).getByTestId("sync-hq-key-registered-at")).toHaveTextContent("2026-02-03");
    expect(within(panel()).queryByTestId("sync-hq-key-none")).toBeNull();
  });

  it("shows the key in use and lists a retired one", async () => {
    renderScreen({
      keys: [
        hqKey({ id: "hqk-2", fingerprint: "0a1b2c3d4e5f6071", registered_at: "2026-01-20T01:00:00Z" }),
        hqKey({ voided_at: "2026-01-20T01:00:00Z" }),
      ],
    });
    expect(await within(panel()).findByTestId("sync-hq-key-fingerprint")).toHaveTextContent("0a1b 2c3d 4e5f 6071");
    const retired = within(panel()).getAllByTestId("sync-hq-key-retired");
    expect(retired.map((r) => r.getAttribute("data-fingerprint"))).toEqual(["5f3a9c0e11d2b4a7"]);
    expect(retired[0]).toHaveTextContent("2026-01-20 停用");
  });

  it("shows the core's refusal of a file that is not a key under the path", async () => {
    renderScreen({}, {
      sync_hq_key_register: () => {
        throw { kind: "Invalid", message: "no '-----BEGIN PUBLIC KEY-----' block", field: "public_key" };
      },
    });
    const user = userEvent.setup();
    await user.type(within(panel()).getByTestId("sync-hq-key-path"), "/home/ehs/notes.txt");
    await user.click(within(panel()).getByTestId("sync-hq-key-register"));
    expect(await within(panel()).findByTestId("error-key_path")).toHaveTextContent("no '-----BEGIN PUBLIC KEY-----' block");
    expect(within(panel()).getByTestId("sync-hq-key-path")).toHaveAttribute("aria-invalid", "true");
    expect(within(panel()).getByTestId("sync-hq-key-path")).toHaveValue("/home/ehs/notes.txt");
  });
});

describe("importing a return", () => {
  const path = "/home/ehs/Downloads/HQ 退回 SZ01 2026-W05 r1.eml";

  it("imports the file typed, says so, and the week's state shows the return", async () => {
    const calls = renderScreen({ keys: [hqKey()] });
    const user = userEvent.setup();
    expect(await within(panel()).findByTestId("sync-returns-empty")).toBeInTheDocument();
    await vi.waitFor(() => expect(screen.getByTestId("sync-state")).toHaveAttribute("data-state", "not_built"));
    expect(screen.queryByTestId("sync-return-notice")).toBeNull();
    const stateReads = callsOf(calls, "sync_week_state").length;

    await user.type(within(panel()).getByTestId("sync-return-path"), path);
    await user.click(within(panel()).getByTestId("sync-return-import"));
    const done = await within(panel()).findByTestId("sync-return-imported");
    expect(done).toHaveAttribute("data-duplicate", "0");
    expect(done).toHaveTextContent("已导入：2026-W05 第 1 版的退回。");
    expect(callsOf(calls, "sync_return_import").map((c) => c.args)).toEqual([{ path }]);

    // The week's state is read again: the notice is on the week, the return in the list.
    expect(await screen.findByTestId("sync-return-notice")).toHaveAttribute("data-state", "open");
    expect(callsOf(calls, "sync_week_state").length).toBeGreaterThan(stateReads);
    expect(callsOf(calls, "sync_week_state").at(-1)?.args).toEqual({ week: "2026-W05" });
    const row = await within(panel()).findByTestId("sync-return-row");
    expect(row).toHaveAttribute("data-state", "open");
    expect(row).toHaveTextContent("危废产生量比上周高 10 倍，请核对 HW08");
    expect(row).toHaveTextContent("李分析 · 2026-02-03 10:00");
    expect(row).toHaveTextContent("邮件");
    expect(row).toHaveTextContent("待更正");
  });

  it("says a return was imported before", async () => {
    const calls = renderScreen({ keys: [hqKey()], returns: [receivedReturn()] });
    const user = userEvent.setup();
    await user.type(within(panel()).getByTestId("sync-return-path"), `${path}{Enter}`);
    const done = await within(panel()).findByTestId("sync-return-imported");
    expect(done).toHaveAttribute("data-duplicate", "1");
    expect(done).toHaveTextContent("此前已导入：2026-W05 第 1 版的退回");
    expect(callsOf(calls, "sync_return_import")).toHaveLength(1);
  });

  it("shows the core's refusal under the path and imports nothing", async () => {
    const refusal = "signed by key 9999888877776666 which this plant has not registered as HQ's: register HQ's public key first";
    const calls = renderScreen({}, {
      sync_return_import: () => {
        throw { kind: "Invalid", message: refusal, field: "return" };
      },
    });
    const user = userEvent.setup();
    // An empty path is refused before the core is asked.
    await user.click(within(panel()).getByTestId("sync-return-import"));
    expect(within(panel()).getByTestId("error-return_path")).toHaveTextContent("请填写退回单文件的路径");
    expect(callsOf(calls, "sync_return_import")).toHaveLength(0);

    await user.type(within(panel()).getByTestId("sync-return-path"), path);
    await user.click(within(panel()).getByTestId("sync-return-import"));
    const error = await within(panel()).findByTestId("error-return_path");
    expect(error).toHaveTextContent(refusal);
    expect(within(panel()).getByTestId("sync-return-path")).toHaveAttribute("aria-invalid", "true");
    expect(within(panel()).queryByTestId("sync-return-imported")).toBeNull();
    expect(within(panel()).queryByTestId("sync-return-import-error")).toBeNull();
    expect(callsOf(calls, "sync_return_import").map((c) => c.args)).toEqual([{ path }]);
  });

  it("shows a path that cannot be read under the path too", async () => {
    renderScreen({}, {
      sync_return_import: () => {
        throw { kind: "Invalid", message: "/tmp/missing.eml: No such file or directory (os error 2)", field: "path" };
      },
    });
    const user = userEvent.setup();
    await user.type(within(panel()).getByTestId("sync-return-path"), "/tmp/missing.eml{Enter}");
    expect(await within(panel()).findByTestId("error-return_path")).toHaveTextContent("No such file or directory");
  });
});

describe("the returns received", () => {
  it("lists every return with its state, and a return's week opens in the picker", async () => {
    const calls = renderScreen({
      keys: [hqKey()],
      returns: [
        receivedReturn({ id: "ret-3", week: "2026-W03", revision: 2, comment: "r2 仍缺记录" }),
        receivedReturn({ id: "ret-2", week: "2026-W03", revision: 1, answered_by_revision: 2, via: "file" }),
      ],
    });
    const user = userEvent.setup();
    await vi.waitFor(() => expect(within(panel()).getAllByTestId("sync-return-row")).toHaveLength(2));
    const [open, answered] = within(panel()).getAllByTestId("sync-return-row") as [HTMLElement, HTMLElement];
    expect(open).toHaveAttribute("data-state", "open");
    expect(open).toHaveTextContent("r2");
    expect(answered).toHaveAttribute("data-state", "answered");
    expect(answered).toHaveTextContent("已由第 2 版回应");
    expect(answered).toHaveTextContent("文件");

    await user.click(within(open).getByRole("button", { name: "打开 2026-W03" }));
    await vi.waitFor(() => expect(callsOf(calls, "sync_week_preview").at(-1)?.args.week).toBe("2026-W03"));
    expect(screen.getByTestId("sync-week")).toHaveValue("2026-W03");
    expect(screen.getByTestId("sync-week")).toHaveFocus();
    await vi.waitFor(() => expect(screen.getAllByTestId("sync-return-notice")).toHaveLength(2));
  });
});
