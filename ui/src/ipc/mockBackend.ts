// Test-only stand-in for the Rust side, built on @tauri-apps/api/mocks so that
// tests, like the app, reach Tauri only through src/ipc/.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

export { clearMocks };

export type Call = { cmd: string; args: Record<string, unknown> };
export type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Installs a fake backend. Each handler returns the command's result or throws
 * (e.g. an AppError object) to make invoke() reject. Unhandled commands reject
 * with a string, as Tauri does for unknown commands. Returns the call log.
 */
export function mockBackend(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC(async (cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const h = handlers[cmd];
    if (!h) throw `command ${cmd} not mocked`;
    return h(args);
  });
  return calls;
}

export const callsOf = (calls: Call[], cmd: string): Call[] => calls.filter((c) => c.cmd === cmd);

type TauriInternals = { runCallback: (id: number, data: unknown) => void };

/**
 * Sends messages on a Channel the UI passed as an argument (e.g. `args.onProgress`), the way
 * the Rust side does: each message carries its index so the Channel delivers them in order.
 */
export function channelSender<T>(channel: unknown): (message: T) => void {
  const id = (channel as { id: number }).id;
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  let index = 0;
  return (message: T) => internals.runCallback(id, { index: index++, message });
}
