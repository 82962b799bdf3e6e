import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LedgerExport } from "./LedgerExport";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { localDateTimeIn } from "../../lib/time";

describe("LedgerExport", () => {
  it("exports the chosen month as xlsx or pdf and shows where the file was saved", async () => {
    const calls = mockBackend({
      export_ledger: ({ month, format }) => `/exports/SZ01-危废台账-${String(month)}.${String(format)}`,
    });
    const user = userEvent.setup();
    render(<LedgerExport timezone="Asia/Shanghai" />);
    // Defaults to the plant's current month.
    expect(screen.getByTestId("export-month")).toHaveValue(localDateTimeIn("Asia/Shanghai").slice(0, 7));

    fireEvent.change(screen.getByTestId("export-month"), { target: { value: "2025-02" } });
    await user.click(screen.getByTestId("export-xlsx"));
    expect(await screen.findByTestId("export-result")).toHaveTextContent("已保存到 /exports/SZ01-危废台账-2025-02.xlsx");
    expect(callsOf(calls, "export_ledger")[0]?.args).toEqual({ month: "2025-02", format: "xlsx" });

    await user.click(screen.getByTestId("export-pdf"));
    await vi.waitFor(() =>
      expect(screen.getByTestId("export-result")).toHaveTextContent("已保存到 /exports/SZ01-危废台账-2025-02.pdf"),
    );
    expect(callsOf(calls, "export_ledger")[1]?.args).toEqual({ month: "2025-02", format: "pdf" });
  });

  it("shows the core's error, and asks for a month before calling it", async () => {
    const calls = mockBackend({
      export_ledger: () => {
        throw { kind: "Io", message: "cannot write /exports: permission denied", field: null };
      },
    });
    const user = userEvent.setup();
    render(<LedgerExport timezone="Asia/Shanghai" />);
    await user.click(screen.getByTestId("export-pdf"));
    expect(await screen.findByTestId("export-result")).toHaveTextContent("读写文件失败：cannot write /exports");
    expect(screen.getByTestId("export-result")).toHaveAttribute("role", "alert");

    fireEvent.change(screen.getByTestId("export-month"), { target: { value: "" } });
    await user.click(screen.getByTestId("export-xlsx"));
    expect(screen.getByTestId("export-result")).toHaveTextContent("请选择月份");
    expect(callsOf(calls, "export_ledger")).toHaveLength(1);
  });
});
