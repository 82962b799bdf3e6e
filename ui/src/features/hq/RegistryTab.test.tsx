import { describe, expect, it } from "vitest";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { RegistryTab } from "./RegistryTab";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { PEM } from "../../test/hq";

describe("RegistryTab", () => {
  it("lists the registered plants with segment, legal entity, boundary and key", async () => {
    mockHq();
    render(<RegistryTab />);
    const rows = await screen.findAllByTestId("hq-plant-row");
    expect(rows).toHaveLength(3);
    const nj = rows.find((r) => r.textContent?.includes("NJ03"))!;
    expect(nj).toHaveTextContent("南京三厂");
    expect(nj).toHaveTextContent("南京华东电子有限公司");
    expect(nj).toHaveTextContent("2026-03-01 起，至 —");
    expect(nj).toHaveTextContent("9988 7766 aabb ccdd");
    await waitFor(() => expect(nj).toHaveTextContent("ELEC · 电子制造"));
  });

  it("registers a plant: submits the PlantInput with the key read from the chosen file", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<RegistryTab />);
    const form = screen.getByTestId("hq-add-plant");
    await user.type(within(form).getByTestId("hq-plant-code"), " HZ04 ");
    await user.type(within(form).getByTestId("hq-plant-name"), "杭州四厂");
    await within(form).findByRole("option", { name: "CHEM · 化工材料" });
    await user.selectOptions(within(form).getByTestId("hq-plant-segment"), "CHEM");
    await user.type(within(form).getByTestId("hq-plant-legal"), "杭州华东化工有限公司");
    await user.type(within(form).getByTestId("hq-plant-email"), "ehs@hz04.example.com");
    await user.type(within(form).getByTestId("hq-plant-from"), "2026-04-01");
    await user.upload(within(form).getByTestId("hq-plant-pem-file"), new File([PEM], "HZ04.pem", { type: "text/plain" }));
    await waitFor(() => expect(within(form).getByTestId("hq-plant-pem")).toHaveValue(PEM));
    await user.click(within(form).getByTestId("hq-plant-add"));
    expect(await screen.findByTestId("hq-registry-done")).toHaveTextContent("已登记 HZ04 杭州四厂");
    expect(callsOf(calls, "hq_add_plant")[0]!.args).toEqual({
      input: {
        code: "HZ04",
        name: "杭州四厂",
        segment_code: "CHEM",
        legal_entity: "杭州华东化工有限公司",
        timezone: "Asia/Shanghai",
        email: "ehs@hz04.example.com",
        in_boundary_from: "2026-04-01",
        public_key_pem: PEM,
        key_valid_from: null,
      },
    });
    await waitFor(() => expect(screen.getAllByTestId("hq-plant-row")).toHaveLength(4));
    expect(within(form).getByTestId("hq-plant-code")).toHaveValue("");
  });

  it("places the core's refusal of the key under the key, and checks required fields first", async () => {
    const calls = mockHq({
      hq_add_plant: () => {
        throw { kind: "Invalid", message: "the plant's public key: not a PEM public key", field: "public_key_pem" };
      },
    });
    const user = userEvent.setup();
    render(<RegistryTab />);
    const form = screen.getByTestId("hq-add-plant");
    await user.click(within(form).getByTestId("hq-plant-add"));
    expect(within(form).getByTestId("error-code")).toHaveTextContent("必填");
    expect(within(form).getByTestId("error-public_key_pem")).toHaveTextContent("必填");
    expect(callsOf(calls, "hq_add_plant")).toHaveLength(0);
    await user.type(within(form).getByTestId("hq-plant-code"), "HZ04");
    await user.type(within(form).getByTestId("hq-plant-name"), "杭州四厂");
    await within(form).findByRole("option", { name: "ELEC · 电子制造" });
    await user.selectOptions(within(form).getByTestId("hq-plant-segment"), "ELEC");
    await user.type(within(form).getByTestId("hq-plant-from"), "2026-04-01");
    await user.type(within(form).getByTestId("hq-plant-pem"), "not a key");
    await user.click(within(form).getByTestId("hq-plant-add"));
    expect(await within(form).findByTestId("error-public_key_pem")).toHaveTextContent("公钥无效");
    expect(within(form).getByTestId("error-public_key_pem")).toHaveAttribute("title", "the plant's public key: not a PEM public key");
  });

  it("changes only what was changed: the segment and the boundary end", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<RegistryTab />);
    await user.click(await screen.findByTestId("hq-plant-change-SZ01"));
    const dialog = screen.getByTestId("hq-plant-change-dialog");
    expect(within(dialog).getByTestId("hq-change-submit")).toBeDisabled();
    await user.selectOptions(within(dialog).getByTestId("hq-change-segment"), "CHEM");
    await user.type(within(dialog).getByTestId("hq-change-until"), "2026-07-01");
    await user.click(within(dialog).getByTestId("hq-change-submit"));
    expect(await screen.findByTestId("hq-registry-done")).toHaveTextContent("已保存 SZ01 的变更");
    expect(callsOf(calls, "hq_change_plant")[0]!.args).toEqual({
      code: "SZ01",
      change: {
        name: null,
        legal_entity: null,
        segment_code: "CHEM",
        in_boundary_from: null,
        out_of_boundary_from: "2026-07-01",
        email: null,
      },
    });
  });

  it("rotates a plant's key and shows its key history", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<RegistryTab />);
    await user.click(await screen.findByTestId("hq-plant-rotate-SZ01"));
    const dialog = screen.getByTestId("hq-rotate-dialog");
    await user.click(within(dialog).getByTestId("hq-rotate-submit"));
    expect(within(dialog).getByTestId("error-public_key_pem")).toHaveTextContent("必填");
    expect(within(dialog).getByTestId("error-valid_from")).toHaveTextContent("必填");
    await user.type(within(dialog).getByTestId("hq-rotate-pem"), "-----BEGIN PUBLIC KEY-----");
    await user.type(within(dialog).getByTestId("hq-rotate-from"), "2026-07-01");
    await user.type(within(dialog).getByTestId("hq-rotate-note"), "电脑更换");
    await user.click(within(dialog).getByTestId("hq-rotate-submit"));
    expect(await screen.findByTestId("hq-registry-done")).toHaveTextContent("已为 SZ01 登记新公钥，自 2026-07-01 起有效");
    expect(callsOf(calls, "hq_rotate_key")[0]!.args).toEqual({ code: "SZ01", pem: "-----BEGIN PUBLIC KEY-----", validFrom: "2026-07-01", note: "电脑更换" });
    await user.click(screen.getByTestId("hq-plant-keys-SZ01"));
    const keys = await within(screen.getByTestId("hq-keys-dialog")).findAllByTestId("hq-key-row");
    expect(callsOf(calls, "hq_keys").at(-1)!.args).toEqual({ code: "SZ01" });
    expect(keys.map((k) => k.textContent)).toEqual([
      expect.stringContaining("2026-07-01"),
      expect.stringContaining("2026-01-01"),
      expect.stringContaining("2024-01-01"),
    ]);
  });

  it("adds a segment with its two names", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<RegistryTab />);
    const panel = screen.getByTestId("hq-segments");
    expect(await within(panel).findAllByTestId("hq-segment-row")).toHaveLength(2);
    await user.type(within(panel).getByTestId("hq-segment-code"), "AUTO");
    await user.type(within(panel).getByTestId("hq-segment-zh"), "汽车零部件");
    await user.type(within(panel).getByTestId("hq-segment-en"), "Automotive parts");
    await user.click(within(panel).getByTestId("hq-segment-add"));
    expect(await within(panel).findByTestId("hq-segment-added")).toHaveTextContent("已新增板块 AUTO");
    expect(callsOf(calls, "hq_add_segment")[0]!.args).toEqual({ code: "AUTO", nameZh: "汽车零部件", nameEn: "Automotive parts" });
    await waitFor(() => expect(within(panel).getAllByTestId("hq-segment-row")).toHaveLength(3));
  });

  it("shows HQ's public key for the plants to register", async () => {
    mockHq();
    render(<RegistryTab />);
    expect(await screen.findByTestId("hq-key-fingerprint")).toHaveTextContent("5f3a 9c0e 11d2 b4a7");
    expect(screen.getByTestId("hq-key-pem").textContent).toBe(PEM);
  });
});
