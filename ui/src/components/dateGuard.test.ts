// Guards issue 14 item 5: dates are shown and typed as YYYY-MM-DD whatever the OS locale.
// WebKitGTK draws the native date, datetime-local, month, week and time inputs in the
// computer's locale order (12/01/2026); a form that brings one back fails here. Use DateInput
// or DateTimeInput (components/DateInput.tsx) instead.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// jsdom gives import.meta.url an http: scheme; the module runner still knows the file's path.
const SRC = resolve(import.meta.dirname ?? dirname(fileURLToPath(import.meta.url)), "..");
// The component that replaces them (it draws only text inputs, but may name the native ones).
const ALLOWED = new Set(["components/DateInput.tsx"]);
// type="date", type='date', type={"date"}, type: "date", and the other locale-drawn kinds.
const NATIVE = /\btype\s*[=:]\s*\{?\s*["'`](date|datetime-local|month|week|time)["'`]/g;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

export function nativeDateInputs(files: { path: string; text: string }[]): string[] {
  return files.flatMap(({ path, text }) =>
    [...text.matchAll(NATIVE)].map((m) => `${path}:${text.slice(0, m.index).split("\n").length}: ${m[0]}`),
  );
}

describe("no OS-locale date inputs", () => {
  it("ui/src has no native date/datetime-local/month/week/time input outside DateInput.tsx", () => {
    const files = sources(SRC)
      .map((p) => ({ path: relative(SRC, p).split("\\").join("/"), text: readFileSync(p, "utf8") }))
      .filter((f) => !ALLOWED.has(f.path));
    expect(files.length).toBeGreaterThan(50);
    expect(nativeDateInputs(files)).toEqual([]);
  });

  it("catches each way of writing one (the guard can fail)", () => {
    const bad = [
      '<input type="date" value={v} />',
      "<input type='datetime-local' />",
      '<input type={"date"} />',
      'text("valid_from", undefined, { type: "date" })',
      '{ type: "datetime-local" }',
      '<input type="month" />',
    ].map((text, i) => ({ path: `f${i}.tsx`, text }));
    expect(nativeDateInputs(bad)).toHaveLength(bad.length);
    expect(nativeDateInputs([{ path: "ok.tsx", text: '<input type="text" /> <DateInput value={d} /> { type: "email" }' }])).toEqual([]);
  });
});
