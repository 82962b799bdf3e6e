import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { CalendarPanel } from "./CalendarPanel";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { CalendarDay } from "../../ipc/api";
import { calendarDays } from "../../test/settings";

function renderPanel(handlers: Record<string, Handler> = {}, canEdit = true) {
  const calls = mockBackend({ list_calendar_days: () => calendarDays, ...handlers });
  render(<CalendarPanel canEdit={canEdit} />);
  return calls;
}

describe("CalendarPanel", () => {
  it("lists the configured days with their kind and explains what the calendar is for", async () => {
    renderPanel();
    const rows = await screen.findAllByTestId("calendar-row");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(/2026-10-01\s*节假日（工作日放假）\s*国庆节/);
    expect(rows[1]).toHaveTextContent("调休上班（周末上班）");
    expect(screen.getByTestId("calendar-intro")).toHaveTextContent("5 个工作日");
  });

  it("adds a day with its kind and note, then reloads", async () => {
    let days: CalendarDay[] = [...calendarDays];
    const calls = renderPanel({
      list_calendar_days: () => days,
      add_calendar_day: (a) => {
        const input = a.input as Omit<CalendarDay, "id">;
        const d = { id: "cd-3", ...input };
        days = [...days, d];
        return d;
      },
    });
    const user = userEvent.setup();
    await screen.findAllByTestId("calendar-row");
    fireEvent.change(screen.getByTestId("calendar-day"), { target: { value: "2026-10-11" } });
    await user.selectOptions(screen.getByTestId("calendar-kind"), "workday");
    await user.type(screen.getByTestId("calendar-note"), " 国庆调休 ");
    await user.click(screen.getByTestId("calendar-submit"));

    await vi.waitFor(() => expect(callsOf(calls, "add_calendar_day")).toHaveLength(1));
    expect(callsOf(calls, "add_calendar_day")[0]?.args).toEqual({
      input: { day: "2026-10-11", kind: "workday", note: "国庆调休" },
    });
    expect(await screen.findByTestId("calendar-done")).toHaveTextContent("已添加 2026-10-11（调休上班（周末上班））");
    await vi.waitFor(() => expect(screen.getAllByTestId("calendar-row")).toHaveLength(3));
    expect(screen.getByTestId("calendar-note")).toHaveValue("");
  });

  it("requires a date, and shows the core's refusal under the date", async () => {
    const calls = renderPanel({
      add_calendar_day: () => {
        throw { kind: "Invalid", message: "2026-10-01 is already a holiday; void it first", field: "day" };
      },
    });
    const user = userEvent.setup();
    await screen.findAllByTestId("calendar-row");
    await user.click(screen.getByTestId("calendar-submit"));
    expect(screen.getByTestId("error-day")).toHaveTextContent("必填");
    expect(callsOf(calls, "add_calendar_day")).toHaveLength(0);

    fireEvent.change(screen.getByTestId("calendar-day"), { target: { value: "2026-10-01" } });
    await user.click(screen.getByTestId("calendar-submit"));
    expect(await screen.findByTestId("error-day")).toHaveTextContent("already a holiday");
    expect(callsOf(calls, "add_calendar_day")[0]?.args).toEqual({ input: { day: "2026-10-01", kind: "holiday", note: "" } });
  });

  it("deletes a day with a reason: sends its id and the reason, then reloads", async () => {
    let days: CalendarDay[] = [...calendarDays];
    const calls = renderPanel({
      list_calendar_days: () => days,
      void_calendar_day: (a) => {
        days = days.filter((d) => d.id !== a.id);
        return null;
      },
    });
    const user = userEvent.setup();
    const rows = await screen.findAllByTestId("calendar-row");
    await user.click(within(rows[1]!).getByTestId("calendar-void-open"));
    const dialog = screen.getByTestId("calendar-void-dialog");
    expect(dialog).toHaveTextContent("2026-10-10");
    // The reason is required before the core is asked.
    await user.click(screen.getByTestId("calendar-void-submit"));
    expect(screen.getByTestId("error-reason")).toHaveTextContent("请填写删除原因");
    expect(callsOf(calls, "void_calendar_day")).toHaveLength(0);

    await user.type(screen.getByTestId("calendar-void-reason"), " 录入错误 ");
    await user.click(screen.getByTestId("calendar-void-submit"));
    await vi.waitFor(() => expect(callsOf(calls, "void_calendar_day")).toHaveLength(1));
    expect(callsOf(calls, "void_calendar_day")[0]?.args).toEqual({ id: "cd-2", reason: "录入错误" });
    await vi.waitFor(() => expect(screen.queryByTestId("calendar-void-dialog")).not.toBeInTheDocument());
    expect(await screen.findByTestId("calendar-done")).toHaveTextContent("已删除 2026-10-10");
    await vi.waitFor(() => expect(screen.getAllByTestId("calendar-row")).toHaveLength(1));
  });

  it("keeps the dialog open with the core's refusal", async () => {
    renderPanel({
      void_calendar_day: () => {
        throw { kind: "Conflict", message: "this calendar day is already voided", field: null };
      },
    });
    const user = userEvent.setup();
    await user.click((await screen.findAllByTestId("calendar-void-open"))[0]!);
    await user.type(screen.getByTestId("calendar-void-reason"), "重复");
    await user.click(screen.getByTestId("calendar-void-submit"));
    expect(await within(screen.getByTestId("calendar-void-dialog")).findByTestId("error-form")).toHaveTextContent(
      "already voided",
    );
  });

  it("shows the table only to roles that cannot edit", async () => {
    renderPanel({}, false);
    expect(await screen.findAllByTestId("calendar-row")).toHaveLength(2);
    expect(screen.queryByTestId("calendar-form")).not.toBeInTheDocument();
    expect(screen.queryByTestId("calendar-void-open")).not.toBeInTheDocument();
    expect(screen.getByTestId("calendar-read-only")).toBeInTheDocument();
  });
});
