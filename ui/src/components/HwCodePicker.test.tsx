import { describe, expect, it, vi } from "vitest";
import { useState } from "react";
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { codeFromText, filterCodes, HwCodePicker } from "./HwCodePicker";
import { codes } from "../test/fixtures";

describe("codeFromText / filterCodes", () => {
  it("takes the leading code only", () => {
    expect(codeFromText("900-249-08")).toBe("900-249-08");
    expect(codeFromText(" 900-249-08 HW08 废矿物油")).toBe("900-249-08");
    expect(codeFromText("900-249-0")).toBeNull();
    expect(codeFromText("HW08")).toBeNull();
  });
  it("matches code, category, and Chinese or English names", () => {
    expect(filterCodes(codes, "249").map((c) => c.code)).toEqual(["900-249-08"]);
    expect(filterCodes(codes, "hw49").map((c) => c.code)).toEqual(["900-041-49"]);
    expect(filterCodes(codes, "矿物油").map((c) => c.code)).toEqual(["900-249-08"]);
    expect(filterCodes(codes, "other").map((c) => c.code)).toEqual(["900-041-49"]);
    expect(filterCodes(codes, "")).toHaveLength(2);
  });
});

function Harness({ onSubmit }: { onSubmit: (v: string) => void }) {
  const [v, setV] = useState("");
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(v);
      }}
    >
      <HwCodePicker id="c" testId="c" codes={codes} value={v} onChange={setV} />
    </form>
  );
}

describe("HwCodePicker keyboard", () => {
  it("Enter picks a highlighted option without submitting; Enter otherwise submits", async () => {
    const onSubmit = vi.fn();
    const user = userEvent.setup();
    render(<Harness onSubmit={onSubmit} />);
    const input = screen.getByTestId("c");
    await user.type(input, "HW");
    expect(screen.getAllByRole("option")).toHaveLength(2);
    await user.keyboard("{ArrowDown}{ArrowDown}{Enter}");
    expect(input).toHaveValue("900-041-49");
    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.queryByRole("listbox")).not.toBeInTheDocument();
    await user.keyboard("{Enter}");
    expect(onSubmit).toHaveBeenCalledWith("900-041-49");
  });
});
