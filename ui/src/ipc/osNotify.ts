// OS notifications (the desktop's notification centre) through Tauri's notification plugin:
// the window is granted only `notify` and the permission check. Outside Tauri (tests, a plain
// browser during `npm run dev`) and where the desktop has no notification service, nothing is
// shown and nothing fails — the in-app alerts carry the same clocks.
import { isTauri } from "@tauri-apps/api/core";
import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";

/** Shows one OS notification; resolves to whether it was handed to the OS. */
export async function osNotify(title: string, body: string): Promise<boolean> {
  if (!isTauri()) return false;
  try {
    let granted = await isPermissionGranted();
    if (!granted) granted = (await requestPermission()) === "granted";
    if (!granted) return false;
    sendNotification({ title, body });
    return true;
  } catch {
    return false;
  }
}
