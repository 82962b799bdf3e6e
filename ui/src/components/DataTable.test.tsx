import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { compareSortValues, DataTable, VIRTUALIZE_ABOVE, type DataColumn, type DataTableProps } from "./DataTable";

type Drum = { id: string; code: string; kg: string; area: string | null };

const drums: Drum[] = [
  { id: "d1", code: "900-249-08", kg: "120.500", area: "A1" },
  { id: "d2", code: "900-041-49", kg: "8.000", area: null },
  { id: "d3", code: "772-006-49", kg: "1250.000", area: "B2" },
];

const columns: DataColumn<Drum>[] = [
  { id: "code", header: "代码", cell: (d) => d.code, className: "mono", sortValue: (d) => d.code, sortTestId: "sort-code" },
  { id: "kg", header: "数量", numeric: true, cell: (d) => d.kg, sortValue: (d) => Number(d.kg), sortTestId: "sort-kg" },
  { id: "area", header: "区域", cell: (d) => d.area ?? "—", sortValue: (d) => d.area, sortTestId: "sort-area" },
  { id: "actions", header: "操作", hideable: false, cell: (d) => <button data-testid="act">{d.id}</button> },
];

function table(over: Partial<DataTableProps<Drum>> = {}) {
  return (
    <DataTable<Drum>
      columns={columns}
      data={drums}
      idPrefix="drums"
      rowTestId="drum-row"
      empty="没有桶"
      {...over}
    />
  );
}

const codes = () => screen.getAllByTestId("drum-row").map((r) => r.querySelector("td")?.textContent);

describe("DataTable", () => {
  it("draws every row with its test id, translated headers and right-aligned figures", () => {
    render(table());
    const rows = screen.getAllByTestId("drum-row");
    expect(rows).toHaveLength(3);
    expect(within(rows[0]!).getByText("120.500")).toHaveClass("num");
    expect(within(rows[0]!).getByText("900-249-08")).toHaveClass("mono");
    expect(screen.getByRole("columnheader", { name: "数量" })).toHaveClass("num");
    expect(codes()).toEqual(["900-249-08", "900-041-49", "772-006-49"]);
  });

  it("sorts on the client: numbers as numbers, ascending then descending, empty values last", async () => {
    const user = userEvent.setup();
    render(table());
    await user.click(screen.getByTestId("sort-kg"));
    expect(codes()).toEqual(["900-041-49", "900-249-08", "772-006-49"]); // 8 < 120.5 < 1250
    expect(screen.getByRole("columnheader", { name: /数量/ })).toHaveAttribute("aria-sort", "ascending");
    expect(screen.getByTestId("sort-kg")).toHaveTextContent("数量 ▲");
    await user.click(screen.getByTestId("sort-kg"));
    expect(codes()).toEqual(["772-006-49", "900-249-08", "900-041-49"]);
    expect(screen.getByRole("columnheader", { name: /数量/ })).toHaveAttribute("aria-sort", "descending");
    await user.click(screen.getByTestId("sort-area"));
    expect(codes()).toEqual(["900-249-08", "772-006-49", "900-041-49"]); // A1, B2, then no area
    await user.click(screen.getByTestId("sort-area"));
    expect(codes()).toEqual(["772-006-49", "900-249-08", "900-041-49"]); // no area stays last
    expect(screen.getByRole("columnheader", { name: /数量/ })).not.toHaveAttribute("aria-sort");
  });

  it("reports a header click to the caller for server-side sorting and keeps the rows' order", async () => {
    const onChange = vi.fn();
    const user = userEvent.setup();
    const server: DataColumn<Drum>[] = columns.map((c) => ({ ...c, sortValue: undefined, sortable: c.id === "kg", sortDescFirst: true }));
    const { rerender } = render(table({ columns: server, sort: { value: null, onChange } }));
    expect(screen.queryByTestId("sort-code")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("sort-kg"));
    expect(onChange).toHaveBeenLastCalledWith({ id: "kg", desc: true });
    expect(codes()).toEqual(["900-249-08", "900-041-49", "772-006-49"]);
    rerender(table({ columns: server, sort: { value: { id: "kg", desc: true }, onChange } }));
    expect(screen.getByTestId("sort-kg")).toHaveTextContent("▼");
    await user.click(screen.getByTestId("sort-kg"));
    expect(onChange).toHaveBeenLastCalledWith({ id: "kg", desc: false });
  });

  it("shows loading before the first answer, then empty, and dims stale rows while reloading", () => {
    const { rerender } = render(table({ data: null, loading: true }));
    expect(screen.getByTestId("drums-loading")).toHaveTextContent("正在加载");
    expect(screen.getByTestId("drums-table")).toHaveAttribute("aria-busy", "true");
    rerender(table({ data: [], loading: false }));
    expect(screen.getByTestId("drums-empty")).toHaveTextContent("没有桶");
    expect(screen.queryByTestId("drums-loading")).not.toBeInTheDocument();
    rerender(table({ loading: true }));
    expect(screen.getAllByTestId("drum-row")[0]!.closest("tbody")).toHaveClass("is-stale");
    expect(screen.queryByTestId("drums-empty")).not.toBeInTheDocument();
  });

  it("shows a failure above the table, keeping rows already shown", () => {
    const { rerender } = render(table({ data: null, error: "无法加载：disk full" }));
    expect(screen.getByTestId("drums-error")).toHaveTextContent("disk full");
    expect(screen.getByRole("alert")).toHaveTextContent("disk full");
    expect(screen.getByText("未能加载")).toBeInTheDocument();
    expect(screen.queryByTestId("drums-loading")).not.toBeInTheDocument();
    rerender(table({ error: "无法加载：disk full" }));
    expect(screen.getAllByTestId("drum-row")).toHaveLength(3);
    expect(screen.getByTestId("drums-error")).toBeInTheDocument();
  });

  it("keeps every row in the DOM up to the threshold and virtualizes beyond it", () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `d${i}`, code: `C-${i}`, kg: `${i}.000`, area: null }));
    const { rerender } = render(table({ data: many(VIRTUALIZE_ABOVE) }));
    expect(screen.getAllByTestId("drum-row")).toHaveLength(VIRTUALIZE_ABOVE);
    rerender(table({ data: many(2000) }));
    const drawn = screen.getAllByTestId("drum-row");
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(100);
    expect(drawn[0]).toHaveTextContent("C-0");
    expect(screen.getByTestId("drums-table")).toHaveAttribute("aria-rowcount", "2001");
    // The rows not drawn are stood in for by a spacer of their estimated height.
    expect(document.querySelector(".table__spacer")).not.toBeNull();
  });

  it("hides a column from the column menu, remembers it, and never hides the last visible column", async () => {
    const user = userEvent.setup();
    const { unmount } = render(table());
    expect(screen.queryByTestId("drums-column-actions")).not.toBeInTheDocument(); // not hideable
    await user.click(screen.getByTestId("drums-columns"));
    await user.click(screen.getByTestId("drums-column-kg"));
    expect(screen.queryByRole("columnheader", { name: "数量" })).not.toBeInTheDocument();
    expect(within(screen.getAllByTestId("drum-row")[0]!).queryByText("120.500")).not.toBeInTheDocument();
    expect(within(screen.getAllByTestId("drum-row")[0]!).getAllByRole("cell")).toHaveLength(3);
    expect(screen.getByTestId("drums-columns")).toHaveTextContent("已隐藏 1 列");
    unmount();

    render(table());
    expect(screen.queryByRole("columnheader", { name: "数量" })).not.toBeInTheDocument();
    await user.click(screen.getByTestId("drums-columns"));
    await user.click(screen.getByTestId("drums-column-kg"));
    expect(screen.getByRole("columnheader", { name: "数量" })).toBeInTheDocument();

    // With only one hideable column left showing, its box cannot be unticked.
    const only: DataColumn<Drum>[] = [columns[0]!, { ...columns[1]!, hiddenByDefault: true }];
    render(table({ columns: only, idPrefix: "one" }));
    await user.click(screen.getByTestId("one-columns"));
    expect(screen.getByTestId("one-column-code")).toBeDisabled();
    expect(screen.getByTestId("one-column-kg")).not.toBeChecked();
  });

  it("draws column footers in the table, footer lines under it, and pages through the caller", async () => {
    const onPage = vi.fn();
    const user = userEvent.setup();
    const withTotal = columns.map((c) => (c.id === "kg" ? { ...c, footer: "1,378.500" } : c));
    render(
      table({
        columns: withTotal,
        footer: "合计：3 条",
        summary: <span data-testid="drums-summary">共 3 条</span>,
        paging: { page: 0, pageCount: 2, onPage },
      }),
    );
    expect(screen.getByTestId("drums-footer")).toHaveTextContent("合计：3 条");
    expect(screen.getByText("1,378.500")).toHaveClass("num");
    expect(screen.getByTestId("drums-summary")).toHaveTextContent("共 3 条");
    expect(screen.getByTestId("drums-page")).toHaveTextContent("第 1 / 2 页");
    expect(screen.getByTestId("drums-prev")).toBeDisabled();
    await user.click(screen.getByTestId("drums-next"));
    expect(onPage).toHaveBeenCalledWith(1);
  });

  // Regression guard: columns that arrive with the data (one per stream) must show at once.
  it("shows columns added after the first render", () => {
    const { rerender } = render(table({ columns: columns.slice(0, 1), data: null }));
    expect(screen.getAllByRole("columnheader")).toHaveLength(1);
    rerender(table());
    expect(screen.getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["代码", "数量", "区域", "操作"]);
    expect(within(screen.getAllByTestId("drum-row")[0]!).getAllByRole("cell")).toHaveLength(4);
  });

  it("draws a detail row under a row when asked", () => {
    render(table({ detail: (d) => (d.id === "d2" ? <span>明细</span> : null), detailTestId: "drum-detail" }));
    expect(screen.getAllByTestId("drum-detail")).toHaveLength(1);
    expect(screen.getByTestId("drum-detail")).toHaveTextContent("明细");
  });
});

describe("compareSortValues", () => {
  it("orders numbers numerically, text by collation with digits as numbers, and empties last", () => {
    expect([10, 9, 100].sort(compareSortValues)).toEqual([9, 10, 100]);
    expect(["C-10", "C-9", "C-100"].sort(compareSortValues)).toEqual(["C-9", "C-10", "C-100"]);
    expect([null, "b", "", "a", undefined].sort(compareSortValues)).toEqual(["a", "b", null, "", undefined]);
  });
});
