import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LedgerTable } from "./LedgerTable";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { entry, page, streams } from "../../test/fixtures";
import type { LedgerQuery } from "../../ipc/api";

const queries = (calls: ReturnType<typeof mockBackend>) =>
  callsOf(calls, "list_generation").map((c) => c.args.query as LedgerQuery);

describe("LedgerTable", () => {
  it("renders rows with exact, grouped kg quantities and pages forward with page 1", async () => {
    const calls = mockBackend({
      list_generation: ({ query }) => {
        const q = query as LedgerQuery;
        const first = q.page * 50;
        const rows = Array.from({ length: q.page === 2 ? 20 : 50 }, (_, i) =>
          entry(first + i + 1, i === 0 ? { quantity_kg: "1234567.891", voided: true, void_reason: "录入错误" } : {}),
        );
        return page(rows, 120, q.page, "98765.432");
      },
    });
    const user = userEvent.setup();
    render(<LedgerTable streams={streams} canVoid={true} version={0} onChanged={() => {}} />);

    const rows = await screen.findAllByTestId("ledger-row");
    expect(rows).toHaveLength(50);
    expect(within(rows[0]!).getByText("1,234,567.891")).toHaveClass("num");
    expect(rows[0]).toHaveClass("row--voided");
    expect(rows[0]).toHaveAttribute("title", "作废原因：录入错误");
    expect(within(rows[1]!).getByText("1,250.000")).toBeInTheDocument();
    expect(within(rows[1]!).getByText("2026-11-24 09:05")).toBeInTheDocument();
    expect(screen.getByTestId("ledger-total")).toHaveTextContent("共 120 条");
    // The period's exact mass from the core, grouped but never re-computed in floats.
    expect(screen.getByTestId("ledger-total-kg")).toHaveTextContent("合计 98,765.432 kg");
    expect(screen.getByTestId("ledger-page")).toHaveTextContent("第 1 / 3 页");
    expect(screen.getByTestId("ledger-prev")).toBeDisabled();
    expect(queries(calls)[0]).toEqual({
      from_date: null,
      to_date: null,
      stream_id: null,
      code: null,
      include_voided: false,
      sort: "generated_at_desc",
      page: 0,
      page_size: 50,
    });

    await user.click(screen.getByTestId("ledger-next"));
    await vi.waitFor(() => expect(screen.getByTestId("ledger-page")).toHaveTextContent("第 2 / 3 页"));
    expect(queries(calls).at(-1)?.page).toBe(1);
    await vi.waitFor(() => expect(screen.getByTestId("ledger-next")).toBeEnabled());
    await user.click(screen.getByTestId("ledger-next"));
    await vi.waitFor(() => expect(screen.getAllByTestId("ledger-row")).toHaveLength(20));
    expect(queries(calls).at(-1)?.page).toBe(2);
    expect(screen.getByTestId("ledger-next")).toBeDisabled();
    await user.click(screen.getByTestId("ledger-prev"));
    await vi.waitFor(() => expect(queries(calls).at(-1)?.page).toBe(1));
  });

  it("sends filters and sort, resetting to the first page", async () => {
    const calls = mockBackend({ list_generation: ({ query }) => page([entry(1)], 200, (query as LedgerQuery).page) });
    const user = userEvent.setup();
    render(<LedgerTable streams={streams} canVoid={false} version={0} onChanged={() => {}} />);
    await screen.findAllByTestId("ledger-row");
    await user.click(screen.getByTestId("ledger-next"));
    await vi.waitFor(() => expect(queries(calls).at(-1)?.page).toBe(1));

    await user.selectOptions(screen.getByTestId("filter-stream"), "s-rag");
    await user.type(screen.getByTestId("filter-from"), "2026-11-01");
    await user.type(screen.getByTestId("filter-to"), "2026-11-30");
    await user.click(screen.getByTestId("filter-voided"));
    await user.click(screen.getByTestId("sort-quantity"));
    await vi.waitFor(() =>
      expect(queries(calls).at(-1)).toEqual({
        from_date: "2026-11-01",
        to_date: "2026-11-30",
        stream_id: "s-rag",
        code: null,
        include_voided: true,
        sort: "quantity_desc",
        page: 0,
        page_size: 50,
      }),
    );
    await user.click(screen.getByTestId("sort-quantity"));
    await vi.waitFor(() => expect(queries(calls).at(-1)?.sort).toBe("quantity_asc"));
    await user.click(screen.getByTestId("sort-generated-at"));
    await vi.waitFor(() => expect(queries(calls).at(-1)?.sort).toBe("generated_at_desc"));
    await user.click(screen.getByTestId("sort-generated-at"));
    await vi.waitFor(() => expect(queries(calls).at(-1)?.sort).toBe("generated_at_asc"));
    expect(screen.queryByTestId("void-open")).not.toBeInTheDocument(); // canVoid=false
  });

  it("shows loading, then the empty state", async () => {
    let release: (v: unknown) => void = () => {};
    mockBackend({ list_generation: () => new Promise((r) => (release = r)) });
    render(<LedgerTable streams={streams} canVoid={true} version={0} onChanged={() => {}} />);
    expect(await screen.findByTestId("ledger-loading")).toHaveTextContent("正在加载");
    release(page([], 0));
    expect(await screen.findByTestId("ledger-empty")).toHaveTextContent("本期间无记录");
    expect(screen.getByTestId("ledger-page")).toHaveTextContent("第 1 / 1 页");
    expect(screen.getByTestId("ledger-next")).toBeDisabled();
  });

  it("voids a row only with a reason", async () => {
    const calls = mockBackend({
      list_generation: () => page([entry(1)], 1),
      void_generation: ({ input }) => ({ ...entry(1), voided: true, void_reason: (input as { reason: string }).reason }),
    });
    const onChanged = vi.fn();
    const user = userEvent.setup();
    render(<LedgerTable streams={streams} canVoid={true} version={0} onChanged={onChanged} />);
    await user.click(await screen.findByTestId("void-open"));
    await user.click(screen.getByTestId("void-submit"));
    expect(screen.getByTestId("error-reason")).toHaveTextContent("请填写作废原因");
    expect(callsOf(calls, "void_generation")).toHaveLength(0);
    await user.type(screen.getByTestId("void-reason"), "重复录入");
    await user.click(screen.getByTestId("void-submit"));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    expect(callsOf(calls, "void_generation")[0]?.args).toEqual({ input: { id: "e-1", reason: "重复录入" } });
    expect(screen.queryByTestId("void-dialog")).not.toBeInTheDocument();
  });
});
