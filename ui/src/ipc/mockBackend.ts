// Test-only stand-in for the Rust side, built on @tauri-apps/api/mocks so that
// tests, like the app, reach Tauri only through src/ipc/.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { hqHandlers, type HqState } from "../test/hq";

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
  let headers: Record<string, string> = {};
  mockIPC(async (cmd, payload) => {
    // A file sent as the raw body (ipc/import.ts) arrives as `{ body, headers }`: the bytes as
    // numbers and the request's headers, as the Rust side reads them.
    const args: Record<string, unknown> =
      payload instanceof Uint8Array
        ? { body: Array.from(payload), headers }
        : ((payload ?? {}) as Record<string, unknown>);
    calls.push({ cmd, args });
    const h = handlers[cmd];
    if (!h) throw `command ${cmd} not mocked`;
    return h(args);
  });
  // mockIPC drops invoke's options; keep the headers for the handler of the same call.
  const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke: InvokeFn } }).__TAURI_INTERNALS__;
  const inner = internals.invoke;
  internals.invoke = (cmd, args, options) => {
    headers = Object.fromEntries(new Headers(options?.headers ?? {}).entries());
    return inner(cmd, args, options);
  };
  return calls;
}

/**
 * HQ mode's stand-in (test/hq.ts: every hq_* command over a small stateful registry and grid),
 * with `over` replacing single commands. Also what `npm run dev` answers outside Tauri.
 */
export function mockHq(over: Record<string, Handler> = {}, init: Partial<HqState> = {}, extraPlants = 0): Call[] {
  return mockBackend({ ...hqHandlers(init, extraPlants), ...over });
}

type InvokeFn = (cmd: string, args?: unknown, options?: { headers?: HeadersInit }) => Promise<unknown>;

export const callsOf = (calls: Call[], cmd: string): Call[] => calls.filter((c) => c.cmd === cmd);

type TauriInternals = { runCallback: (id: number, data: unknown) => void };

/**
 * Sends messages on a Channel the UI passed as an argument (e.g. `args.onProgress`), the way
 * the Rust side does: each message carries its index so the Channel delivers them in order.
 */
export function channelSender<T>(channel: unknown): (message: T) => void {
  // A Channel object, or its IPC form `__CHANNEL__:<id>` (sent in a header with raw bodies).
  const id = typeof channel === "string" ? Number(channel.split(":")[1]) : (channel as { id: number }).id;
  const internals = (window as unknown as { __TAURI_INTERNALS__: TauriInternals }).__TAURI_INTERNALS__;
  let index = 0;
  return (message: T) => internals.runCallback(id, { index: index++, message });
}
