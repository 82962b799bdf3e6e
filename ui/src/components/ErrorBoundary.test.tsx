import { describe, expect, it, vi } from "vitest";
import { render, screen } from "@testing-library/react";
import { ErrorBoundary } from "./ErrorBoundary";

function Broken(): never {
  throw new RangeError("invalid language tag: C");
}

describe("ErrorBoundary", () => {
  it("shows the fallback with the error instead of unmounting the screen", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    render(
      <div>
        <span>其余页面</span>
        <ErrorBoundary fallback={(m) => <p role="alert">无法显示：{m}</p>}>
          <Broken />
        </ErrorBoundary>
      </div>,
    );
    expect(screen.getByRole("alert")).toHaveTextContent("无法显示：invalid language tag: C");
    expect(screen.getByText("其余页面")).toBeInTheDocument();
    quiet.mockRestore();
  });
});
