import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { callsOf, mockBackend, type Call } from "../../ipc/mockBackend";
import type { AppError, HazardPhoto } from "../../ipc/api";
import { PhotoStrip } from "./PhotoStrip";
import { QuickCapture } from "./QuickCapture";
import { hazard, scales } from "./testData";

// jsdom has no blob URLs: each blob gets a numbered stand-in.
let urls = 0;
beforeEach(() => {
  urls = 0;
  URL.createObjectURL = vi.fn(() => `blob:test/${++urls}`);
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const png = (name: string) => new File([PNG], name, { type: "image/png" });

function photo(over: Partial<HazardPhoto> & Pick<HazardPhoto, "id" | "stage">): HazardPhoto {
  return {
    hazard_id: "id-YH-2026-0002",
    sha256: "a".repeat(64),
    thumb_sha256: "b".repeat(64),
    size_bytes: 204_800,
    width: 4000,
    height: 3000,
    mime: "image/jpeg",
    caption: "",
    pairs_with: null,
    answered_by: [],
    created_at_local: "2026-03-10 09:30",
    created_by_name: "张三",
    ...over,
  };
}

const assigned = hazard({ number: "YH-2026-0002", status: "assigned", deadline: "2026-03-20" });
const tooBig: AppError = {
  kind: "Invalid",
  message: "the photo is 16.2 MB; at most 15 MB",
  field: "file",
  key: "hazards.photo_mb_most_mb",
  params: { len: "16.2", max_bytes: "15" },
  context: [],
};

/** The bytes and headers of the n-th photo added. */
function added(calls: Call[], n = 0) {
  const c = callsOf(calls, "hazard_photo_add")[n]!;
  return { body: c.args.body as number[], headers: c.args.headers as Record<string, string> };
}

describe("PhotoStrip", () => {
  it("groups before and after photos as thumbnails of the downscaled copies and opens the original on click", async () => {
    const photos = [
      photo({ id: "p1", stage: "before", answered_by: ["p3"] }),
      photo({ id: "p2", stage: "before", mime: "image/png" }),
      photo({ id: "p3", stage: "after", pairs_with: "p1" }),
    ];
    const calls = mockBackend({
      hazard_photos: () => photos,
      hazard_photo_read: () => new Uint8Array([0xff, 0xd8, 0xff]).buffer,
    });
    const user = userEvent.setup();
    render(<PhotoStrip hazard={assigned} canWrite />);
    const before = await screen.findByTestId("photo-group-before");
    await waitFor(() => expect(within(before).getAllByRole("img")).toHaveLength(2));
    const after = screen.getByTestId("photo-group-after");
    expect(within(after).getAllByTestId("photo-cell")).toHaveLength(1);
    expect(after).toHaveTextContent("#1（对应整改前 #1）");
    expect(before).toHaveTextContent("#1（整改后 #1）");
    // Thumbnails are the downscaled copies.
    expect(callsOf(calls, "hazard_photo_read").map((c) => c.args)).toEqual([
      { photo: "p1", original: false },
      { photo: "p2", original: false },
      { photo: "p3", original: false },
    ]);
    await user.click(screen.getByTestId("photo-thumb-p2"));
    const viewer = await screen.findByTestId("photo-viewer");
    expect(await within(viewer).findByTestId("photo-full")).toHaveAttribute("src", expect.stringMatching(/^blob:test\//));
    expect(callsOf(calls, "hazard_photo_read").at(-1)!.args).toEqual({ photo: "p2", original: true });
    expect(within(viewer).getByTestId("photo-viewer-facts")).toHaveTextContent("4000 × 3000 像素 · 200 KB · 2026-03-10 09:30 · 张三");
  });

  it("adds a pasted image (Ctrl+V) as a before photo: the raw bytes to hazard_photo_add", async () => {
    let list: HazardPhoto[] = [];
    const calls = mockBackend({
      hazard_photos: () => list,
      hazard_photo_read: () => new Uint8Array([1]).buffer,
      hazard_photo_add: () => {
        list = [photo({ id: "p9", stage: "before" })];
        return list[0];
      },
    });
    render(<PhotoStrip hazard={assigned} canWrite />);
    const zone = await screen.findByTestId("photo-zone-before");
    // A screenshot on the clipboard arrives as a file item (no name).
    const shot = new File([PNG], "", { type: "image/png" });
    const item = { kind: "file", type: "image/png", getAsFile: () => shot };
    fireEvent.paste(zone, { clipboardData: { files: [], items: [item], getData: () => "" } });
    await waitFor(() => expect(callsOf(calls, "hazard_photo_add")).toHaveLength(1));
    const { body, headers } = added(calls);
    expect(body).toEqual(Array.from(PNG));
    expect(headers["x-hazard"]).toBe("id-YH-2026-0002");
    expect(headers["x-photo-stage"]).toBe("before");
    expect(headers["x-photo-pairs-with"]).toBeUndefined();
    // The list is read again and shows the new photo.
    expect(await screen.findByTestId("photo-thumb-p9")).toBeInTheDocument();
  });

  it("adds dropped files as after photos answering the first unanswered before photo, and shows a size refusal with the core's reason", async () => {
    const calls = mockBackend({
      hazard_photos: () => [photo({ id: "p1", stage: "before", answered_by: ["p3"] }), photo({ id: "p2", stage: "before" })],
      hazard_photo_read: () => new Uint8Array([1]).buffer,
      hazard_photo_add: (a) => {
        if ((a.body as number[]).length > PNG.length) throw tooBig;
        return photo({ id: "p4", stage: "after", pairs_with: "p2" });
      },
    });
    render(<PhotoStrip hazard={assigned} canWrite />);
    const zone = await screen.findByTestId("photo-zone-after");
    await waitFor(() => expect(screen.getByTestId("photo-pairs-with")).toHaveValue("p2"));
    const big = new File([PNG, new Uint8Array(64)], "big.png", { type: "image/png" });
    fireEvent.drop(zone, { dataTransfer: { files: [png("fixed.png"), big], items: [], types: ["Files"] } });
    await waitFor(() => expect(callsOf(calls, "hazard_photo_add")).toHaveLength(2));
    const first = added(calls, 0).headers;
    expect([first["x-photo-stage"], first["x-photo-pairs-with"]]).toEqual(["after", "p2"]);
    expect(await screen.findByTestId("photo-error")).toHaveTextContent("big.png 未添加：照片为 16.2 MB；最大 15 MB");
  });

  it("voids a photo with the reason; a registered hazard takes no after photos; a reader adds nothing", async () => {
    const calls = mockBackend({
      hazard_photos: () => [photo({ id: "p1", stage: "before" })],
      hazard_photo_read: () => new Uint8Array([1]).buffer,
      hazard_photo_void: () => null,
    });
    const user = userEvent.setup();
    const { unmount } = render(<PhotoStrip hazard={hazard({ number: "YH-2026-0001" })} canWrite />);
    expect(await screen.findByTestId("photo-zone-before")).toBeInTheDocument();
    expect(screen.queryByTestId("photo-zone-after")).not.toBeInTheDocument();
    await user.click(await screen.findByTestId("photo-void-p1"));
    await user.click(screen.getByTestId("photo-void-submit"));
    expect(screen.getByTestId("error-reason")).toBeInTheDocument();
    expect(callsOf(calls, "hazard_photo_void")).toHaveLength(0);
    await user.type(screen.getByTestId("photo-void-reason"), "拍错了隐患");
    await user.click(screen.getByTestId("photo-void-submit"));
    await waitFor(() => expect(callsOf(calls, "hazard_photo_void")[0]!.args).toEqual({ photo: "p1", reason: "拍错了隐患" }));
    unmount();
    render(<PhotoStrip hazard={assigned} canWrite={false} />);
    await screen.findByTestId("photo-group-before");
    expect(screen.queryByTestId("photo-zone-before")).not.toBeInTheDocument();
    expect(screen.queryByTestId("photo-void-p1")).not.toBeInTheDocument();
  });
});

describe("QuickCapture photos", () => {
  it("checks a pasted photo at once, keeps it pending, refuses an oversized one with the reason, and attaches the kept ones once the hazard is saved", async () => {
    const calls = mockBackend({
      hazard_photo_check: (a) => {
        if ((a.body as number[]).length > PNG.length) throw tooBig;
        return { mime: "image/png", width: 10, height: 10, size_bytes: PNG.length };
      },
      hazard_register: () => hazard({ number: "YH-2026-0009" }),
      hazard_photo_add: () => photo({ id: "p1", stage: "before" }),
    });
    const user = userEvent.setup();
    render(<QuickCapture scales={scales} onSaved={() => {}} />);
    const zone = screen.getByTestId("capture-photo-zone");
    // Pasted while typing the description: the image becomes a photo, the text field keeps its text.
    fireEvent.paste(screen.getByTestId("capture-description"), { clipboardData: { files: [png("crack.png")], items: [], getData: () => "" } });
    expect(await screen.findByTestId("pending-photo")).toHaveTextContent("crack.png");
    expect(callsOf(calls, "hazard_photo_check")).toHaveLength(1);
    const big = new File([PNG, new Uint8Array(64)], "huge.png", { type: "image/png" });
    fireEvent.drop(zone, { dataTransfer: { files: [big], items: [], types: ["Files"] } });
    expect(await screen.findByTestId("photo-error")).toHaveTextContent("huge.png 未添加：照片为 16.2 MB；最大 15 MB");
    expect(screen.getAllByTestId("pending-photo")).toHaveLength(1);
    // Nothing is attached before the hazard exists.
    expect(callsOf(calls, "hazard_photo_add")).toHaveLength(0);

    await user.type(screen.getByTestId("capture-area"), "冲压车间");
    await user.type(screen.getByTestId("capture-category"), "机械伤害");
    await user.type(screen.getByTestId("capture-description"), "地面裂缝");
    await user.type(screen.getByTestId("capture-area"), "{Enter}");
    expect(await screen.findByTestId("capture-saved")).toHaveTextContent("已登记 YH-2026-0009，附照片 1 张");
    const { body, headers } = added(calls);
    expect(body).toEqual(Array.from(PNG));
    expect([headers["x-hazard"], headers["x-photo-stage"]]).toEqual(["id-YH-2026-0009", "before"]);
    expect(screen.queryAllByTestId("pending-photo")).toHaveLength(0);
  });
});
