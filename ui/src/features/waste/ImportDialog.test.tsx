import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ImportDialog } from "./ImportDialog";
import { WasteScreen } from "./WasteScreen";
import { callsOf, channelSender, mockBackend } from "../../ipc/mockBackend";
import type { ImportPreview, JobProgress, Session } from "../../ipc/api";
import { codes, entry, officer, page, plant, streams } from "../../test/fixtures";
import { category } from "../../test/settings";

const CSV = "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域\n2024-03-01 08:00,900-249-08,12.5,kg,C-1,A\n";
const csvFile = () => new File([CSV], "2024台账.csv", { type: "text/csv" });

const clean: ImportPreview = {
  rows: 2,
  total_g: 20500,
  total_kg: "20.500",
  sample: [
    {
      row: 2,
      batch_code: "HW08-20240301-001",
      generated_at: "2024-03-01 08:00",
      code: "900-249-08",
      quantity_kg: "12.500",
      container_id: "C-1",
    },
    { row: 3, batch_code: null, generated_at: "2024-03-02 09:30", code: "900-249-08", quantity_kg: "8.000", container_id: "C-2" },
  ],
  errors: [],
};

const withErrors: ImportPreview = {
  rows: 3,
  total_g: 0,
  total_kg: "0.000",
  sample: [],
  errors: [
    {
      row: 2,
      column: "废物代码",
      reason: "900-999-99 is not in the catalogue",
      // A key this UI does not know: the core's English stays.
      message: { key: "waste.some_future_key", params: {} },
    },
    {
      row: 4,
      column: "产生量",
      reason: "quantity must be greater than 0",
      message: { key: "common.must_be_positive", params: {} },
    },
  ],
};

/** A promise the test settles by hand, to look at the dialog while a command is running. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const renderDialog = (onImported = vi.fn(), onClose = vi.fn()) => {
  render(<ImportDialog onClose={onClose} onImported={onImported} />);
  return { onImported, onClose };
};

/** A header of a raw-body call, as the mock backend records it. */
const header = (args: Record<string, unknown> | undefined, name: string): string =>
  ((args?.headers ?? {}) as Record<string, string>)[name] ?? "";

const progress = (job_id: number, done: number, total: number): JobProgress => ({
  job_id,
  kind: "import_preview",
  done,
  total,
});

describe("ImportDialog", () => {
  it("previews the file, lists every problem by row and column, and refuses to import", async () => {
    const calls = mockBackend({ import_preview: () => withErrors });
    const user = userEvent.setup();
    renderDialog();
    // The expected columns and the UTF-8 rule are stated before a file is chosen.
    expect(screen.getByTestId("import-dialog")).toHaveTextContent("产生批次编码");
    expect(screen.getByTestId("import-dialog")).toHaveTextContent("UTF-8");
    expect(screen.getByTestId("import-file")).toHaveAttribute("accept", ".csv,.xlsx");

    await user.upload(screen.getByTestId("import-file"), csvFile());

    const rows = await screen.findAllByTestId("import-error");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "2",
      "废物代码",
      "900-999-99 is not in the catalogue",
    ]);
    expect(within(rows[1]!).getAllByRole("cell").map((c) => c.textContent)).toEqual([
      "4",
      "产生量",
      "必须大于 0",
    ]);
    expect(screen.getByTestId("import-summary")).toHaveTextContent("共 3 行，合计 0.000 kg");
    expect(screen.getByTestId("import-commit")).toBeDisabled();
    expect(screen.getByTestId("import-blocked")).toHaveTextContent("请修正后重新选择文件，未写入任何数据");
    expect(screen.queryByTestId("import-sample")).not.toBeInTheDocument();

    // The file goes over as its raw bytes (not a JSON array), its name and progress channel in
    // headers.
    const args = callsOf(calls, "import_preview")[0]?.args;
    expect(decodeURIComponent(header(args, "x-file-name"))).toBe("2024台账.csv");
    expect(args?.body).toEqual(Array.from(new TextEncoder().encode(CSV)));
    expect(header(args, "x-progress-channel")).toMatch(/^__CHANNEL__:\d+$/);
    expect(callsOf(calls, "import_commit")).toHaveLength(0);
  });

  it("shows progress while checking, then a sample, then imports all rows and reports it", async () => {
    const previewing = deferred<ImportPreview>();
    let sendPreview: ((p: JobProgress) => void) | null = null;
    const calls = mockBackend({
      import_preview: (args) => {
        sendPreview = channelSender<JobProgress>(header(args, "x-progress-channel"));
        return previewing.promise;
      },
      import_commit: (args) => {
        const send = channelSender<JobProgress>(header(args, "x-progress-channel"));
        send(progress(2, 1, 2));
        send(progress(2, 2, 2));
        return clean;
      },
    });
    const user = userEvent.setup();
    const { onImported } = renderDialog();
    await user.upload(screen.getByTestId("import-file"), csvFile());

    const bar = await screen.findByTestId("import-progress");
    await vi.waitFor(() => expect(sendPreview).not.toBeNull());
    sendPreview!(progress(1, 3, 10));
    await vi.waitFor(() => expect(screen.getByTestId("import-progress-text")).toHaveTextContent("3 / 10"));
    expect(bar).toHaveAttribute("value", "3");
    expect(bar).toHaveAttribute("max", "10");
    expect(screen.getByTestId("import-cancel")).toBeInTheDocument();
    expect(screen.getByTestId("import-file")).toBeDisabled();

    previewing.resolve(clean);
    const sample = await screen.findByTestId("import-sample");
    expect(screen.queryByTestId("import-progress")).not.toBeInTheDocument();
    expect(within(sample).getAllByRole("row")).toHaveLength(3); // header + 2
    expect(sample).toHaveTextContent("HW08-20240301-001");
    expect(sample).toHaveTextContent("自动生成"); // a row without a batch code gets one on import
    expect(screen.getByTestId("import-summary")).toHaveTextContent("共 2 行，合计 20.500 kg");
    expect(screen.queryByTestId("import-errors")).not.toBeInTheDocument();
    expect(screen.queryByTestId("import-blocked")).not.toBeInTheDocument();

    const commit = screen.getByTestId("import-commit");
    expect(commit).toHaveTextContent("导入 2 条");
    expect(commit).toBeEnabled();
    await user.click(commit);

    expect(await screen.findByTestId("import-done")).toHaveTextContent("已导入 2 条");
    expect(onImported).toHaveBeenCalledTimes(1);
    expect(onImported).toHaveBeenCalledWith(clean);
    const args = callsOf(calls, "import_commit")[0]?.args;
    expect(decodeURIComponent(header(args, "x-file-name"))).toBe("2024台账.csv");
    expect(args?.body).toEqual(Array.from(new TextEncoder().encode(CSV)));
    expect(screen.queryByTestId("import-commit")).not.toBeInTheDocument();
  });

  it("cancels a running check through the job registry (cancel_job with its id) and says nothing was written", async () => {
    const previewing = deferred<ImportPreview>();
    const calls = mockBackend({
      import_preview: (args) => {
        // The first report names the job, as AppState::run_job sends it.
        channelSender<JobProgress>(header(args, "x-progress-channel"))(progress(7, 0, 0));
        return previewing.promise;
      },
      cancel_job: () => {
        previewing.reject({ kind: "Cancelled", message: "import cancelled; nothing was written", field: null });
        return true;
      },
    });
    const user = userEvent.setup();
    renderDialog();
    await user.upload(screen.getByTestId("import-file"), csvFile());
    await vi.waitFor(() => expect(callsOf(calls, "import_preview")).toHaveLength(1));
    await user.click(await screen.findByTestId("import-cancel"));

    expect(await screen.findByTestId("import-cancelled")).toHaveTextContent("已取消，未写入任何数据");
    expect(callsOf(calls, "cancel_job")).toHaveLength(1);
    expect(callsOf(calls, "cancel_job")[0]?.args).toEqual({ id: 7 });
    expect(screen.queryByTestId("import-progress")).not.toBeInTheDocument();
    expect(screen.queryByTestId("error-form")).not.toBeInTheDocument();
    expect(screen.queryByTestId("import-commit")).not.toBeInTheDocument();
    // A file can be chosen again.
    expect(screen.getByTestId("import-file")).toBeEnabled();
  });

  it("shows the core's refusal of the commit as a form error and does not report an import", async () => {
    mockBackend({
      import_preview: () => clean,
      import_commit: () => {
        throw { kind: "Invalid", message: "1 problem(s), nothing imported; first: row 3, 容器编码: empty", field: "file" };
      },
    });
    const user = userEvent.setup();
    const { onImported } = renderDialog();
    await user.upload(screen.getByTestId("import-file"), csvFile());
    await user.click(await screen.findByTestId("import-commit"));

    expect(await screen.findByTestId("error-form")).toHaveTextContent(
      "输入无效：1 problem(s), nothing imported; first: row 3, 容器编码: empty",
    );
    expect(onImported).not.toHaveBeenCalled();
    expect(screen.queryByTestId("import-done")).not.toBeInTheDocument();
  });
});

describe("WasteScreen import", () => {
  const backend = (rows: () => ReturnType<typeof entry>[]) =>
    mockBackend({
      list_streams: () => streams,
      list_hw_codes: () => codes,
      plant_category: () => category(),
      list_generation: () => page(rows(), rows().length),
      import_preview: () => clean,
      import_commit: () => clean,
    });

  it("opens the dialog from the ledger's export bar and reloads the ledger after an import", async () => {
    let rows = [entry(1)];
    const calls = backend(() => rows);
    const user = userEvent.setup();
    render(<WasteScreen plant={plant} session={officer} />);
    expect(await screen.findAllByTestId("ledger-row")).toHaveLength(1);

    await user.click(screen.getByTestId("import-open"));
    expect(screen.getByTestId("import-dialog")).toBeInTheDocument();
    await user.upload(screen.getByTestId("import-file"), csvFile());
    rows = [entry(2), entry(3), ...rows];
    await user.click(await screen.findByTestId("import-commit"));
    await screen.findByTestId("import-done");
    await vi.waitFor(() => expect(screen.getAllByTestId("ledger-row")).toHaveLength(3));
    expect(callsOf(calls, "list_generation").length).toBeGreaterThanOrEqual(2);
  });

  it("offers the import only to roles that may record entries", async () => {
    backend(() => []);
    const inspector: Session = { ...officer, role: "inspector" };
    render(<WasteScreen plant={plant} session={inspector} />);
    await screen.findByTestId("export-xlsx");
    expect(screen.queryByTestId("import-open")).not.toBeInTheDocument();
  });
});
