import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { GenerationForm } from "./GenerationForm";
import { WasteScreen } from "./WasteScreen";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import { codes, entry, officer, page, plant, streams } from "../../test/fixtures";
import { category } from "../../test/settings";

const renderForm = (onRecorded = vi.fn()) =>
  render(<GenerationForm plant={plant} streams={streams} codes={codes} onRecorded={onRecorded} onStreamAdded={() => {}} />);

describe("GenerationForm", () => {
  it("sends a code-based entry with the typed decimal text and null time when untouched", async () => {
    const calls = mockBackend({ record_generation: () => entry(7) });
    const onRecorded = vi.fn();
    const user = userEvent.setup();
    renderForm(onRecorded);

    await user.type(screen.getByTestId("gen-code"), "废矿物油");
    await user.keyboard("{ArrowDown}{Enter}"); // pick the highlighted option
    expect(screen.getByTestId("gen-code")).toHaveValue("900-249-08");
    await user.type(screen.getByTestId("gen-quantity"), "1.250");
    await user.type(screen.getByTestId("gen-container"), "C-007");
    await user.type(screen.getByTestId("gen-area"), "危废库 A{Enter}");

    await vi.waitFor(() => expect(callsOf(calls, "record_generation")).toHaveLength(1));
    expect(callsOf(calls, "record_generation")[0]?.args).toEqual({
      input: {
        stream_id: null,
        code: "900-249-08",
        quantity: "1.250",
        unit: "kg",
        container_id: "C-007",
        storage_area: "危废库 A",
        generated_at_local: null,
        details: { generation_point: null, container_type: null, container_count: 1, handler: null, handler_dept: null },
      },
    });
    expect(await screen.findByTestId("gen-success")).toHaveTextContent("SZ01-20261124-0007");
    expect(screen.getByTestId("gen-quantity")).toHaveValue("");
    expect(screen.getByTestId("gen-container")).toHaveValue("");
    expect(screen.getByTestId("gen-area")).toHaveValue("危废库 A");
    expect(onRecorded).toHaveBeenCalledTimes(1);
  });

  // Also guards issue 9 item 4: the Appendix B fields (generation point from the registry,
  // container type and count, the handler and department) reach the core.
  it("sends stream_id (not code), the unit, an edited time and the Appendix B fields", async () => {
    const calls = mockBackend({
      record_generation: () => entry(8),
      list_generation_points: () => [{ id: "gp-1", code: "CS-PT01", name: "喷涂线", department: "涂装车间" }],
    });
    const user = userEvent.setup();
    renderForm();

    await user.selectOptions(screen.getByTestId("gen-stream"), "s-rag");
    expect(screen.getByTestId("gen-code")).toBeDisabled();
    expect(screen.getByTestId("gen-code")).toHaveValue("900-041-49");
    await user.type(screen.getByTestId("gen-quantity"), "0.000125");
    await user.selectOptions(screen.getByTestId("gen-unit"), "t");
    await user.type(screen.getByTestId("gen-container"), "B-1");
    await user.type(screen.getByTestId("gen-area"), "A");
    await user.selectOptions(await screen.findByTestId("gen-point"), "CS-PT01");
    await user.selectOptions(screen.getByTestId("gen-container-type"), "drum");
    await user.clear(screen.getByTestId("gen-container-count"));
    await user.type(screen.getByTestId("gen-container-count"), "2");
    await user.type(screen.getByTestId("gen-handler"), "吴芳");
    await user.type(screen.getByTestId("gen-handler-dept"), "涂装车间");
    const at = screen.getByTestId("gen-at");
    await user.clear(at);
    await user.type(at, "2026-11-20T14:30");
    await user.click(screen.getByTestId("gen-submit"));

    await vi.waitFor(() => expect(callsOf(calls, "record_generation")).toHaveLength(1));
    expect(callsOf(calls, "record_generation")[0]?.args).toEqual({
      input: {
        stream_id: "s-rag",
        code: null,
        quantity: "0.000125",
        unit: "t",
        container_id: "B-1",
        storage_area: "A",
        generated_at_local: "2026-11-20T14:30",
        details: { generation_point: "CS-PT01", container_type: "drum", container_count: 2, handler: "吴芳", handler_dept: "涂装车间" },
      },
    });
  });

  it("shows an Invalid quantity error from the core under the quantity input", async () => {
    mockBackend({
      record_generation: () => {
        throw { kind: "Invalid", message: "quantity 99999999 kg exceeds the plausible maximum", field: "quantity" };
      },
    });
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByTestId("gen-code"), "900-249-08");
    await user.type(screen.getByTestId("gen-quantity"), "99999999");
    await user.type(screen.getByTestId("gen-container"), "C-1");
    await user.type(screen.getByTestId("gen-area"), "A");
    await user.click(screen.getByTestId("gen-submit"));

    const err = await screen.findByTestId("error-quantity");
    expect(err).toHaveTextContent("数量无效");
    expect(err).toHaveAttribute("title", "quantity 99999999 kg exceeds the plausible maximum");
    const input = screen.getByTestId("gen-quantity");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input.getAttribute("aria-describedby")).toContain(err.id);
    // The error sits in the quantity field's own wrapper, not somewhere else on the form.
    expect(within(input.closest(".field") as HTMLElement).getByTestId("error-quantity")).toBe(err);
    expect(screen.queryByTestId("error-form")).not.toBeInTheDocument();
    expect(screen.queryByTestId("gen-success")).not.toBeInTheDocument();
    expect(input).toHaveValue("99999999"); // kept so the user can fix it
  });

  it("falls back to the core message for an unknown field+kind and puts field-less errors at the top", async () => {
    let error: unknown = { kind: "Conflict", message: "container C-1 is sealed", field: "container_id" };
    mockBackend({
      record_generation: () => {
        throw error;
      },
    });
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByTestId("gen-code"), "900-249-08");
    await user.type(screen.getByTestId("gen-quantity"), "5");
    await user.type(screen.getByTestId("gen-container"), "C-1");
    await user.click(screen.getByTestId("gen-submit"));
    expect(await screen.findByTestId("error-container_id")).toHaveTextContent("container C-1 is sealed");

    error = { kind: "Forbidden", message: "role inspector may not record", field: null };
    await user.click(screen.getByTestId("gen-submit"));
    expect(await screen.findByTestId("error-form")).toHaveTextContent("无权执行此操作：role inspector may not record");
    expect(screen.queryByTestId("error-container_id")).not.toBeInTheDocument();
  });

  it("pre-checks the quantity and the code without calling the core", async () => {
    const calls = mockBackend({ record_generation: () => entry(1) });
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByTestId("gen-quantity"), "1.2345");
    await user.click(screen.getByTestId("gen-submit"));
    expect(screen.getByTestId("error-quantity")).toHaveTextContent("最多保留 3 位小数");
    expect(screen.getByTestId("error-code")).toBeInTheDocument();
    expect(callsOf(calls, "record_generation")).toHaveLength(0);

    await user.selectOptions(screen.getByTestId("gen-unit"), "t");
    await user.type(screen.getByTestId("gen-code"), "900-249-08");
    await user.click(screen.getByTestId("gen-submit"));
    expect(screen.queryByTestId("error-quantity")).not.toBeInTheDocument();
    await vi.waitFor(() => expect(callsOf(calls, "record_generation")).toHaveLength(1));
  });
});

describe("WasteScreen", () => {
  it("reloads the ledger after a successful entry", async () => {
    let rows = [entry(1)];
    const calls = mockBackend({
      list_streams: () => streams,
      list_hw_codes: () => codes,
      plant_category: () => category(),
      list_generation: () => page(rows, rows.length),
      record_generation: () => {
        rows = [entry(2), ...rows];
        return entry(2);
      },
    });
    const user = userEvent.setup();
    render(<WasteScreen plant={plant} session={officer} />);
    expect(await screen.findAllByTestId("ledger-row")).toHaveLength(1);
    await user.selectOptions(screen.getByTestId("gen-stream"), "s-oil");
    await user.type(screen.getByTestId("gen-quantity"), "3");
    await user.type(screen.getByTestId("gen-container"), "C-2");
    await user.type(screen.getByTestId("gen-area"), "A{Enter}");
    await vi.waitFor(() => expect(screen.getAllByTestId("ledger-row")).toHaveLength(2));
    expect(callsOf(calls, "list_generation").length).toBeGreaterThanOrEqual(2);
  });

  it("adds a stream through the dialog and selects it", async () => {
    let current = [...streams];
    const added = { id: "s-new", name: "废活性炭", code: "900-041-49", category: "HW49", physical_form: "solid" as const };
    const calls = mockBackend({
      list_streams: () => current,
      list_hw_codes: () => codes,
      plant_category: () => category(),
      list_generation: () => page([], 0),
      add_stream: () => {
        current = [...current, added];
        return added;
      },
    });
    const user = userEvent.setup();
    render(<WasteScreen plant={plant} session={officer} />);
    await user.click(await screen.findByRole("button", { name: "新增废物流…" }));
    await user.type(screen.getByTestId("stream-name"), "废活性炭");
    await user.type(screen.getByTestId("stream-code"), "900-041-49");
    await user.click(screen.getByTestId("stream-submit"));
    await vi.waitFor(() => expect(screen.getByTestId("gen-stream")).toHaveValue("s-new"));
    expect(screen.queryByTestId("stream-dialog")).not.toBeInTheDocument();
    expect(callsOf(calls, "add_stream")[0]?.args).toEqual({
      input: { name: "废活性炭", code: "900-041-49", physical_form: "solid" },
    });
  });
});
