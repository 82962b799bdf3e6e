import { describe, expect, it, vi } from "vitest";
import type { ShipProblem } from "../../ipc/api";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ShipmentWizard } from "./ShipmentWizard";
import { ShipmentsTab } from "./ShipmentsTab";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { ShipInput } from "../../ipc/api";
import { parties, preview, shipment, stock } from "../../test/shipping";

const problem: ShipProblem = {
  kind: "expired",
  field: "receiver",
  party: "receiver",
  code: null,
  message: "licence JS3205000123 of 苏州环保处置有限公司 ended on 2025-02-28",
  overridable: true,
};

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    storage_overview: () => stock,
    list_counterparties: () => parties,
    list_shipments: () => [],
    list_alerts: () => [],
    preview_shipment: () => preview(),
    ship: () => shipment(),
    export_manifest_pdf: () => "/home/wang/Documents/EHS/联单-20250303000123.pdf",
    ...extra,
  });
}

/** Steps 1 and 2: tick OLD-1 and NEW-2, fill the manifest, then ask for the preview. */
async function fillToReview(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId("ship-container-OLD-1"));
  await user.click(screen.getByTestId("ship-container-NEW-2"));
  await user.click(screen.getByTestId("ship-next"));
  await user.type(screen.getByTestId("ship-manifest-no"), "20250303000123");
  await user.selectOptions(screen.getByTestId("ship-receiver"), "r-1");
  await user.type(screen.getByTestId("ship-method"), "R9");
  await user.click(screen.getByTestId("ship-own-transport"));
  await user.type(screen.getByTestId("ship-plate"), "苏E00001");
  await user.click(screen.getByTestId("ship-next"));
}

describe("ShipmentWizard", () => {
  it("previews, ships the picked containers with the manifest fields, then prints the manifest", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<ShipmentsTab timezone="Asia/Shanghai" canWrite isAdmin={false} />);
    await user.click(await screen.findByTestId("ship-open"));

    // Containers are grouped by facility, with their status colour.
    const pick = await screen.findByTestId("ship-pick");
    expect(within(pick).getAllByRole("group")).toHaveLength(2);
    expect(within(pick).getAllByRole("group")[0]).toHaveTextContent("TS001");
    // Nothing picked: the form says so and does not ask the core.
    await user.click(screen.getByTestId("ship-next"));
    expect(screen.getByTestId("error-containers")).toHaveTextContent("请至少选择一个容器");

    await user.click(screen.getByTestId("ship-container-OLD-1"));
    await user.click(screen.getByTestId("ship-container-NEW-2"));
    await user.click(screen.getByTestId("ship-next"));
    // The receiver select lists receivers only, with their licence status.
    const receiver = screen.getByTestId("ship-receiver");
    expect(within(receiver).getAllByRole("option").map((o) => o.textContent)).toEqual([
      "— 请选择 —",
      "苏州环保处置有限公司（有效）",
      "无锡再生资源公司（即将到期）",
      "过期处置厂（已过期）",
    ]);
    await user.click(screen.getByTestId("ship-next"));
    expect(screen.getByTestId("error-receiver")).toHaveTextContent("请选择接收单位");
    expect(screen.getByTestId("error-manifest_no")).toBeInTheDocument();
    expect(callsOf(calls, "preview_shipment")).toHaveLength(0);

    await user.type(screen.getByTestId("ship-manifest-no"), "20250303000123");
    await user.selectOptions(receiver, "r-1");
    await user.selectOptions(screen.getByTestId("ship-transporter"), "t-1");
    await user.type(screen.getByTestId("ship-plate"), "苏E12345");
    await user.selectOptions(screen.getByTestId("ship-purpose"), "disposal");
    await user.type(screen.getByTestId("ship-method"), " D10 ");
    await user.selectOptions(screen.getByTestId("ship-weight-source"), "estimated");
    await user.clear(screen.getByTestId("ship-at"));
    await user.type(screen.getByTestId("ship-at"), "2025-03-03T10:00");
    // Issue 9 item 4: the B.3 handlers of the take-outs travel with the shipment.
    await user.type(screen.getByTestId("ship-handler"), "王立");
    await user.type(screen.getByTestId("ship-transport_handler"), "张师傅");
    await user.click(screen.getByTestId("ship-next"));

    expect(await screen.findByTestId("ship-review")).toBeInTheDocument();
    const expected: ShipInput = {
      manifest_no: "20250303000123",
      receiver: "r-1",
      transporter: "t-1",
      own_transport: false,
      vehicle_plate: "苏E12345",
      transfer_type: null,
      approval_no: null,
      purpose: "disposal",
      method: "D10",
      containers: ["OLD-1", "NEW-2"],
      weight_source: "estimated",
      shipped_at_local: "2025-03-03T10:00",
      override_reason: null,
      handlers: { handler: "王立", handler_dept: null, transport_handler: "张师傅", transport_dept: null },
    };
    expect(callsOf(calls, "preview_shipment")[0]?.args).toEqual({ input: expected });
    expect(screen.getAllByTestId("ship-review-line")).toHaveLength(2);
    expect(screen.getByTestId("ship-review-total")).toHaveTextContent("720.000 kg");
    expect(screen.getByTestId("ship-review-due")).toHaveTextContent("2025-03-10");
    expect(callsOf(calls, "ship")).toHaveLength(0); // the preview writes nothing

    await user.click(screen.getByTestId("ship-submit"));
    const result = await screen.findByTestId("ship-result");
    expect(callsOf(calls, "ship")[0]?.args).toEqual({ input: expected });
    expect(result).toHaveTextContent("20250303000123");
    expect(result).toHaveTextContent("2 个容器，合计 720.000 kg");
    // The list behind the wizard is reloaded.
    await vi.waitFor(() => expect(callsOf(calls, "list_shipments")).toHaveLength(2));
    expect(callsOf(calls, "list_shipments")[0]?.args).toEqual({ includeVoided: false });

    await user.click(screen.getByTestId("ship-print"));
    await vi.waitFor(() =>
      expect(screen.getByTestId("ship-result")).toHaveTextContent("已保存到 /home/wang/Documents/EHS/联单-20250303000123.pdf"),
    );
    expect(callsOf(calls, "export_manifest_pdf")[0]?.args).toEqual({ shipment: "sh-1" });
  });

  it("asks for a transporter or declared own transport and a vehicle before the preview", async () => {
    const calls = backend();
    const user = userEvent.setup();
    render(<ShipmentWizard timezone="Asia/Shanghai" isAdmin onClose={() => {}} onShipped={() => {}} />);
    await user.click(await screen.findByTestId("ship-container-OLD-1"));
    await user.click(screen.getByTestId("ship-next"));
    await user.type(screen.getByTestId("ship-manifest-no"), "20250303000123");
    await user.selectOptions(screen.getByTestId("ship-receiver"), "r-1");
    await user.type(screen.getByTestId("ship-method"), "R9");
    await user.click(screen.getByTestId("ship-next"));
    expect(await screen.findByTestId("error-transporter")).toHaveTextContent("请选择承运人，或勾选本厂自运");
    expect(screen.getByTestId("error-vehicle_plate")).toBeInTheDocument();
    expect(callsOf(calls, "preview_shipment")).toHaveLength(0);

    await user.click(screen.getByTestId("ship-own-transport"));
    expect(screen.getByTestId("ship-transporter")).toBeDisabled();
    await user.type(screen.getByTestId("ship-plate"), "粤B00001");
    await user.type(screen.getByTestId("ship-approval"), "粤环审〔2025〕12号");
    await user.click(screen.getByTestId("ship-next"));
    await screen.findByTestId("ship-review");
    const sent = callsOf(calls, "preview_shipment")[0]?.args.input as ShipInput;
    expect([sent.own_transport, sent.transporter, sent.vehicle_plate, sent.transfer_type, sent.approval_no]).toEqual([
      true,
      null,
      "粤B00001",
      null,
      "粤环审〔2025〕12号",
    ]);
  });

  it("a refusal no override can pass (no approval) disables shipping, even for an admin", async () => {
    const refusal: ShipProblem = {
      kind: "no_approval",
      field: "approval_no",
      party: null,
      code: null,
      message: "cross-province transfer without an approval in force",
      overridable: false,
    };
    const calls = backend({
      preview_shipment: () => preview({ problems: [refusal], transfer_type: "cross_province" }),
    });
    const user = userEvent.setup();
    render(<ShipmentWizard timezone="Asia/Shanghai" isAdmin onClose={() => {}} onShipped={() => {}} />);
    await fillToReview(user);

    expect(await screen.findByTestId("ship-problem")).toHaveTextContent("跨省转移无有效批复");
    expect(screen.getByTestId("ship-review-transfer-type")).toHaveTextContent("跨省转移");
    expect(screen.getByTestId("ship-refused")).toBeInTheDocument();
    expect(screen.queryByTestId("ship-override")).not.toBeInTheDocument();
    expect(screen.getByTestId("ship-submit")).toBeDisabled();
    expect(callsOf(calls, "ship")).toHaveLength(0);
  });

  it("shows licence problems; a non-admin cannot ship, with the reason explained", async () => {
    const calls = backend({ preview_shipment: () => preview({ problems: [problem], warnings: ["manifest number is in the legacy 16-digit form"] }) });
    const user = userEvent.setup();
    render(<ShipmentWizard timezone="Asia/Shanghai" isAdmin={false} onClose={() => {}} onShipped={() => {}} />);
    await fillToReview(user);

    expect(await screen.findByTestId("ship-problem")).toHaveClass("alert--critical");
    expect(screen.getByTestId("ship-problem")).toHaveTextContent("许可证已过期");
    expect(screen.getByTestId("ship-warning")).toHaveClass("alert--warning");
    expect(screen.getByTestId("ship-admin-only")).toHaveTextContent("只有管理员");
    expect(screen.queryByTestId("ship-override")).not.toBeInTheDocument();
    expect(screen.getByTestId("ship-submit")).toBeDisabled();
    await user.click(screen.getByTestId("ship-submit"));
    expect(callsOf(calls, "ship")).toHaveLength(0);
  });

  it("lets an admin override problems only with a written reason of 10+ characters", async () => {
    const calls = backend({ preview_shipment: () => preview({ problems: [problem] }) });
    const onShipped = vi.fn();
    const user = userEvent.setup();
    render(<ShipmentWizard timezone="Asia/Shanghai" isAdmin onClose={() => {}} onShipped={onShipped} />);
    await fillToReview(user);

    await user.type(await screen.findByTestId("ship-override"), "续期中");
    await user.click(screen.getByTestId("ship-submit"));
    expect(screen.getByTestId("error-override_reason")).toHaveTextContent("至少 10 个字");
    expect(callsOf(calls, "ship")).toHaveLength(0);

    await user.type(screen.getByTestId("ship-override"), "，续期证书已于 2025-02-20 核发，纸质件见附件");
    await user.click(screen.getByTestId("ship-submit"));
    await screen.findByTestId("ship-result");
    const sent = callsOf(calls, "ship")[0]?.args.input as ShipInput;
    expect(sent.override_reason).toBe("续期中，续期证书已于 2025-02-20 核发，纸质件见附件");
    expect(onShipped).toHaveBeenCalledTimes(1);
  });

  it("returns to the manifest step with the core's refusal under the manifest number", async () => {
    backend({
      ship: () => {
        throw { kind: "Invalid", message: "manifest 20250303000123 was already used for the shipment of 2025-03-01", field: "manifest_no" };
      },
    });
    const user = userEvent.setup();
    render(<ShipmentWizard timezone="Asia/Shanghai" isAdmin={false} onClose={() => {}} onShipped={() => {}} />);
    await fillToReview(user);
    await user.click(await screen.findByTestId("ship-submit"));

    expect(await screen.findByTestId("error-manifest_no")).toHaveTextContent("already used");
    expect(screen.getByTestId("ship-manifest-no")).toHaveAttribute("aria-invalid", "true");
    expect(screen.queryByTestId("ship-review")).not.toBeInTheDocument();
  });
});
