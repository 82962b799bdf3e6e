import { describe, expect, it } from "vitest";
import zhCN from "./zh-CN.json";
import en from "./en.json";

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  const zh = flatten(zhCN as Tree);
  const eng = flatten(en as Tree);

  it("zh-CN and en have identical key sets", () => {
    const onlyZh = [...zh.keys()].filter((k) => !eng.has(k));
    const onlyEn = [...eng.keys()].filter((k) => !zh.has(k));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
    expect(zh.size).toBeGreaterThan(50);
  });

  it("has no empty values", () => {
    const empty = [...zh, ...eng].filter(([, v]) => v.trim() === "").map(([k]) => k);
    expect(empty).toEqual([]);
  });

  it("uses the same interpolation placeholders in both languages", () => {
    const mismatched = [...zh.keys()].filter(
      (k) => JSON.stringify(placeholders(zh.get(k) ?? "")) !== JSON.stringify(placeholders(eng.get(k) ?? "")),
    );
    expect(mismatched).toEqual([]);
  });
});
