import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ReceiversTab } from "./ReceiversTab";
import { callsOf, mockBackend } from "../../ipc/mockBackend";
import type { NewCounterparty, NewLicence } from "../../ipc/api";
import { parties, party } from "../../test/shipping";

describe("ReceiversTab", () => {
  it("shows each unit's licence, days left coloured by status, and shipped tonnes against capacity", async () => {
    mockBackend({ list_counterparties: () => parties });
    render(<ReceiversTab canWrite />);
    const rows = await screen.findAllByTestId("party-row");
    expect(rows).toHaveLength(4);
    const days = (i: number) => within(rows[i]!).getByTestId("party-days");
    expect(days(0)).toHaveClass("badge--ok");
    expect(days(0)).toHaveTextContent("剩余 1135 天");
    expect(days(1)).toHaveClass("badge--warning");
    expect(days(1)).toHaveTextContent("剩余 20 天");
    expect(days(2)).toHaveClass("badge--critical");
    expect(days(2)).toHaveTextContent("已过期 5 天");
    expect(days(3)).toHaveClass("badge--none");
    expect(days(3)).toHaveTextContent("无");
    expect(rows[0]).toHaveTextContent("JS3205000123");
    expect(rows[0]).toHaveTextContent("综合经营");
    expect(rows[0]).toHaveTextContent("HW08, HW49");
    expect(within(rows[0]!).getByTestId("party-shipped")).toHaveTextContent("12.346 / 5000 t");
    expect(within(rows[2]!).getByTestId("party-shipped")).toHaveTextContent("1.500 t");
    expect(within(rows[3]!).getByTestId("party-shipped")).toHaveTextContent("—");
    expect(rows[3]).toHaveTextContent("运输单位");
  });

  it("adds a licence with categories, codes and methods as arrays, and places the core's field error", async () => {
    let refuse = true;
    const calls = mockBackend({
      list_counterparties: () => parties,
      add_licence: () => {
        if (refuse) {
          refuse = false;
          throw { kind: "Invalid", message: "'HW99' is not an HW category (HW01–HW40, HW45–HW50)", field: "categories" };
        }
        return party();
      },
    });
    const user = userEvent.setup();
    render(<ReceiversTab canWrite />);
    const rows = await screen.findAllByTestId("party-row");
    await user.click(within(rows[1]!).getByTestId("licence-open"));

    // Pre-checks first.
    await user.click(screen.getByTestId("licence-submit"));
    expect(screen.getByTestId("error-licence_no")).toHaveTextContent("必填");
    expect(callsOf(calls, "add_licence")).toHaveLength(0);

    await user.type(screen.getByTestId("licence-licence-no"), "JS3202000888");
    await user.selectOptions(screen.getByTestId("licence-licence-type"), "collection");
    await user.type(screen.getByTestId("licence-valid-from"), "2025-03-24");
    await user.type(screen.getByTestId("licence-valid-to"), "2030-03-23");
    await user.type(screen.getByTestId("licence-categories"), "hw08, HW12，HW99");
    await user.type(screen.getByTestId("licence-codes"), "900-249-08");
    await user.type(screen.getByTestId("licence-methods"), "r9 D10");
    await user.type(screen.getByTestId("licence-annual-capacity-t"), "3000");
    await user.click(screen.getByTestId("licence-submit"));

    expect(await screen.findByTestId("error-categories")).toHaveTextContent("HW99");
    const sent: NewLicence = {
      counterparty: "r-2",
      licence_no: "JS3202000888",
      licence_type: "collection",
      valid_from: "2025-03-24",
      valid_to: "2030-03-23",
      categories: ["HW08", "HW12", "HW99"],
      codes: ["900-249-08"],
      methods: ["R9", "D10"],
      annual_capacity_t: "3000",
    };
    expect(callsOf(calls, "add_licence")[0]?.args).toEqual({ input: sent });

    await user.click(screen.getByTestId("licence-submit"));
    await vi.waitFor(() => expect(screen.queryByTestId("licence-dialog")).not.toBeInTheDocument());
    expect(callsOf(calls, "list_counterparties")).toHaveLength(2);
  });

  it("adds a transporter with its first licence; a refused licence is retried without re-adding the unit", async () => {
    let refuse = true;
    const calls = mockBackend({
      list_counterparties: () => parties,
      add_counterparty: () => party({ id: "t-9", kind: "transporter", name: "顺达运输" }),
      add_licence: () => {
        if (refuse) {
          refuse = false;
          throw { kind: "Invalid", message: "the licence ends (2024-01-01) before it starts (2025-01-01)", field: "valid_to" };
        }
        return party({ id: "t-9", kind: "transporter", name: "顺达运输" });
      },
    });
    const user = userEvent.setup();
    render(<ReceiversTab canWrite />);
    await user.click(await screen.findByTestId("party-add-open"));
    await user.selectOptions(screen.getByTestId("party-kind"), "transporter");
    await user.type(screen.getByTestId("party-name"), " 顺达运输 ");
    await user.type(screen.getByTestId("party-phone"), "0512-888");
    await user.click(screen.getByTestId("party-with-licence"));
    // A transporter's licence defaults to road transport.
    expect(screen.getByTestId("licence-licence-type")).toHaveValue("transport");
    await user.type(screen.getByTestId("licence-licence-no"), "苏交运 320500001");
    await user.type(screen.getByTestId("licence-valid-from"), "2025-01-01");
    await user.type(screen.getByTestId("licence-valid-to"), "2029-12-31");
    await user.click(screen.getByTestId("party-submit"));

    expect(await screen.findByTestId("error-valid_to")).toHaveTextContent("before it starts");
    const unit: NewCounterparty = {
      kind: "transporter",
      name: "顺达运输",
      uscc: null,
      address: "",
      region_code: null,
      contact: "",
      phone: "0512-888",
    };
    expect(callsOf(calls, "add_counterparty")[0]?.args).toEqual({ input: unit });
    expect((callsOf(calls, "add_licence")[0]?.args.input as NewLicence).counterparty).toBe("t-9");
    expect(screen.getByTestId("party-saved")).toHaveTextContent("顺达运输");

    await user.click(screen.getByTestId("party-submit"));
    await vi.waitFor(() => expect(screen.queryByTestId("party-dialog")).not.toBeInTheDocument());
    expect(callsOf(calls, "add_counterparty")).toHaveLength(1);
    expect(callsOf(calls, "add_licence")).toHaveLength(2);
  });
});
