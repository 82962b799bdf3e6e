import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ShipmentsTab } from "./ShipmentsTab";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { Alert, ConfirmInput } from "../../ipc/api";
import { alert } from "../../test/alerts";
import { line, shipment } from "../../test/shipping";

const alerts: Alert[] = [
  alert("critical", "manifest_overdue", "20250220000077", "manifest shipped 2025-02-20 to 无锡再生资源公司", {
    manifest_no: "20250220000077",
    receiver: "无锡再生资源公司",
    shipped_on: "2025-02-20",
  }, "2025-02-27"),
  alert("warning", "licence_expiring", "无锡再生资源公司", "licence JS3202000777 ends 2025-03-23 (20 days)", {
    party: "receiver",
    name: "无锡再生资源公司",
    licence_no: "JS3202000777",
    days_left: "20",
    days: "20",
  }, "2025-03-23"),
  // Not a shipping alert: the strip leaves it to the inventory and home screens.
  alert("warning", "age_warning", "OLD-1 @ PT01", "stored 348 days", { days: "348" }, "2025-03-20"),
];

const list = [
  shipment(),
  shipment({ id: "sh-2", manifest_no: "20250220000077", overdue: true, confirmation_due: "2025-02-27" }),
  shipment({
    id: "sh-3",
    manifest_no: "20250210000055",
    status: "discrepancy",
    lines: [line(1, { received_g: 650_000, received_kg: "650.000", within_tolerance: false })],
  }),
  shipment({ id: "sh-4", manifest_no: "20250201000011", status: "confirmed" }),
];

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    list_shipments: () => list,
    list_alerts: () => alerts,
    export_manifest_pdf: () => "/exports/联单-20250303000123.pdf",
    ...extra,
  });
}

describe("ShipmentsTab", () => {
  // Regression (E2E flake, CI run of c47492f): the alerts strip used to sit above the toolbar and
  // arrive after the first paint, moving "new shipment" from under a click already aimed at it.
  it("keeps the toolbar above the alerts, so the alerts arriving do not move the new-shipment button", async () => {
    backend();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite isAdmin={false} />);
    const strip = await screen.findByTestId("shipping-alerts");
    const button = screen.getByTestId("ship-open");
    expect(button.compareDocumentPosition(strip) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it("lists shipments with coloured status, the overdue badge, the alerts and each line's chain", async () => {
    backend();
    const user = userEvent.setup();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite isAdmin={false} />);

    const rows = await screen.findAllByTestId("shipment-row");
    expect(rows).toHaveLength(4);
    const status = (i: number) => within(rows[i]!).getByTestId("shipment-status");
    expect(status(0)).toHaveTextContent("运输中");
    expect(status(0)).toHaveClass("badge--warning");
    expect(status(2)).toHaveClass("badge--critical");
    expect(status(3)).toHaveClass("badge--ok");
    expect(within(rows[1]!).getByTestId("shipment-overdue")).toHaveTextContent("逾期未确认（2025-02-27）");
    expect(within(rows[0]!).queryByTestId("shipment-overdue")).not.toBeInTheDocument();
    expect(rows[0]).toHaveTextContent("720.000");
    // Only shipments in transit can be confirmed or voided.
    expect(within(rows[3]!).queryByTestId("shipment-confirm")).not.toBeInTheDocument();
    expect(within(rows[0]!).getByTestId("shipment-void")).toBeInTheDocument();

    const alertRows = screen.getAllByTestId("shipping-alert-row");
    expect(alertRows[0]).toHaveClass("alert--critical");
    expect(alertRows[0]).toHaveTextContent("确认期限 2025-02-27 已过");
    expect(alertRows[1]).toHaveClass("alert--warning");
    expect(alertRows[1]).toHaveTextContent("剩余 20 天");

    await user.click(within(rows[2]!).getByTestId("shipment-expand"));
    const detail = screen.getByTestId("shipment-detail");
    expect(within(detail).getByTestId("shipment-chain")).toHaveTextContent(
      "HWWWLY20250303001 ← HWCK20250303001 ← HWRK20240320001 ← HWCS20240320001",
    );
    expect(within(detail).getByText("650.000")).toHaveClass("tone--critical");
  });

  it("confirms receipt: per-line received weights, and the core's note refusal under the note", async () => {
    let refuse = true;
    const calls = backend({
      confirm_shipment: () => {
        if (refuse) {
          refuse = false;
          throw {
            kind: "Invalid",
            message: "received weights differ beyond the tolerance: note the reason the receiver gave",
            field: "note",
          };
        }
        return shipment({ status: "discrepancy" });
      },
    });
    const user = userEvent.setup();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite isAdmin={false} />);
    const rows = await screen.findAllByTestId("shipment-row");
    await user.click(within(rows[0]!).getByTestId("shipment-confirm"));

    // Prefilled with the shipped weights.
    expect(screen.getByTestId("confirm-line-C-1")).toHaveValue("700.000");
    expect(screen.getByTestId("confirm-line-C-2")).toHaveValue("20.000");
    await user.clear(screen.getByTestId("confirm-received-on"));
    await user.type(screen.getByTestId("confirm-received-on"), "2025-03-04");
    await user.clear(screen.getByTestId("confirm-confirmed-on"));
    await user.type(screen.getByTestId("confirm-confirmed-on"), "2025-03-05");
    await user.clear(screen.getByTestId("confirm-line-C-1"));
    await user.type(screen.getByTestId("confirm-line-C-1"), "650.5");
    await user.click(screen.getByTestId("confirm-submit"));

    expect(await screen.findByTestId("error-note")).toHaveTextContent("differ beyond the tolerance");
    expect(screen.getByTestId("confirm-note")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("error-form")).not.toBeInTheDocument();
    const sent: ConfirmInput = {
      shipment: "sh-1",
      received_on: "2025-03-04",
      confirmed_on: "2025-03-05",
      lines: [
        { container_id: "C-1", received: "650.5" },
        { container_id: "C-2", received: "20.000" },
      ],
      unit: "kg",
      as_shipped: false,
      rejected: false,
      rejected_lines: [],
      returned_at_local: null,
      method: "R9",
      note: null,
    };
    expect(callsOf(calls, "confirm_shipment")[0]?.args).toEqual({ input: sent });

    await user.type(screen.getByTestId("confirm-note"), "接收方地磅称重");
    await user.click(screen.getByTestId("confirm-submit"));
    await vi.waitFor(() => expect(screen.queryByTestId("confirm-dialog")).not.toBeInTheDocument());
    expect((callsOf(calls, "confirm_shipment")[1]?.args.input as ConfirmInput).note).toBe("接收方地磅称重");
    expect(callsOf(calls, "list_shipments")).toHaveLength(2);
  });

  it("pre-checks received weights and requires a note when rejected, without calling the core", async () => {
    const calls = backend({ confirm_shipment: () => shipment({ status: "rejected" }) });
    const user = userEvent.setup();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite isAdmin={false} />);
    await user.click((await screen.findAllByTestId("shipment-confirm"))[0]!);
    await user.clear(screen.getByTestId("confirm-line-C-2"));
    await user.type(screen.getByTestId("confirm-line-C-2"), "20,5");
    await user.click(screen.getByTestId("confirm-submit"));
    expect(screen.getByTestId("error-lines")).toHaveTextContent("C-2");

    await user.click(screen.getByTestId("confirm-rejected"));
    expect(screen.getByTestId("confirm-line-C-1")).toBeDisabled();
    await user.click(screen.getByTestId("confirm-submit"));
    expect(screen.getByTestId("error-note")).toHaveTextContent("请写明拒收原因");
    expect(callsOf(calls, "confirm_shipment")).toHaveLength(0);

    await user.type(screen.getByTestId("confirm-note"), "包装破损");
    await user.click(screen.getByTestId("confirm-submit"));
    await vi.waitFor(() => expect(callsOf(calls, "confirm_shipment")).toHaveLength(1));
    const sent = callsOf(calls, "confirm_shipment")[0]?.args.input as ConfirmInput;
    expect(sent.rejected).toBe(true);
    expect(sent.lines).toEqual([]);
  });

  // Guards issue 9 item 1 in the UI: one rejected container is sent as a rejected line (no
  // received weight), with the time it came back; the list then shows it back in stock.
  it("rejects a single container, asks when it came back, and shows the line back in stock", async () => {
    const back = shipment({
      status: "partly_rejected",
      accepted_total_g: 700_000,
      accepted_total_kg: "700.000",
      receipt: { received_on: "2025-03-04", confirmed_on: "2025-03-12", outcome: "discrepancy", method: "R9", note: "桶体破损" },
      confirmed_late: true,
      lines: [
        line(1, { received_g: 700_000, received_kg: "700.000", within_tolerance: true }),
        line(2, { container_id: "C-2", quantity_g: 20_000, quantity_kg: "20.000", received_g: 0, received_kg: "0.000", within_tolerance: false, rejected: true, return_batch: "HWRK20250305001" }),
      ],
    });
    let confirmed = false;
    const calls = backend({
      confirm_shipment: () => {
        confirmed = true;
        return back;
      },
      list_shipments: () => (confirmed ? [back] : [shipment()]),
    });
    const user = userEvent.setup();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite isAdmin={false} />);
    await user.click((await screen.findAllByTestId("shipment-confirm"))[0]!);
    expect(screen.queryByTestId("confirm-returned-at")).not.toBeInTheDocument();
    await user.click(screen.getByTestId("confirm-reject-C-2"));
    expect(screen.getByTestId("confirm-line-C-2")).toBeDisabled();
    expect(screen.getByTestId("confirm-line-C-1")).toBeEnabled();
    await user.type(screen.getByTestId("confirm-returned-at"), "2025-03-05T15:00");
    await user.type(screen.getByTestId("confirm-note"), "桶体破损");
    await user.click(screen.getByTestId("confirm-submit"));
    await vi.waitFor(() => expect(callsOf(calls, "confirm_shipment")).toHaveLength(1));
    const sent = callsOf(calls, "confirm_shipment")[0]?.args.input as ConfirmInput;
    expect(sent.rejected).toBe(false);
    expect(sent.rejected_lines).toEqual(["C-2"]);
    expect(sent.lines).toEqual([{ container_id: "C-1", received: "700.000" }]);
    expect(sent.returned_at_local).toBe("2025-03-05T15:00");

    const row = (await screen.findAllByTestId("shipment-row"))[0]!;
    await vi.waitFor(() => expect(within(row).getByTestId("shipment-status")).toHaveTextContent("部分拒收"));
    expect(within(row).getByTestId("shipment-confirmed-late")).toHaveTextContent("逾期确认（期限 2025-03-10）");
    await user.click(within(row).getByTestId("shipment-expand"));
    const detail = screen.getByTestId("shipment-detail");
    expect(within(detail).getByTestId("shipment-line-rejected")).toHaveTextContent("拒收，已退回入库 HWRK20250305001");
    expect(detail).toHaveTextContent("接收计入 700.000 kg");
  });

  it("voids with a reason and prints a manifest, showing where the PDF was saved", async () => {
    const calls = backend({ void_shipment: () => shipment({ status: "voided", void_reason: "联单号填错" }) });
    const user = userEvent.setup();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite isAdmin={false} />);
    const rows = await screen.findAllByTestId("shipment-row");

    await user.click(within(rows[0]!).getByTestId("shipment-print"));
    expect(await screen.findByTestId("shipments-result")).toHaveTextContent("已保存到 /exports/联单-20250303000123.pdf");
    expect(callsOf(calls, "export_manifest_pdf")[0]?.args).toEqual({ shipment: "sh-1" });

    await user.click(within(rows[0]!).getByTestId("shipment-void"));
    await user.click(screen.getByTestId("void-shipment-submit"));
    expect(screen.getByTestId("error-reason")).toHaveTextContent("请填写作废原因");
    await user.type(screen.getByTestId("void-shipment-reason"), "联单号填错");
    await user.click(screen.getByTestId("void-shipment-submit"));
    await vi.waitFor(() => expect(screen.queryByTestId("void-shipment-dialog")).not.toBeInTheDocument());
    expect(callsOf(calls, "void_shipment")[0]?.args).toEqual({ shipment: "sh-1", reason: "联单号填错" });
  });

  it("asks for voided shipments when ticked, and hides write actions from read-only roles", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite={false} isAdmin={false} />);
    await screen.findAllByTestId("shipment-row");
    expect(screen.queryByTestId("ship-open")).not.toBeInTheDocument();
    expect(screen.queryByTestId("shipment-confirm")).not.toBeInTheDocument();
    expect(screen.getAllByTestId("shipment-print")).toHaveLength(4);
    await user.click(screen.getByTestId("shipments-voided"));
    await vi.waitFor(() => expect(callsOf(calls, "list_shipments").at(-1)?.args).toEqual({ includeVoided: true }));
  });
});
