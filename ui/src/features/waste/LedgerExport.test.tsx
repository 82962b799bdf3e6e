import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { LedgerExport } from "./LedgerExport";
import { callsOf, channelSender, mockBackend } from "../../ipc/mockBackend";
import type { JobProgress } from "../../ipc/api";
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
    // Each export is a registered job: the month and format, plus its progress channel.
    const { onProgress, ...first } = callsOf(calls, "export_ledger")[0]!.args;
    expect(first).toEqual({ month: "2025-02", format: "xlsx" });
    expect(onProgress).toBeDefined();

    await user.click(screen.getByTestId("export-pdf"));
    await vi.waitFor(() =>
      expect(screen.getByTestId("export-result")).toHaveTextContent("已保存到 /exports/SZ01-危废台账-2025-02.pdf"),
    );
    const { onProgress: _channel, ...second } = callsOf(calls, "export_ledger")[1]!.args;
    expect(second).toEqual({ month: "2025-02", format: "pdf" });
  });

  it("shows a long export's progress and cancels it by its job id; nothing is saved", async () => {
    let reject: ((e: unknown) => void) | null = null;
    let send: ((p: JobProgress) => void) | null = null;
    const calls = mockBackend({
      export_ledger: ({ onProgress }) => {
        send = channelSender<JobProgress>(onProgress);
        send({ job_id: 42, kind: "export", done: 0, total: 0 });
        return new Promise((_, r) => (reject = r));
      },
      cancel_job: () => {
        reject!({ kind: "Cancelled", message: "export cancelled", field: null });
        return true;
      },
    });
    const user = userEvent.setup();
    render(<LedgerExport timezone="Asia/Shanghai" />);
    await user.click(screen.getByTestId("export-pdf"));
    await vi.waitFor(() => expect(send).not.toBeNull());
    send!({ job_id: 42, kind: "export", done: 30, total: 120 });
    expect(await screen.findByTestId("export-job")).toHaveTextContent("30 / 120");
    expect(screen.getByTestId("export-pdf")).toBeDisabled();

    await user.click(screen.getByTestId("export-job-cancel"));
    expect(await screen.findByTestId("export-job-cancelled")).toHaveTextContent("已取消，未写入任何文件");
    expect(callsOf(calls, "cancel_job")[0]?.args).toEqual({ id: 42 });
    expect(screen.queryByTestId("export-result")).not.toBeInTheDocument();
    expect(screen.getByTestId("export-pdf")).toBeEnabled();
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
