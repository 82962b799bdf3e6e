import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ImportTab } from "./ImportTab";
import { callsOf, channelSender, mockHq } from "../../ipc/mockBackend";
import { importItem, importReport } from "../../test/hq";
import type { HqImportReport, JobProgress } from "../../ipc/api";

/** A promise the test settles by hand, to look at the screen while the import runs. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("ImportTab", () => {
  it("imports a typed folder as a job and shows the counts and every refused item with its reason", async () => {
    const calls = mockHq({ hq_import_paths: () => importReport() });
    const user = userEvent.setup();
    render(<ImportTab timezone="Asia/Shanghai" />);
    expect(screen.getByTestId("hq-import-run")).toBeDisabled();
    await user.type(screen.getByTestId("hq-import-path"), "  /mnt/share/packets/2026-W10  ");
    await user.click(screen.getByTestId("hq-import-run"));
    const summary = await screen.findByTestId("hq-import-summary");
    expect(summary).toHaveAttribute("data-accepted", "3");
    expect(summary).toHaveAttribute("data-rejected", "1");
    expect(summary).toHaveAttribute("data-duplicates", "1");
    expect(summary).toHaveAttribute("data-not-packets", "1");
    expect(summary).toHaveTextContent("共 6 项：接受 3，重复 1，拒收 1，非数据包 1。 另有 2 个其他类型的文件未读取。");
    const args = callsOf(calls, "hq_import_paths")[0]!.args;
    expect(args.paths).toEqual(["/mnt/share/packets/2026-W10"]);
    expect(args.onProgress).toBeDefined();
    // Only the refused and the not-packets are listed, each with the core's reason.
    const rows = within(screen.getByTestId("hq-import-report")).getAllByTestId("hq-import-problem");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent("SZ01_2026-W09_r1.json");
    expect(rows[0]).toHaveTextContent("拒收");
    expect(rows[0]).toHaveTextContent("the signature does not verify with SZ01's key valid on 2026-03-02");
    expect(rows[1]).toHaveTextContent("readme.json");
    expect(rows[1]).toHaveTextContent("非数据包");
    expect(rows[1]).toHaveTextContent("not an ehs-ledger packet: no format field");
    // The log is read again after the import.
    await waitFor(() => expect(callsOf(calls, "hq_import_runs")).toHaveLength(2));
  });

  it("says so when nothing was refused", async () => {
    const clean: HqImportReport = importReport({
      items: 1,
      accepted: 1,
      duplicates: 0,
      rejected: 0,
      not_packets: 0,
      ignored_files: 0,
      results: [importItem("SZ01_2026-W10_r1.json", "accepted")],
    });
    mockHq({ hq_import_paths: () => clean });
    const user = userEvent.setup();
    render(<ImportTab timezone="Asia/Shanghai" />);
    await user.type(screen.getByTestId("hq-import-path"), "/tmp/a.json{Enter}");
    expect(await screen.findByTestId("hq-import-clean")).toHaveTextContent("没有被拒收的项目");
    expect(screen.getByTestId("hq-import-summary")).toHaveTextContent("共 1 项：接受 1，重复 0，拒收 0，非数据包 0。");
    expect(screen.queryByTestId("hq-import-problem")).not.toBeInTheDocument();
  });

  it("shows the job's progress and cancels it through the job registry", async () => {
    const run = deferred<HqImportReport>();
    let send: ((p: JobProgress) => void) | null = null;
    const calls = mockHq({
      hq_import_paths: (a) => {
        send = channelSender<JobProgress>(a.onProgress);
        return run.promise;
      },
      cancel_job: () => true,
    });
    const user = userEvent.setup();
    render(<ImportTab timezone="Asia/Shanghai" />);
    await user.type(screen.getByTestId("hq-import-path"), "/mnt/share/packets");
    await user.click(screen.getByTestId("hq-import-run"));
    await waitFor(() => expect(send).not.toBeNull());
    send!({ job_id: 7, kind: "hq_import", done: 120, total: 480 });
    expect(await screen.findByText("120 / 480")).toBeInTheDocument();
    expect(screen.getByTestId("hq-import-run")).toBeDisabled();
    await user.click(screen.getByTestId("hq-import-job-cancel"));
    await waitFor(() => expect(callsOf(calls, "cancel_job")[0]?.args).toEqual({ id: 7 }));
    run.reject({ kind: "Cancelled", message: "import cancelled", field: null });
    expect(await screen.findByTestId("hq-import-job-cancelled")).toBeInTheDocument();
    expect(screen.queryByTestId("hq-import-summary")).not.toBeInTheDocument();
  });

  it("shows the core's refusal of a path", async () => {
    mockHq({
      hq_import_paths: () => {
        throw { kind: "Invalid", message: "/nope: No such file or directory (os error 2)", field: "path" };
      },
    });
    const user = userEvent.setup();
    render(<ImportTab timezone="Asia/Shanghai" />);
    await user.type(screen.getByTestId("hq-import-path"), "/nope{Enter}");
    expect(await screen.findByTestId("hq-import-error")).toHaveTextContent("/nope: No such file or directory");
  });

  it("lists the import log and a run's items on request", async () => {
    const calls = mockHq({
      hq_import_items: () => [importItem("WX02_2026-W09_r1.json", "duplicate", "already imported", { plant_code: "WX02", week: "2026-W09", revision: 1 })],
    });
    const user = userEvent.setup();
    render(<ImportTab timezone="Asia/Shanghai" />);
    const run = await screen.findByTestId("hq-import-log-row");
    expect(run).toHaveTextContent("2026-03-09 10:00");
    expect(run).toHaveTextContent("文件夹");
    expect(run).toHaveTextContent("/mnt/share/packets/2026-W09");
    await user.click(within(run).getByTestId("hq-import-log-open"));
    const item = await screen.findByTestId("hq-import-item");
    expect(callsOf(calls, "hq_import_items")[0]!.args).toEqual({ run: "run-1" });
    expect(item).toHaveTextContent("WX02_2026-W09_r1.json");
    expect(item).toHaveTextContent("重复");
    expect(item).toHaveTextContent("already imported");
  });
});
