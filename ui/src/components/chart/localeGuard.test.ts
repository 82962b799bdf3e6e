import { describe, expect, it } from "vitest";
import { guardNavigatorLanguage } from "./localeGuard";

const fakeNavigator = (language: string) => ({ language }) as Navigator;

describe("guardNavigatorLanguage", () => {
  // Regression (real window under Xvfb, LANG=C): uPlot's module threw "invalid language tag: C".
  it("replaces a POSIX locale Intl refuses, so uPlot's formatter can be built", () => {
    const nav = fakeNavigator("C");
    expect(() => new Intl.NumberFormat(nav.language)).toThrow(RangeError);
    guardNavigatorLanguage(nav);
    expect(nav.language).toBe("en-US");
    expect(() => new Intl.NumberFormat(nav.language)).not.toThrow();
  });

  it("leaves a valid language alone", () => {
    const nav = fakeNavigator("zh-CN");
    guardNavigatorLanguage(nav);
    expect(nav.language).toBe("zh-CN");
  });
});
