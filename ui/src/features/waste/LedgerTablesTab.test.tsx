import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LedgerTablesTab } from "./LedgerTablesTab";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { TableView } from "../../ipc/api";

// The plant's clock: 2026-11-24 10:00 in Shanghai.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-24T02:00:00Z"));
});
afterEach(() => vi.useRealTimers());

function view(args: Record<string, unknown>, over: Partial<TableView> = {}): TableView {
  const code = (args.code as string | null) ?? null;
  const all = [
    ["1", "HWCS20261103001", "2026-11-03 09:00", "废矿物油", "HW08", "900-249-08", "120.500", "D-1"],
    ["2", "HWCS20261104001", "2026-11-04 09:00", "废包装物", "HW49", "900-041-49", "8.000", "B-7"],
  ];
  const rows = code ? all.filter((r) => r[5] === code) : all;
  return {
    table: args.table as TableView["table"],
    from: args.from as string,
    to: args.to as string,
    code,
    title: `表 ${String(args.table)}`,
    subtitle: ["单位名称：测试厂（T-01）", `记录期间：${String(args.from)} 至 ${String(args.to)}`],
    columns: [
      { header: "序号", numeric: true },
      { header: "产生批次编码", numeric: false },
      { header: "产生时间", numeric: false },
      { header: "名称", numeric: false },
      { header: "类别", numeric: false },
      { header: "代码", numeric: false },
      { header: "产生量", numeric: true },
      { header: "容器编码", numeric: false },
    ],
    rows,
    total_rows: rows.length,
    footer: [`合计：${rows.length} 条`],
    ...over,
  };
}

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({ ledger_view: (a) => view(a), export_ledger_table: () => "/exports/T-01-B1.xlsx", ...extra });
}

describe("LedgerTablesTab", () => {
  it("shows B.1 for this month as the core builds it, then the table and period picked", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);

    expect(await screen.findByTestId("tables-title")).toHaveTextContent("表 b1");
    expect(callsOf(calls, "ledger_view")[0]!.args).toEqual({ table: "b1", from: "2026-11-01", to: "2026-11-24", code: null });
    const rows = screen.getAllByTestId("tables-row");
    expect(rows).toHaveLength(2);
    // Quantities are right-aligned figures; the footer is the core's.
    expect(within(rows[0]!).getByText("120.500")).toHaveClass("num");
    expect(screen.getByTestId("tables-footer")).toHaveTextContent("合计：2 条");

    await user.click(screen.getByTestId("tables-pick-b5"));
    await waitFor(() => expect(screen.getByTestId("tables-title")).toHaveTextContent("表 b5"));
    expect(screen.getByTestId("tables-pick-b5")).toHaveAttribute("aria-selected", "true");
    await user.click(screen.getByTestId("tables-last-month"));
    await waitFor(() =>
      expect(callsOf(calls, "ledger_view").at(-1)!.args).toEqual({
        table: "b5",
        from: "2026-10-01",
        to: "2026-10-31",
        code: null,
      }),
    );
  });

  it("narrows to a code clicked in the table, and clears it again", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("tables-row");

    await user.click(screen.getAllByTestId("tables-code-cell")[1]!);
    await waitFor(() => expect(screen.getAllByTestId("tables-row")).toHaveLength(1));
    expect(callsOf(calls, "ledger_view").at(-1)!.args.code).toBe("900-041-49");
    expect(screen.getByTestId("tables-code")).toHaveValue("900-041-49");
    // The code in force is no longer a link to itself.
    expect(screen.queryByTestId("tables-code-cell")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("tables-code-clear"));
    await waitFor(() => expect(screen.getAllByTestId("tables-row")).toHaveLength(2));
    expect(callsOf(calls, "ledger_view").at(-1)!.args.code).toBeNull();
  });

  it("says when only the first rows are shown (the totals cover them all)", async () => {
    backend({ ledger_view: (a) => view(a, { total_rows: 5123, footer: ["合计：5123 条，9000.000 kg"] }) });
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);
    expect(await screen.findByTestId("tables-truncated")).toHaveTextContent("显示前 2 条，共 5123 条");
  });

  it("scrolls a 2,000-row table virtually: fewer rows drawn than loaded, the core's footer under them", async () => {
    const many = Array.from({ length: 2000 }, (_, i) => [String(i + 1), `HWCS${i}`, "2026-11-03 09:00", "废矿物油", "HW08", "900-249-08", "1.000", "D-1"]);
    backend({ ledger_view: (a) => view(a, { rows: many, total_rows: 2000, footer: ["合计：2000 条，2000.000 kg"] }) });
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);
    expect(await screen.findByTestId("tables-footer")).toHaveTextContent("合计：2000 条，2000.000 kg");
    const drawn = screen.getAllByTestId("tables-row");
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(200);
    expect(drawn[0]).toHaveTextContent("HWCS0");
    expect(screen.queryByTestId("tables-truncated")).not.toBeInTheDocument();
  });

  it("refuses an end before the start without asking the core, and exports nothing then", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("tables-row");
    const before = callsOf(calls, "ledger_view").length;

    const to = screen.getByTestId("tables-to");
    await user.clear(to);
    await user.type(to, "2026-10-15");
    expect(await screen.findByTestId("tables-error-to")).toHaveTextContent("止日不能早于起日");
    expect(to).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("tables-export-xlsx")).toBeDisabled();
    expect(callsOf(calls, "ledger_view")).toHaveLength(before);
  });

  it("exports the table on screen with its period and code, and shows where the file went", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);
    await screen.findAllByTestId("tables-row");
    await user.type(screen.getByTestId("tables-code"), "900-249-08{Enter}");
    await waitFor(() => expect(screen.getAllByTestId("tables-row")).toHaveLength(1));

    await user.click(screen.getByTestId("tables-export-xlsx"));
    expect(await screen.findByTestId("tables-export-result")).toHaveTextContent("/exports/T-01-B1.xlsx");
    const { onProgress, ...exported } = callsOf(calls, "export_ledger_table")[0]!.args;
    expect(onProgress).toBeDefined(); // a registered job with its progress channel
    expect(exported).toEqual({
      table: "b1",
      from: "2026-11-01",
      to: "2026-11-24",
      code: "900-249-08",
      format: "xlsx",
    });
  });

  it("places the core's refusal under the field it names", async () => {
    backend({
      ledger_view: () => {
        throw { kind: "Invalid", field: "to", message: "a range is at most 3660 days" };
      },
    });
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);
    expect(await screen.findByTestId("tables-error-to")).toHaveTextContent("a range is at most 3660 days");
  });

  // Regression guard: a slow answer for an older request must not replace the newer table.
  it("keeps the newest table when an older request answers last", async () => {
    let release: (() => void) | null = null;
    backend({
      ledger_view: (a) =>
        a.table === "b1" && release === null
          ? new Promise((res) => {
              release = () => res(view(a, { title: "旧的 b1" }));
            })
          : view(a),
    });
    const user = userEvent.setup();
    render(<LedgerTablesTab timezone="Asia/Shanghai" />);
    await waitFor(() => expect(release).not.toBeNull());
    await user.click(screen.getByTestId("tables-pick-b2"));
    await waitFor(() => expect(screen.getByTestId("tables-title")).toHaveTextContent("表 b2"));
    release!();
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId("tables-title")).toHaveTextContent("表 b2");
  });
});
