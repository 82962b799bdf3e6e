import { beforeEach, describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HqShell } from "./HqShell";
import { callsOf, mockHq } from "../../ipc/mockBackend";
import { analyst, group } from "../../test/hq";

vi.mock("uplot", () => ({
  default: class {
    static tzDate = (d: Date) => d;
    setScale() {}
    setSize() {}
    destroy() {}
  },
}));

// The group's clock: Thursday 2026-03-12 in Shanghai.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-03-12T02:00:00Z"));
  return () => vi.useRealTimers();
});

describe("HqShell", () => {
  it("opens on the grid of the current year and moves between the screens, keeping the year", async () => {
    const calls = mockHq();
    const user = userEvent.setup();
    render(<HqShell group={group} session={analyst} dbPath="/data/hq.db" onSignedOut={vi.fn()} />);
    expect(screen.getByTestId("hq-tab-grid")).toHaveAttribute("aria-current", "page");
    expect(screen.getByTestId("hq-grid-year")).toHaveValue("2026");
    await waitFor(() => expect(callsOf(calls, "hq_grid")[0]?.args).toMatchObject({ query: { year: 2026 } }));
    // The demo grid of 2026: W10 closed on Sunday 8 March; W11 is open.
    expect(await screen.findByTestId("hq-cell-SZ01-2026-W11")).toHaveAttribute("data-state", "not_expected");
    expect(screen.getByTestId("hq-cell-SZ01-2026-W10")).toHaveAttribute("data-state", "due");

    await user.clear(screen.getByTestId("hq-grid-year"));
    await user.type(screen.getByTestId("hq-grid-year"), "2025");
    await user.click(screen.getByTestId("hq-tab-appendix"));
    expect(screen.getByTestId("hq-appendix-year")).toHaveValue("2025");
    await waitFor(() => expect(callsOf(calls, "hq_appendix")[0]?.args).toEqual({ year: 2025, view: "all" }));

    await user.click(screen.getByTestId("hq-tab-safety"));
    expect(await screen.findByTestId("hq-safety-year")).toHaveValue("2025");
    await waitFor(() => expect(callsOf(calls, "hq_safety")[0]?.args).toEqual({ year: 2025 }));
    expect(await screen.findByTestId("hq-safety-rate-group")).toHaveTextContent("99.96 %");

    await user.click(screen.getByTestId("hq-tab-dashboard"));
    expect(await screen.findByTestId("hq-dashboard-year")).toHaveValue("2025");
    expect(await screen.findByTestId("hq-dash-chart-hw_generated_g")).toBeInTheDocument();

    await user.click(screen.getByTestId("hq-tab-import"));
    expect(screen.getByTestId("hq-import-path")).toBeInTheDocument();
    await user.click(screen.getByTestId("hq-tab-registry"));
    expect(await screen.findAllByTestId("hq-plant-row")).toHaveLength(3);
    await user.click(screen.getByTestId("hq-tab-years"));
    expect(await screen.findByTestId("hq-year-row")).toBeInTheDocument();
    await user.click(screen.getByTestId("hq-tab-settings"));
    expect(await screen.findByTestId("hq-setting-row-deadline_days")).toBeInTheDocument();
    expect(screen.getByTestId("hq-settings-db-path")).toHaveTextContent("/data/hq.db");

    await user.click(screen.getByTestId("lang-switch"));
    expect(screen.getByTestId("hq-tab-grid")).toHaveTextContent("Review grid");
  });
});
