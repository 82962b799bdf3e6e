// The core's error catalog (written by the core's export_bindings_error_catalog test) against
// both languages: every key has a translation in zh-CN and en with exactly the catalog's
// parameters, nothing stale is left, and a real refusal reads right in either language.
import { afterEach, describe, expect, it } from "vitest";
import catalog from "../ipc/bindings/errorCatalog.json";
import zhCN from "../i18n/zh-CN.json";
import en from "../i18n/en.json";
import i18n from "../i18n";
import type { AppError } from "../ipc/api";
import { errorText, placeError } from "./errors";

type Entry = { params: string[]; en: string };
const entries = Object.entries(catalog as Record<string, Entry>);
type Tree = { [k: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = node[part];
  }
  return typeof node === "string" ? node : undefined;
}

function leaves(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [prefix + k] : leaves(v, `${prefix}${k}.`)));
}

const placeholders = (s: string) => [...new Set([...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();

const LANGS: [string, Tree][] = [
  ["zh-CN", (zhCN as unknown as { errors: { core: Tree } }).errors.core],
  ["en", (en as unknown as { errors: { core: Tree } }).errors.core],
];

/** As the core sends it: tests/waste_generation.rs a_bad_quantity_crosses_ipc_as_a_key_with_parameters. */
const badQuantity: AppError = {
  kind: "Invalid",
  message: "'1.2345' kg is more precise than 1 g (at most 3 decimals in kg)",
  field: "quantity",
  key: "units.too_precise",
  params: { decimals: "3", unit: "kg", value: "1.2345" },
  context: [],
};

describe("the error catalog in both languages", () => {
  afterEach(async () => {
    await i18n.changeLanguage("zh-CN");
  });

  it("has hundreds of keys (the file is the core's whole catalog)", () => {
    expect(entries.length).toBeGreaterThan(300);
  });

  for (const [lang, core] of LANGS) {
    it(`${lang}: every key is translated with exactly its parameters`, () => {
      const missing: string[] = [];
      const wrong: string[] = [];
      for (const [key, e] of entries) {
        const text = lookup(core, key);
        if (text === undefined || text.trim() === "") missing.push(key);
        else if (placeholders(text).join(",") !== [...e.params].sort().join(",")) wrong.push(`${key}: ${text}`);
      }
      expect(missing).toEqual([]);
      expect(wrong).toEqual([]);
    });

    it(`${lang}: holds no key the core no longer has`, () => {
      const known = new Set(entries.map(([k]) => k));
      expect(leaves(core).filter((k) => !known.has(k))).toEqual([]);
    });
  }

  it("the Chinese is Chinese: no translation is the English template copied", () => {
    const zh = LANGS[0]![1];
    const copied = entries
      .filter(([key, e]) => /[a-z]{3,}/.test(e.en.replace(/\{\w+\}/g, "")) && lookup(zh, key) === e.en.replace(/\{(\w+)\}/g, "{{$1}}"))
      .map(([k]) => k);
    expect(copied).toEqual([]);
  });

  it("words a real core refusal (a bad quantity on a waste entry) in zh-CN and en", async () => {
    await i18n.changeLanguage("zh-CN");
    expect(errorText(badQuantity, i18n.t)).toBe("“1.2345” kg 精度高于 1 g（以 kg 计最多 3 位小数）");
    expect(errorText(badQuantity, i18n.t, { withField: true })).toBe(
      "数量：“1.2345” kg 精度高于 1 g（以 kg 计最多 3 位小数）",
    );
    await i18n.changeLanguage("en");
    expect(errorText(badQuantity, i18n.t)).toBe("'1.2345' kg is more precise than 1 g (at most 3 decimals in kg)");
    expect(errorText(badQuantity, i18n.t, { withField: true })).toBe(
      "Quantity: '1.2345' kg is more precise than 1 g (at most 3 decimals in kg)",
    );
  });

  it("puts the context (row, item) before the message and translates a record kind", async () => {
    const inRow: AppError = {
      kind: "Invalid",
      message: "row 7: at most 300 characters",
      field: "note",
      key: "common.too_long",
      params: { max: "300" },
      context: [{ key: "common.ctx_row", params: { row: "7" } }],
    };
    const notFound: AppError = {
      kind: "NotFound",
      message: "hazard not found: H-9",
      field: null,
      key: "common.not_found",
      params: { what: "hazard", id: "H-9" },
      context: [],
    };
    expect(errorText(inRow, i18n.t)).toBe("第 7 行：最多 300 个字符");
    expect(errorText(notFound, i18n.t)).toBe("未找到隐患：H-9");
    await i18n.changeLanguage("en");
    expect(errorText(inRow, i18n.t)).toBe("Row 7: at most 300 characters");
    expect(errorText(notFound, i18n.t)).toBe("Hazard not found: H-9");
  });

  it("falls back to the core's English for a key this UI does not know, and forms use the wording", () => {
    const unknown: AppError = { ...badQuantity, key: "waste.not_yet_known", message: "as the core said" };
    expect(errorText(unknown, i18n.t)).toBe("as the core said");
    const placed = placeError({ ...badQuantity, field: "container_id" }, i18n.t, []);
    expect(placed.form).toContain("容器编号：“1.2345” kg 精度高于 1 g");
  });
});
