import { act, renderHook } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { useSubmit } from "./useSubmit";

const place = () => ({ fields: { quantity: "too much" }, form: null, detail: "core sentence" });

describe("useSubmit", () => {
  it("stops at the form's own errors without calling the core", async () => {
    const { result } = renderHook(() => useSubmit(place));
    const call = vi.fn(async () => {});
    let ok = true;
    await act(async () => {
      ok = await result.current.submit({ name: "required" }, call);
    });
    expect(ok).toBe(false);
    expect(call).not.toHaveBeenCalled();
    expect(result.current.errors).toEqual({ name: "required" });
  });

  it("places a refusal under its field with the core's sentence, and resets", async () => {
    const { result } = renderHook(() => useSubmit(place));
    await act(async () => {
      await result.current.submit({}, async () => Promise.reject(new Error("refused")));
    });
    expect(result.current.errors).toEqual({ quantity: "too much" });
    expect(result.current.errorDetail).toBe("core sentence");
    expect(result.current.busy).toBe(false);
    act(() => result.current.reset());
    expect(result.current.errors).toEqual({});
    expect(result.current.errorDetail).toBeNull();
  });

  it("ignores a second submit while the first call runs", async () => {
    const { result } = renderHook(() => useSubmit(place));
    let release: () => void = () => {};
    const call = vi.fn(() => new Promise<void>((r) => (release = r)));
    let first: Promise<boolean> = Promise.resolve(false);
    act(() => {
      first = result.current.submit({}, call);
    });
    expect(result.current.busy).toBe(true);
    await act(async () => {
      expect(await result.current.submit({}, call)).toBe(false);
    });
    await act(async () => {
      release();
      expect(await first).toBe(true);
    });
    expect(call).toHaveBeenCalledTimes(1);
    expect(result.current.busy).toBe(false);
  });
});
