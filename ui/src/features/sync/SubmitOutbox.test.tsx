// 报送 and 发送队列 on the Sync screen: build is refused until every flag has a note, then sends
// the notes (one per kind) and no reason for revision 1; a changed week asks for a reason for
// revision n+1; the outbox panel shows the core's counts and last attempt, retries a failed
// item, wakes the delivery task, and says why the task cannot send; HQ's returns of the week show
// above the actions, open until a restatement answers them.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { SyncScreen } from "./SyncScreen";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { plant } from "../../test/fixtures";
import { hqKey, receivedReturn, weekView } from "../../test/sync";
import type { ItemStatus, ManagementReport, OutboxStatus, ScheduleStatus, WeekState, WorkerState } from "../../ipc/api";

// jsdom has no canvas: the report view's charts get a stand-in uPlot (drawing is an E2E matter).
const plots: unknown[][] = [];
vi.mock("uplot", () => ({
  default: class {
    static tzDate = (d: Date) => d;
    constructor(_opts: unknown, data: unknown[]) {
      plots.push(data);
    }
    setScale() {}
    setSize() {}
    destroy() {}
  },
}));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-02-03T02:00:00Z"));
});
afterEach(() => vi.useRealTimers());

const item = (over: Partial<ItemStatus> = {}): ItemStatus => ({
  id: "item-1",
  seq: 1,
  stream: "hq",
  kind: "packet",
  week: "2026-W05",
  revision: 1,
  subject: "SZ01 2026-W05 r1",
  plant_code: null,
  created_at: "2026-02-02T01:00:00Z",
  state: "pending",
  attempts: 0,
  next_try_at: null,
  last_event: null,
  ...over,
});

const outbox = (over: Partial<OutboxStatus> = {}): OutboxStatus => ({
  pending: 0,
  failed: 0,
  next_try_at: null,
  due_now: false,
  last_attempt: null,
  items: [],
  ...over,
});

const worker = (over: Partial<WorkerState> = {}): WorkerState => ({
  last_run_at: "2026-02-03T01:59:00Z",
  last_error: null,
  last_deliveries: [],
  stopped: false,
  ...over,
});

const txt = (zh: string, en: string) => ({ zh, en });
const managementReport = (period: string): ManagementReport => ({
  period,
  weekly: true,
  plant_code: "SZ01",
  plant_name: "深圳一厂",
  timezone: "Asia/Shanghai",
  from: "2026-01-26",
  to: "2026-02-01",
  through: "2026-02-01",
  provisional: false,
  today: "2026-02-03",
  records: 5,
  figures: [],
  previous: [],
  trend: [
    { period: "2026-W04", label_zh: "W04", label_en: "W04", from: "2026-01-19", to: "2026-01-25", records: 3, figures: [] },
    { period: "2026-W05", label_zh: "W05", label_en: "W05", from: "2026-01-26", to: "2026-02-01", records: 5, figures: [] },
  ],
  sections: [
    {
      area: "waste",
      title: txt("危险废物", "Hazardous waste"),
      blocks: [
        {
          kind: "kpis",
          tiles: [
            { key: "hw_generated_g", label: txt("产生量", "Generated"), value: { kind: "mass", grams: 1_234_567 }, previous: { kind: "mass", grams: 500 }, hint: null },
            { key: null, label: txt("最久贮存", "Oldest stock"), value: { kind: "days", days: 41 }, previous: null, hint: null },
          ],
        },
        { kind: "charts", charts: [{ title: txt("每周产生量", "Generated per week"), kind: "bars", unit: "mass", values: [1000, 1_234_567], overlay: null }] },
        {
          kind: "table",
          table: {
            title: txt("最久的容器", "Oldest containers"),
            columns: [{ label: txt("容器", "Container"), width: 2 }, { label: txt("数量", "Quantity"), width: 1 }],
            rows: [[{ kind: "text", text: "D-001" }, { kind: "mass", grams: 200_500 }]],
            empty: txt("无", "None"),
            note: null,
          },
        },
      ],
    },
  ],
  alerts: { critical: 1, warning: 2, info: 0, items: [] },
});

const schedule = (over: Partial<ScheduleStatus> = {}): ScheduleStatus => ({
  rule: { weekday: 1, hour: 9, timezone: "Asia/Shanghai", start_week: "2026-W01", start_week_is_default: true },
  next_close_week: "2026-W06",
  next_close_at: "2026-02-09T01:00:00Z",
  next_close_local: "2026-02-09 09:00",
  due_weeks: [],
  needs_notes: null,
  reports_enabled: false,
  pending_reports: [],
  ...over,
});

function renderScreen(opts: { state?: Partial<WeekState>; status?: OutboxStatus; work?: WorkerState; schedule?: ScheduleStatus } = {}) {
  const calls = mockBackend({
    sync_schedule_status: () => opts.schedule ?? schedule(),
    report_view: (a) => managementReport(a.period as string),
    sync_week_preview: (a) => ({ ...weekView(), week: a.week as string }),
    sync_week_state: (a) => ({ week: a.week as string, latest: null, submitted: null, changed: false, returns: [], ...opts.state }),
    sync_status: () => opts.status ?? outbox(),
    sync_worker_state: () => opts.work ?? worker(),
    export_folder: () => "/home/ehs/Documents/EHS Ledger",
    sync_build: (a) => {
      const r = a.request as { week: string; reason: string | null; notes: unknown[] };
      return { week: r.week, revision: r.reason ? 2 : 1, file_name: `SZ01_${r.week}_r1.packet.json`, notes: r.notes };
    },
    sync_retry: () => item({ state: "pending" }),
    sync_send_now: () => null,
    sync_hq_keys: () => [hqKey()],
    sync_returns: () => opts.state?.returns ?? [],
  });
  render(<SyncScreen plant={plant} />);
  return calls;
}

describe("submitting a week", () => {
  it("refuses to build until every flag has a note, then sends one note per kind and no reason", async () => {
    const calls = renderScreen();
    const user = userEvent.setup();
    await screen.findByTestId("sync-preview");
    await vi.waitFor(() => expect(screen.getByTestId("sync-state")).toHaveAttribute("data-state", "not_built"));
    expect(screen.getByTestId("sync-build-disabled")).toHaveTextContent("2");
    await user.click(screen.getByTestId("sync-build"));
    expect(callsOf(calls, "sync_build")).toHaveLength(0);

    const notes = screen.getAllByTestId("sync-flag-note");
    await user.type(notes[0] as HTMLElement, "季度集中清运");
    await user.type(notes[1] as HTMLElement, "桶未入库，已补录");
    await vi.waitFor(() => expect(screen.queryByTestId("sync-build-disabled")).toBeNull());
    await user.click(screen.getByTestId("sync-build"));
    await screen.findByTestId("sync-built");
    const [call] = callsOf(calls, "sync_build");
    expect(call?.args.request).toEqual({
      week: "2026-W05",
      reason: null,
      notes: [
        { kind: "figure_high", note: "季度集中清运" },
        { kind: "stock_mismatch", note: "桶未入库，已补录" },
      ],
    });
  });

  it("asks for a reason before a changed week is built again as revision n+1", async () => {
    const latest = item({ state: "sent", last_event: { item_id: "item-1", at: "2026-02-02T02:00:00Z", kind: "sent", detail: "250 OK" } });
    const calls = renderScreen({ state: { latest, changed: true } });
    const user = userEvent.setup();
    await vi.waitFor(() => expect(screen.getByTestId("sync-state")).toHaveAttribute("data-state", "changed"));
    for (const n of screen.getAllByTestId("sync-flag-note")) await user.type(n as HTMLElement, "已核实");
    await vi.waitFor(() => expect(screen.getByTestId("sync-build-disabled")).toHaveTextContent("r2"));
    await user.type(screen.getByTestId("sync-reason"), "补录 1 月 28 日漏记的废活性炭");
    await vi.waitFor(() => expect(screen.queryByTestId("sync-build-disabled")).toBeNull());
    await user.click(screen.getByTestId("sync-build"));
    await screen.findByTestId("sync-built");
    expect((callsOf(calls, "sync_build")[0]?.args.request as { reason: string }).reason).toBe("补录 1 月 28 日漏记的废活性炭");
  });
});

describe("HQ's returns on the week", () => {
  const sent = item({ state: "sent", last_event: { item_id: "item-1", at: "2026-02-02T02:00:00Z", kind: "sent", detail: "250 OK" } });

  it("shows an open return above the actions: the comment as text, who and when in plant time, and what to do", async () => {
    const comment = "危废产生量比上周高 10 倍，请核对 HW08\n<b>第二行</b>";
    renderScreen({ state: { latest: sent, returns: [receivedReturn({ comment })] } });
    const notice = await screen.findByTestId("sync-return-notice");
    expect(notice).toHaveAttribute("data-state", "open");
    expect(notice).toHaveClass("alert--warning");
    expect(notice).toHaveTextContent("HQ 退回第 1 版");
    // The comment is text: the markup in it is shown, never rendered.
    expect(within(notice).getByTestId("sync-return-comment").textContent).toBe(comment);
    expect(notice.querySelector("b")).toBeNull();
    // 02:00 UTC is 10:00 in Shanghai.
    expect(within(notice).getByTestId("sync-return-by")).toHaveTextContent("华东电子集团 · 李分析 · 2026-02-03 10:00");
    expect(within(notice).getByTestId("sync-return-state")).toHaveTextContent("请更正台账后生成第 2 版（更正版）");
    // Above the actions.
    const build = screen.getByTestId("sync-build");
    expect(notice.compareDocumentPosition(build) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("says which revision answered an earlier return, newest revision first", async () => {
    const returns = [
      receivedReturn({ id: "ret-2", revision: 2, comment: "r2 仍缺 1 月 28 日的记录" }),
      receivedReturn({ id: "ret-1", revision: 1, answered_by_revision: 2 }),
    ];
    renderScreen({ state: { latest: item({ revision: 2, state: "sent" }), returns } });
    await vi.waitFor(() => expect(screen.getAllByTestId("sync-return-notice")).toHaveLength(2));
    const [open, answered] = screen.getAllByTestId("sync-return-notice") as [HTMLElement, HTMLElement];
    expect(open).toHaveAttribute("data-state", "open");
    expect(within(open).getByTestId("sync-return-state")).toHaveTextContent("请更正台账后生成第 3 版（更正版）");
    expect(answered).toHaveAttribute("data-state", "answered");
    expect(answered).not.toHaveClass("alert--warning");
    expect(answered).toHaveTextContent("HQ 退回第 1 版");
    expect(within(answered).getByTestId("sync-return-state")).toHaveTextContent("已由第 2 版回应");
  });

  it("lets a returned week be answered with the same figures and a reason", async () => {
    const user = userEvent.setup();
    const latest = item({ state: "sent", last_event: { item_id: "item-1", at: "2026-02-02T02:00:00Z", kind: "sent", detail: "250 OK" } });
    const calls = renderScreen({ state: { latest, changed: false, returns: [receivedReturn({ revision: 1 })] } });
    await screen.findByTestId("sync-return-notice");
    for (const n of await screen.findAllByTestId("sync-flag-note")) await user.type(n as HTMLElement, "已核实");
    await vi.waitFor(() => expect(screen.getByTestId("sync-build-disabled")).toHaveTextContent("r2"));
    expect(screen.getByTestId("sync-build-disabled")).not.toHaveTextContent("未变");
    await user.type(screen.getByTestId("sync-reason"), "称重记录已核对，数据无误");
    await vi.waitFor(() => expect(screen.queryByTestId("sync-build-disabled")).toBeNull());
    await user.click(screen.getByTestId("sync-build"));
    await screen.findByTestId("sync-built");
    expect((callsOf(calls, "sync_build")[0]?.args.request as { reason: string }).reason).toBe("称重记录已核对，数据无误");
  });

  it("keeps an unchanged week that HQ did not return from being built again", async () => {
    const user = userEvent.setup();
    renderScreen({ state: { latest: sent, changed: false, returns: [] } });
    for (const n of await screen.findAllByTestId("sync-flag-note")) await user.type(n as HTMLElement, "已核实");
    await vi.waitFor(() => expect(screen.getByTestId("sync-build-disabled")).toHaveTextContent("未变"));
    expect(screen.queryByTestId("sync-reason")).toBeNull();
  });

  it("shows no notice for a week HQ has not returned", async () => {
    renderScreen({ state: { latest: sent } });
    await vi.waitFor(() => expect(screen.getByTestId("sync-state")).toHaveAttribute("data-state", "sent"));
    expect(screen.queryByTestId("sync-return-notice")).toBeNull();
  });
});

describe("the outbox panel", () => {
  it("shows the core's counts and last attempt, retries a failed item and wakes the delivery task", async () => {
    const failed = item({
      id: "item-9",
      state: "failed",
      attempts: 1,
      last_event: { item_id: "item-9", at: "2026-02-03T01:00:00Z", kind: "permanent", detail: "550 mailbox unavailable" },
    });
    const status = outbox({ pending: 1, failed: 1, last_attempt: failed.last_event, items: [failed, item({ id: "item-10", seq: 2, week: "2026-W06" })] });
    const calls = renderScreen({ status });
    const user = userEvent.setup();
    await vi.waitFor(() => expect(screen.getByTestId("sync-outbox-pending")).toHaveTextContent("1"));
    expect(screen.getByTestId("sync-outbox-failed")).toHaveTextContent("1");
    expect(screen.getByTestId("sync-outbox-last")).toHaveAttribute("data-kind", "permanent");
    // 01:00 UTC is 09:00 in Shanghai.
    expect(screen.getByTestId("sync-outbox-last")).toHaveTextContent("2026-02-03 09:00");
    expect(screen.getByTestId("sync-outbox-last-detail")).toHaveTextContent("550 mailbox unavailable");
    const rows = screen.getAllByTestId("sync-outbox-row");
    expect(rows.map((r) => r.getAttribute("data-state"))).toEqual(["failed", "pending"]);
    expect(within(rows[1] as HTMLElement).queryByTestId("sync-outbox-retry")).toBeNull();

    await user.click(within(rows[0] as HTMLElement).getByTestId("sync-outbox-retry"));
    await vi.waitFor(() => expect(callsOf(calls, "sync_retry").map((c) => c.args.itemId)).toEqual(["item-9"]));
    await user.click(screen.getByTestId("sync-send-now"));
    await screen.findByTestId("sync-send-now-done");
    expect(callsOf(calls, "sync_send_now")).toHaveLength(1);
    expect(screen.getByTestId("sync-worker")).toHaveAttribute("data-error", "0");
  });

  it("says why the delivery task cannot send", async () => {
    renderScreen({ work: worker({ last_error: "smtp_password: no password is known for smtp:ehs@smtp.corp.cn" }) });
    const line = await screen.findByTestId("sync-worker");
    expect(line).toHaveAttribute("data-error", "1");
    expect(line).toHaveTextContent("无法发送：smtp_password: no password is known");
    expect(line).toHaveTextContent("后台发送上次运行于 2026-02-03 09:59");
  });
});

describe("the schedule line", () => {
  it("says when weeks close and the next close, and opens a week held for notes", async () => {
    const held: NonNullable<ScheduleStatus["needs_notes"]> = { week: "2026-W03", held_at: "2026-01-26T01:00:00Z", flags: [] };
    const calls = renderScreen({ schedule: schedule({ needs_notes: held, due_weeks: ["2026-W03", "2026-W04", "2026-W05"] }) });
    const user = userEvent.setup();
    expect(await screen.findByTestId("sync-schedule-rule")).toHaveTextContent("每周一 09:00（Asia/Shanghai）");
    expect(screen.getByTestId("sync-schedule-rule")).toHaveTextContent("下次：2026-W06 于 2026-02-09 09:00 截止");
    expect(screen.getByTestId("sync-schedule-due")).toHaveTextContent("2026-W03, 2026-W04, 2026-W05");
    expect(screen.getByTestId("sync-schedule-held")).toHaveAttribute("data-week", "2026-W03");
    await user.click(screen.getByTestId("sync-schedule-open"));
    await vi.waitFor(() => expect(callsOf(calls, "sync_week_preview").at(-1)?.args.week).toBe("2026-W03"));
  });
});

describe("the management report in the app", () => {
  it("shows the week's report from the same data as the PDF: exact kg, previous period, charts, tables", async () => {
    const calls = renderScreen();
    const user = userEvent.setup();
    await screen.findByTestId("sync-preview");
    await user.click(screen.getByTestId("sync-report-view"));
    await vi.waitFor(() => expect(screen.getByTestId("report-view")).toHaveAttribute("data-period", "2026-W05"));
    expect(callsOf(calls, "report_view")[0]?.args).toEqual({ period: "2026-W05" });
    expect(screen.getByTestId("report-title")).toHaveTextContent("深圳一厂 管理报告 · 2026-W05");
    const values = screen.getAllByTestId("report-kpi-value").map((v) => v.textContent);
    expect(values).toEqual(["1,234.567 kg", "41 天"]);
    expect(screen.getAllByTestId("report-kpi")[0]).toHaveTextContent("上期 0.500 kg");
    expect(screen.getAllByTestId("report-chart")).toHaveLength(1);
    // The chart is drawn once its lazily loaded module is in: wait for it (a loaded machine
    // made the immediate check flaky).
    await vi.waitFor(() => expect(plots.at(-1)?.[1]).toEqual([1, 1234.567]));
    expect(screen.getByTestId("report-row")).toHaveTextContent(/D-001\s*200\.500 kg/);
    expect(screen.getByTestId("report-alerts")).toHaveTextContent("严重 1 · 警告 2 · 提示 0");
  });
});
