import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ImportTab } from "./ImportTab";
import { callsOf, channelSender, mockBackend } from "../../ipc/mockBackend";
import type { ImportResult, JobProgress } from "../../ipc/api";
import { importResult, outfall } from "./testData";

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const header = (args: Record<string, unknown> | undefined, name: string): string =>
  ((args?.headers ?? {}) as Record<string, string>)[name] ?? "";
const progress = (done: number, total: number): JobProgress => ({ job_id: 9, kind: "water_import", done, total });
const LOG = "##0000QN=20251201000000000;ST=32;CN=2061;PW=123456;MN=88888880000001;Flag=4;CP=&&&&0000\r\n";

describe("ImportTab", () => {
  it("imports an HJ 212 log with a real progress bar, then shows packets and readings by reason", async () => {
    const running = deferred<ImportResult>();
    let send: ((p: JobProgress) => void) | null = null;
    const calls = mockBackend({
      water_import: (args) => {
        send = channelSender<JobProgress>(header(args, "x-progress-channel"));
        return running.promise;
      },
    });
    const onImported = vi.fn();
    const user = userEvent.setup();
    render(<ImportTab outfalls={[outfall]} canWrite onImported={onImported} />);
    await user.upload(screen.getByTestId("water-import-file"), new File([LOG], "logger-2025-12.txt"));
    expect(screen.getByTestId("water-import-format")).toHaveValue("hj212");
    expect(screen.queryByTestId("water-import-outfall")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("water-import-run"));

    await waitFor(() => expect(send).not.toBeNull());
    send!(progress(0, 0));
    send!(progress(4096, 16384));
    await waitFor(() => expect(screen.getByTestId("water-import-progress")).toHaveAttribute("value", "4096"));
    expect(screen.getByTestId("water-import-progress")).toHaveAttribute("max", "16384");
    expect(screen.getByTestId("water-import-progress-text")).toHaveTextContent("25%");

    const args = callsOf(calls, "water_import")[0]!.args;
    expect(header(args, "x-water-format")).toBe("hj212");
    expect(decodeURIComponent(header(args, "x-file-name"))).toBe("logger-2025-12.txt");
    expect(args.body).toEqual(Array.from(new TextEncoder().encode(LOG)));

    running.resolve(importResult);
    const result = await screen.findByTestId("water-import-result");
    expect(screen.queryByTestId("water-import-progress")).not.toBeInTheDocument();
    expect(within(result).getByTestId("water-import-packets")).toHaveTextContent("数据包：接收 720，拒收 4，非数据包 1");
    expect(within(result).getByTestId("water-import-packet-reasons")).toHaveTextContent("CRC 校验错误：2");
    expect(within(result).getByTestId("water-import-packet-reasons")).toHaveTextContent("未登记的 MN：2");
    // The refused packets are not counted twice among the readings.
    expect(within(result).getByTestId("water-import-readings")).toHaveTextContent("监测数据：新增 2160，重复 24，拒收 3");
    expect(within(result).getByTestId("water-import-reading-reasons")).toHaveTextContent("与已有数据不一致：3");
    expect(within(result).getByTestId("water-import-exceedances")).toHaveTextContent("发现超标 4 条");
    expect(within(result).getByTestId("water-import-refusals")).toHaveTextContent("line 17: bad_crc");
    expect(onImported).toHaveBeenCalledTimes(1);
  });

  it("sends a table with its outfall and interval, and cancels through the job registry", async () => {
    const running = deferred<ImportResult>();
    let send: ((p: JobProgress) => void) | null = null;
    const calls = mockBackend({
      water_import: (args) => {
        send = channelSender<JobProgress>(header(args, "x-progress-channel"));
        return running.promise;
      },
      cancel_job: () => {
        running.reject({ kind: "Cancelled", message: "import cancelled; nothing was written", field: null });
        return true;
      },
    });
    const user = userEvent.setup();
    render(<ImportTab outfalls={[outfall]} canWrite onImported={vi.fn()} />);
    await user.upload(screen.getByTestId("water-import-file"), new File(["时间,cod\n2025-12-01 00:00,52\n"], "在线.csv"));
    expect(screen.getByTestId("water-import-format")).toHaveValue("table");
    await user.selectOptions(screen.getByTestId("water-import-interval"), "minute");
    await user.click(screen.getByTestId("water-import-run"));
    await waitFor(() => expect(send).not.toBeNull());
    send!(progress(0, 0));
    const args = callsOf(calls, "water_import")[0]!.args;
    expect([header(args, "x-water-format"), header(args, "x-outfall"), header(args, "x-interval")]).toEqual([
      "table",
      "DW001",
      "minute",
    ]);
    await user.click(screen.getByTestId("water-import-cancel"));
    expect(await screen.findByTestId("water-import-cancelled")).toHaveTextContent("已取消，未写入任何数据");
    expect(callsOf(calls, "cancel_job")[0]!.args).toEqual({ id: 9 });
    expect(screen.queryByTestId("water-import-result")).not.toBeInTheDocument();
  });
});
