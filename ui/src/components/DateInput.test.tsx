import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import i18n from "../i18n";
import { DateInput, DateTimeInput, MonthInput } from "./DateInput";
import { Modal } from "./Modal";

/** A parent that keeps the value, as the forms do, and records every onChange. */
function Host({ initial = "", onValue, time = false, min, max }: { initial?: string; onValue: (v: string) => void; time?: boolean; min?: string; max?: string }) {
  const [v, setV] = useState(initial);
  const change = (next: string) => {
    onValue(next);
    setV(next);
  };
  return (
    <>
      {time ? (
        <DateTimeInput data-testid="d" aria-label="when" value={v} onChange={change} min={min} max={max} />
      ) : (
        <DateInput data-testid="d" aria-label="day" value={v} onChange={change} min={min} max={max} />
      )}
      <output data-testid="value">{v}</output>
      <button type="button" data-testid="preset" onClick={() => setV(time ? "2025-01-31T06:00" : "2025-01-31")}>
        preset
      </button>
    </>
  );
}

const calls = (fn: ReturnType<typeof vi.fn>) => fn.mock.calls.map((c) => c[0] as string);

describe("DateInput", () => {
  it("inserts the dashes while digits are typed: 20261202 → 2026-12-02", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host onValue={onValue} />);
    const input = screen.getByTestId("d");
    await user.type(input, "2026");
    expect(input).toHaveValue("2026-");
    await user.type(input, "1202");
    expect(input).toHaveValue("2026-12-02");
    expect(screen.getByTestId("value")).toHaveTextContent("2026-12-02");
    expect(calls(onValue)).toEqual(["2026-12-02"]);
    // A native date input in an OS locale would show 12/02/2026; this one never does.
    expect(input).toHaveAttribute("type", "text");
  });

  it("takes typed dashes, other separators and a one-digit month or day", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host onValue={onValue} />);
    const input = screen.getByTestId("d");
    await user.type(input, "2026-03-09");
    expect(input).toHaveValue("2026-03-09");
    await user.clear(input);
    await user.type(input, "2026/3/9");
    expect(input).toHaveValue("2026-03-9");
    await user.tab();
    expect(input).toHaveValue("2026-03-09");
    expect(calls(onValue).at(-1)).toBe("2026-03-09");
  });

  it("retypes a selected month in place and overwrites a digit in a full date", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host initial="2026-12-02" onValue={onValue} />);
    const input = screen.getByTestId("d") as HTMLInputElement;
    await user.click(input);
    input.setSelectionRange(5, 7);
    await user.keyboard("03");
    expect(input).toHaveValue("2026-03-02");
    expect(calls(onValue).at(-1)).toBe("2026-03-02");
    input.setSelectionRange(8, 8);
    await user.keyboard("1");
    expect(input).toHaveValue("2026-03-12");
    expect(calls(onValue).at(-1)).toBe("2026-03-12");
  });

  it("refuses a day the month does not have, says why (zh and en), and never reports it", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host initial="2026-02-01" onValue={onValue} />);
    const input = screen.getByTestId("d");
    await user.clear(input);
    await user.type(input, "20260230");
    expect(input).toHaveValue("2026-02-30");
    expect(screen.getByTestId("d-reason")).toHaveTextContent("2026年02月只有 28 天");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input.getAttribute("aria-describedby")).toBe(screen.getByTestId("d-reason").id);
    expect(calls(onValue)).not.toContain("2026-02-30");
    expect(calls(onValue).every((v) => v === "")).toBe(true);
    expect(screen.getByTestId("value")).toHaveTextContent(/^$/);

    await act(() => i18n.changeLanguage("en"));
    expect(screen.getByTestId("d-reason")).toHaveTextContent("2026-02 has only 28 days");

    await user.type(input, "{Backspace}{Backspace}28");
    expect(screen.queryByTestId("d-reason")).not.toBeInTheDocument();
    expect(calls(onValue).at(-1)).toBe("2026-02-28");
  });

  it("refuses month 13 and a year out of range at once, an incomplete date only on leaving the field", async () => {
    const user = userEvent.setup();
    render(<Host onValue={() => {}} />);
    const input = screen.getByTestId("d");
    await user.type(input, "2026-13");
    expect(screen.getByTestId("d-reason")).toHaveTextContent("月份须在 01–12 之间");
    await user.clear(input);
    await user.type(input, "0226-01-01");
    expect(screen.getByTestId("d-reason")).toHaveTextContent("年份须在 1900–2100 之间");
    await user.clear(input);
    await user.type(input, "2026-1");
    expect(screen.queryByTestId("d-reason")).not.toBeInTheDocument();
    await user.tab();
    expect(screen.getByTestId("d-reason")).toHaveTextContent("请按 YYYY-MM-DD 输入完整日期");
  });

  it("keeps to min and max: outside is refused with the bound, and those days cannot be picked", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host onValue={onValue} min="2026-03-05" max="2026-03-20" />);
    const input = screen.getByTestId("d");
    await user.type(input, "2026-03-04");
    expect(screen.getByTestId("d-reason")).toHaveTextContent("不能早于 2026-03-05");
    await user.clear(input);
    await user.type(input, "2026-03-21");
    expect(screen.getByTestId("d-reason")).toHaveTextContent("不能晚于 2026-03-20");
    expect(calls(onValue).filter(Boolean)).toEqual([]);
    await user.clear(input);
    await user.type(input, "2026-03-20");
    expect(calls(onValue).at(-1)).toBe("2026-03-20");

    await user.click(screen.getByTestId("d-open"));
    const grid = screen.getByTestId("d-calendar");
    expect(within(grid).getByRole("button", { name: "2026-03-04" })).toBeDisabled();
    expect(within(grid).getByRole("button", { name: "2026-03-21" })).toBeDisabled();
    expect(within(grid).getByRole("button", { name: "2026-03-05" })).toBeEnabled();
  });

  it("picks a day from the month grid (Monday first) and closes it", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host initial="2026-12-02" onValue={onValue} />);
    await user.click(screen.getByTestId("d-open"));
    const grid = screen.getByTestId("d-calendar");
    expect(screen.getByTestId("d-calendar-title")).toHaveTextContent("2026年12月");
    // 1 December 2026 is a Tuesday: the first cell is Monday 30 November.
    const days = within(grid).getAllByRole("gridcell");
    expect(days).toHaveLength(42);
    expect(within(days[0]!).getByRole("button")).toHaveAccessibleName("2026-11-30");
    expect(within(grid).getAllByRole("columnheader").map((h) => h.textContent)).toEqual(["一", "二", "三", "四", "五", "六", "日"]);
    expect(within(grid).getByRole("button", { name: "2026-12-02" })).toHaveFocus();

    await user.click(within(grid).getByRole("button", { name: "2026-12-15" }));
    expect(screen.queryByTestId("d-calendar")).not.toBeInTheDocument();
    expect(screen.getByTestId("d")).toHaveValue("2026-12-15");
    expect(screen.getByTestId("d")).toHaveFocus();
    expect(calls(onValue)).toEqual(["2026-12-15"]);
  });

  it("names months and weekdays in English when the app is in English", async () => {
    await i18n.changeLanguage("en");
    const user = userEvent.setup();
    render(<Host initial="2026-12-02" onValue={() => {}} />);
    await user.click(screen.getByTestId("d-open"));
    expect(screen.getByTestId("d-calendar-title")).toHaveTextContent("December 2026");
    await user.click(screen.getByRole("button", { name: "Previous month" }));
    expect(screen.getByTestId("d-calendar-title")).toHaveTextContent("November 2026");
    const heads = within(screen.getByTestId("d-calendar")).getAllByRole("columnheader");
    expect(heads.map((h) => h.textContent)).toEqual(["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]);
  });

  it("works from the keyboard: Alt+↓ opens, arrows and PageDown move, Enter picks, Esc closes without closing the dialog", async () => {
    const onValue = vi.fn();
    const onClose = vi.fn();
    const user = userEvent.setup();
    render(
      <Modal title="t" onClose={onClose}>
        <Host initial="2026-01-30" onValue={onValue} />
      </Modal>,
    );
    const input = screen.getByTestId("d");
    input.focus();
    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    const grid = screen.getByTestId("d-calendar");
    expect(within(grid).getByRole("button", { name: "2026-01-30" })).toHaveFocus();
    await user.keyboard("{ArrowRight}{ArrowDown}");
    expect(screen.getByRole("button", { name: "2026-02-07" })).toHaveFocus();
    expect(screen.getByTestId("d-calendar-title")).toHaveTextContent("2026年2月");
    await user.keyboard("{PageDown}");
    expect(screen.getByRole("button", { name: "2026-03-07" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(input).toHaveValue("2026-03-07");
    expect(calls(onValue)).toEqual(["2026-03-07"]);

    await user.keyboard("{Alt>}{ArrowDown}{/Alt}");
    expect(screen.getByTestId("d-calendar")).toBeInTheDocument();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("d-calendar")).not.toBeInTheDocument();
    expect(input).toHaveFocus();
    expect(onClose).not.toHaveBeenCalled();
    expect(input).toHaveValue("2026-03-07");

    // ↑/↓ in the text step a day.
    await user.keyboard("{ArrowUp}");
    expect(input).toHaveValue("2026-03-08");
  });

  it("follows a new value from the parent (a preset) and accepts a change event with the ISO text", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host initial="2026-12-02" onValue={onValue} />);
    await user.click(screen.getByTestId("preset"));
    expect(screen.getByTestId("d")).toHaveValue("2025-01-31");
    fireEvent.change(screen.getByTestId("d"), { target: { value: "2026-01-01" } });
    expect(screen.getByTestId("d")).toHaveValue("2026-01-01");
    expect(calls(onValue)).toEqual(["2026-01-01"]);
  });

  it("passes id, required, disabled and the caller's aria-invalid/-describedby to the text box", () => {
    render(
      <DateInput id="x" name="day" required disabled aria-invalid aria-describedby="x-error" data-testid="d" value="2026-05-01" onChange={() => {}} />,
    );
    const input = screen.getByTestId("d");
    expect(input).toHaveAttribute("id", "x");
    expect(input).toBeRequired();
    expect(input).toBeDisabled();
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAttribute("aria-describedby", "x-error");
    expect(screen.getByTestId("d-open")).toBeDisabled();
    expect(document.querySelector('input[type="hidden"][name="day"]')).toHaveValue("2026-05-01");
  });
});

describe("DateTimeInput", () => {
  it("types YYYY-MM-DD HH:mm (24-hour) and reports a datetime-local value", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host time onValue={onValue} />);
    const input = screen.getByTestId("d");
    await user.type(input, "202611201430");
    expect(input).toHaveValue("2026-11-20 14:30");
    expect(calls(onValue)).toEqual(["2026-11-20T14:30"]);
    // What the native input took (a T between) types the same.
    await user.clear(input);
    await user.type(input, "2026-11-21T08:05");
    expect(input).toHaveValue("2026-11-21 08:05");
    expect(calls(onValue).at(-1)).toBe("2026-11-21T08:05");
  });

  it("refuses 24:00 and an incomplete time, and shows a parent's value with a space", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host time initial="2026-11-20T14:30" onValue={onValue} />);
    const input = screen.getByTestId("d");
    expect(input).toHaveValue("2026-11-20 14:30");
    await user.clear(input);
    await user.type(input, "2026-11-20 24:00");
    expect(screen.getByTestId("d-reason")).toHaveTextContent("时间须在 00:00–23:59 之间");
    expect(calls(onValue)).not.toContain("2026-11-20T24:00");
    await user.clear(input);
    await user.type(input, "2026-11-20");
    await user.tab();
    expect(screen.getByTestId("d-reason")).toHaveTextContent("请按 YYYY-MM-DD HH:mm（24 小时制）输入");
  });

  it("picking a day keeps the typed time", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<Host time initial="2026-11-20T14:30" onValue={onValue} />);
    await user.click(screen.getByTestId("d-open"));
    await user.click(screen.getByRole("button", { name: "2026-11-03" }));
    expect(screen.getByTestId("d")).toHaveValue("2026-11-03 14:30");
    expect(calls(onValue)).toEqual(["2026-11-03T14:30"]);
  });
});

describe("MonthInput", () => {
  function MonthHost({ onValue }: { onValue: (v: string) => void }) {
    const [v, setV] = useState("2026-03");
    return (
      <MonthInput
        data-testid="m"
        value={v}
        onChange={(next) => {
          onValue(next);
          setV(next);
        }}
      />
    );
  }

  it("types YYYY-MM, refuses month 13, and picks from the year's months by name", async () => {
    const onValue = vi.fn();
    const user = userEvent.setup();
    render(<MonthHost onValue={onValue} />);
    const input = screen.getByTestId("m");
    expect(input).toHaveValue("2026-03");
    await user.clear(input);
    await user.type(input, "202613");
    expect(screen.getByTestId("m-reason")).toHaveTextContent("月份须在 01–12 之间");
    await user.type(input, "{Backspace}{Backspace}11");
    expect(calls(onValue).at(-1)).toBe("2026-11");
    await user.keyboard("{ArrowUp}");
    expect(input).toHaveValue("2026-12");

    await user.click(screen.getByTestId("m-open"));
    expect(screen.getByTestId("m-calendar-title")).toHaveTextContent("2026年");
    expect(screen.getByRole("button", { name: "2026-12" })).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByTestId("m-calendar-title")).toHaveTextContent("2027年");
    expect(screen.getByRole("button", { name: "2027-01" })).toHaveTextContent("1月");
    await user.keyboard("{Enter}");
    expect(input).toHaveValue("2027-01");
    expect(calls(onValue).at(-1)).toBe("2027-01");
  });
});
