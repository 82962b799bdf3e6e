import { describe, expect, it, vi } from "vitest";
import { act, renderHook, waitFor } from "@testing-library/react";
import { useLoad } from "./useLoad";

/** A request the test answers by hand. */
function deferred<T>() {
  let resolve: (v: T) => void = () => {};
  let reject: (e: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("useLoad", () => {
  it("loads once, reports loading, then the data", async () => {
    const fetch = vi.fn(() => Promise.resolve(["a"]));
    const { result } = renderHook(() => useLoad(fetch));
    expect(result.current.loading).toBe(true);
    expect(result.current.data).toBeNull();
    await waitFor(() => expect(result.current.data).toEqual(["a"]));
    expect(result.current.loading).toBe(false);
    expect(result.current.error).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("reloads when a dependency changes, keeping the old data while the new request runs", async () => {
    const answers = { y: deferred<string>(), z: deferred<string>() };
    const { result, rerender } = renderHook(({ q }: { q: "y" | "z" }) => useLoad(() => answers[q].promise, [q]), {
      initialProps: { q: "y" },
    });
    answers.y.resolve("Y");
    await waitFor(() => expect(result.current).toMatchObject({ data: "Y", loading: false }));
    rerender({ q: "z" });
    expect(result.current).toMatchObject({ data: "Y", loading: true });
    answers.z.resolve("Z");
    await waitFor(() => expect(result.current).toMatchObject({ data: "Z", loading: false }));
  });

  // Regression guard for the hand-rolled request counters this hook replaces.
  it("drops an older answer that arrives after a newer one", async () => {
    const slow = deferred<string>();
    const fast = deferred<string>();
    const { result, rerender } = renderHook(({ p }) => useLoad(() => p.promise, [p]), { initialProps: { p: slow } });
    rerender({ p: fast });
    fast.resolve("new");
    await waitFor(() => expect(result.current.data).toBe("new"));
    await act(async () => {
      slow.resolve("old");
      await slow.promise;
    });
    expect(result.current.data).toBe("new");
    expect(result.current.loading).toBe(false);
  });

  it("keeps the data on failure with a translated sentence and the raw error, and clears both on success", async () => {
    let fail = false;
    const fetch = () => (fail ? Promise.reject({ kind: "Io", message: "disk full", field: null }) : Promise.resolve(1));
    const { result } = renderHook(() => useLoad(fetch));
    await waitFor(() => expect(result.current.data).toBe(1));
    fail = true;
    await act(() => result.current.reload());
    expect(result.current.data).toBe(1);
    expect(result.current.error).toBe("无法加载：disk full");
    expect(result.current.failure).toEqual({ kind: "Io", message: "disk full", field: null });
    fail = false;
    await act(() => result.current.reload());
    expect(result.current.error).toBeNull();
    expect(result.current.failure).toBeNull();
  });

  it("describes a failure the caller's way", async () => {
    const { result } = renderHook(() =>
      useLoad(() => Promise.reject(new Error("boom")), [], { describe: (e) => `!${(e as Error).message}` }),
    );
    await waitFor(() => expect(result.current.error).toBe("!boom"));
  });

  it("does not load while skipped, drops what was running, and loads once the skip lifts", async () => {
    const running = deferred<string>();
    const fetch = vi.fn(() => running.promise);
    const { result, rerender } = renderHook(({ skip }) => useLoad(fetch, [], { skip }), {
      initialProps: { skip: false },
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    rerender({ skip: true });
    expect(result.current.loading).toBe(false);
    await act(async () => {
      running.resolve("stale");
      await running.promise;
    });
    expect(result.current.data).toBeNull();
    fetch.mockImplementation(() => Promise.resolve("fresh"));
    rerender({ skip: false });
    await waitFor(() => expect(result.current.data).toBe("fresh"));
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("reload() resolves once its own request has settled", async () => {
    let n = 0;
    const { result } = renderHook(() => useLoad(() => Promise.resolve(++n)));
    await waitFor(() => expect(result.current.data).toBe(1));
    await act(() => result.current.reload());
    expect(result.current.data).toBe(2);
  });
});
