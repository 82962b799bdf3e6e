import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { JobsPanel } from "./JobsPanel";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { JobInfo } from "../../ipc/api";

const job = (over: Partial<JobInfo> = {}): JobInfo => ({
  id: 3,
  kind: "export",
  label: "B1 2026-11-01–2026-11-30 pdf",
  started_at: "2026-12-01T08:00:00Z",
  done: 40,
  total: 120,
  cancel_requested: false,
  ...over,
});

describe("JobsPanel", () => {
  it("lists the running jobs with their progress and cancels one by its id", async () => {
    let running = [job(), job({ id: 4, kind: "import_commit", label: "2024台账.csv", done: 0, total: 0 })];
    const calls = mockBackend({
      list_jobs: () => running,
      cancel_job: ({ id }) => {
        running = running.map((j) => (j.id === id ? { ...j, cancel_requested: true } : j));
        return true;
      },
    });
    const user = userEvent.setup();
    render(<JobsPanel />);
    const rows = await screen.findAllByTestId("job-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("导出文件 B1 2026-11-01–2026-11-30 pdf 40 / 120");
    expect(rows[1]).toHaveTextContent("导入台账 2024台账.csv");
    expect(rows[1]).not.toHaveTextContent("/");

    await user.click(within(rows[0]!).getByTestId("job-cancel"));
    expect(callsOf(calls, "cancel_job")[0]?.args).toEqual({ id: 3 });
    await vi.waitFor(() => expect(within(screen.getAllByTestId("job-row")[0]!).getByTestId("job-cancel")).toBeDisabled());
    expect(within(screen.getAllByTestId("job-row")[0]!).getByTestId("job-cancel")).toHaveTextContent("正在取消");
  });

  it("says when nothing runs and polls until something does", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      let running: JobInfo[] = [];
      mockBackend({ list_jobs: () => running });
      render(<JobsPanel />);
      expect(await screen.findByTestId("jobs-panel")).toHaveTextContent("没有正在运行的任务");
      running = [job()];
      await vi.advanceTimersByTimeAsync(1100);
      expect(await screen.findByTestId("job-row")).toHaveTextContent("40 / 120");
    } finally {
      vi.useRealTimers();
    }
  });
});
