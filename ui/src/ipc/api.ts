// The typed IPC surface, one module per area; this barrel re-exports them so screens import
// from "ipc/api". Only ipc/core.ts (invoke, Channel), ipc/drop.ts (the window's native file
// drop) and ipc/osNotify.ts (OS notifications) import @tauri-apps/*; drop.ts is imported by HQ's
// import screen directly, so Tauri's webview module loads with HQ's lazily loaded chunk rather
// than with this barrel; osNotify.ts by the hazard clocks' hook. IPC types are
// generated from Rust by ts-rs into ./bindings (never edit those); each area module re-exports
// the ones it uses. invoke and Channel stay inside ipc/: screens call the typed wrappers.
export { isAppError, type AppError, type ErrorKind } from "./core";
export * from "./app";
export * from "./waste";
export * from "./storage";
export * from "./shipping";
export * from "./solid";
export * from "./voc";
export * from "./docs";
export * from "./import";
export * from "./settings";
export * from "./alerts";
export * from "./jobs";
export * from "./waterListener";
export * from "./sync";
export * from "./hq";
export * from "./water";
export * from "./hazards";
export * from "./hazardPhotos";
export * from "./inspections";
export * from "./backup";
