import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import i18n from "../../i18n";
import { SyncScreen } from "./SyncScreen";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { plant } from "../../test/fixtures";
import { weekView } from "../../test/sync";

// The plant's clock: Tuesday 2026-02-03 10:00 in Shanghai (week 2026-W06 is open, W05 closed).
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-02-03T02:00:00Z"));
});
afterEach(() => vi.useRealTimers());

const weekArg = (calls: ReturnType<typeof mockBackend>) => callsOf(calls, "sync_week_preview").map((c) => c.args.week);

function renderScreen(view = weekView()) {
  const calls = mockBackend({ sync_week_preview: (a) => ({ ...view, week: a.week as string }) });
  render(<SyncScreen plant={plant} />);
  return calls;
}

describe("SyncScreen", () => {
  it("asks for the last closed week and shows each month part and the week total from exact grams", async () => {
    const calls = renderScreen();
    await screen.findByTestId("sync-preview");
    expect(weekArg(calls)).toEqual(["2026-W05"]);
    expect(screen.getByTestId("sync-week")).toHaveValue("2026-W05");
    expect(screen.getByTestId("sync-week-range")).toHaveTextContent("2026-01-26 至 2026-02-01（Asia/Shanghai）");
    const headers = screen.getAllByTestId("sync-part-header");
    expect(headers.map((h) => h.textContent)).toEqual(["2026-01 (01-26 – 01-31)", "2026-02 (02-01 – 02-01)"]);
    expect(screen.getByTestId("sync-figure-hw_generated_g-part-0")).toHaveTextContent("123.000");
    expect(screen.getByTestId("sync-figure-hw_generated_g-part-1")).toHaveTextContent("6.000");
    expect(screen.getByTestId("sync-figure-hw_generated_g-total")).toHaveTextContent("129.000");
    expect(screen.getByTestId("sync-figure-nhw_generated_g-total")).toHaveTextContent("500.000");
    expect(screen.getByTestId("sync-figure-hw_manifests_pending-total")).toHaveTextContent(/^1$/);
    const row = screen.getAllByTestId("sync-figure-row")[0] as HTMLElement;
    expect(row).toHaveTextContent("危险废物产生量");
    expect(row).toHaveTextContent("HKEX A1.3 / GRI 306-3");
    expect(within(row).getByText("kg")).toBeInTheDocument();
    expect(within(row).getByText("实测")).toBeInTheDocument();
    expect(screen.getByTestId("sync-records")).toHaveTextContent("2026-W05 共 5 条台账记录");
    expect(screen.queryByTestId("sync-empty")).toBeNull();
  });

  it("drills into each HW code with its manifests and each solid-waste code by route, per month", async () => {
    renderScreen();
    await screen.findByTestId("sync-preview");
    const hw = screen.getAllByTestId("sync-hw-row");
    expect(hw).toHaveLength(3);
    const shipped = hw.find((r) => r.textContent?.includes("20264403000123")) as HTMLElement;
    expect(shipped).toHaveTextContent(/2026-01\s*900-249-08\s*120\.500/);
    const sw = screen.getAllByTestId("sync-sw-row");
    expect(sw).toHaveLength(1);
    expect(within(sw[0] as HTMLElement).getAllByTestId("sync-sw-route").map((r) => r.textContent)).toEqual([
      "再生利用 · 厂外 · 300.000",
      "填埋 · 厂外 · 150.000",
    ]);
  });

  it("steps to the previous and next week, never past the open week", async () => {
    const calls = renderScreen();
    const user = userEvent.setup();
    await screen.findByTestId("sync-preview");
    await user.click(screen.getByTestId("sync-week-prev"));
    await vi.waitFor(() => expect(weekArg(calls)).toEqual(["2026-W05", "2026-W04"]));
    await user.click(screen.getByTestId("sync-week-next"));
    await user.click(screen.getByTestId("sync-week-next"));
    await vi.waitFor(() => expect(weekArg(calls)).toEqual(["2026-W05", "2026-W04", "2026-W05", "2026-W06"]));
    expect(screen.getByTestId("sync-week-next")).toBeDisabled();
    await user.selectOptions(screen.getByTestId("sync-week"), "2025-W52");
    await vi.waitFor(() => expect(weekArg(calls).at(-1)).toBe("2025-W52"));
  });

  it("words each flag from its kind and params and keeps a note per flag and week", async () => {
    const calls = renderScreen();
    const user = userEvent.setup();
    await screen.findByTestId("sync-preview");
    const flags = screen.getAllByTestId("sync-flag");
    expect(flags.map((f) => f.getAttribute("data-kind"))).toEqual(["figure_high", "stock_mismatch"]);
    expect(flags[0]).toHaveTextContent("危险废物产生量本周为 129.000 kg，达到前 4 周中位数 12.0005 kg 的 10 倍以上");
    expect(flags[1]).toHaveTextContent("900-041-49：期末贮存 0.000 kg，而期初 0.000 + 产生 2.500 − 转出 0.000 = 2.500 kg");
    expect(screen.getByTestId("sync-notes-status")).toHaveTextContent("2 项中还有 2 项需要填写说明");

    const notes = screen.getAllByTestId("sync-flag-note");
    await user.type(notes[0] as HTMLElement, "季度集中清运");
    expect(screen.getByTestId("sync-notes-status")).toHaveTextContent("还有 1 项");
    await user.type(notes[1] as HTMLElement, "桶未入库，已补录");
    expect(screen.getByTestId("sync-notes-status")).toHaveTextContent("每项都已填写说明");

    // Another week has its own notes; coming back finds these again.
    await user.click(screen.getByTestId("sync-week-prev"));
    await vi.waitFor(() => expect(screen.getByTestId("sync-preview")).toHaveAttribute("data-week", "2026-W04"));
    expect((screen.getAllByTestId("sync-flag-note")[0] as HTMLTextAreaElement).value).toBe("");
    await user.click(screen.getByTestId("sync-week-next"));
    await vi.waitFor(() => expect(screen.getByTestId("sync-preview")).toHaveAttribute("data-week", "2026-W05"));
    expect((screen.getAllByTestId("sync-flag-note")[0] as HTMLTextAreaElement).value).toBe("季度集中清运");
    expect(callsOf(calls, "sync_week_preview")).toHaveLength(3);
  });

  it("says so when the week has no ledger records", async () => {
    renderScreen(
      weekView({
        records: 0,
        flags: [{ kind: "no_activity", indicator: null, params: {}, message: "no ledger record" }],
      }),
    );
    expect(await screen.findByTestId("sync-empty")).toHaveTextContent("本周没有任何台账记录");
    expect(screen.getByTestId("sync-flag")).toHaveTextContent("2026-01-26 至 2026-02-01 没有任何台账记录");
  });

  it("shows the core's refusal and no figures", async () => {
    mockBackend({
      sync_week_preview: () => {
        throw { kind: "Invalid", message: "2025 has 52 ISO weeks, not week 53", field: "week" };
      },
    });
    render(<SyncScreen plant={plant} />);
    expect(await screen.findByTestId("sync-error")).toHaveTextContent("2025 has 52 ISO weeks");
    expect(screen.queryByTestId("sync-preview")).toBeNull();
  });

  it("labels the figures in English from the registry rows", async () => {
    await act(() => i18n.changeLanguage("en"));
    renderScreen();
    await screen.findByTestId("sync-preview");
    expect(screen.getAllByTestId("sync-figure-label").map((l) => l.textContent)).toContain("Hazardous waste generated");
    expect(screen.getAllByTestId("sync-flag")[0]).toHaveTextContent(
      "Hazardous waste generated is 129.000 kg this week, at least 10× the median 12.0005 kg of the previous 4 weeks",
    );
  });
});
