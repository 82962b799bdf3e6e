// Files and folders dropped on the window (HQ's packet import). The webview's own HTML drop gives
// no paths, so the native drop events of Tauri's webview are used; outside Tauri (tests, a plain
// browser during `npm run dev`) there is no native drop and this does nothing.
import { isTauri } from "@tauri-apps/api/core";
import { getCurrentWebview } from "@tauri-apps/api/webview";

/** Where the pointer is, in CSS pixels of the window (to find the element under it). */
export type DropPoint = { x: number; y: number };

/** What the user is doing: dragging over the window, dropping (with the paths), or leaving. */
export type PathDrop = { type: "over"; at?: DropPoint } | { type: "drop"; paths: string[]; at?: DropPoint } | { type: "leave" };

/**
 * Calls `handler` on each native drag-and-drop event of this window; resolves to the function
 * that stops listening. Without Tauri: never calls it.
 */
export async function onPathsDropped(handler: (e: PathDrop) => void): Promise<() => void> {
  if (!isTauri()) return () => undefined;
  const unlisten = await getCurrentWebview().onDragDropEvent((event) => {
    const p = event.payload;
    // Tauri gives physical pixels; the page lays out in CSS pixels.
    const at = (pos: { x: number; y: number }): DropPoint => {
      const scale = window.devicePixelRatio || 1;
      return { x: pos.x / scale, y: pos.y / scale };
    };
    if (p.type === "drop") handler({ type: "drop", paths: p.paths, at: at(p.position) });
    else if (p.type === "leave") handler({ type: "leave" });
    else handler({ type: "over", at: at(p.position) });
  });
  return () => unlisten();
}
