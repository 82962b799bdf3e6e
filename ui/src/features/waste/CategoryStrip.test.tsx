import { describe, expect, it } from "vitest";
import { render, screen } from "@testing-library/react";
import { CategoryStrip } from "./CategoryStrip";
import { mockBackend } from "../../ipc/mockBackend";
import { category, filing } from "../../test/settings";
import i18n from "../../i18n";

describe("CategoryStrip", () => {
  it("holds its place while loading, so what is below does not jump when it arrives", async () => {
    let answer: (c: ReturnType<typeof category>) => void = () => {};
    mockBackend({ plant_category: () => new Promise((resolve) => (answer = resolve)) });
    render(<CategoryStrip />);
    const placeholder = screen.getByTestId("category-strip-loading");
    expect(placeholder).toHaveClass("category-strip");
    expect(placeholder).toHaveAttribute("aria-busy", "true");
    answer(category());
    expect(await screen.findByTestId("category-strip")).toBeInTheDocument();
    expect(screen.queryByTestId("category-strip-loading")).not.toBeInTheDocument();
  });

  it.each([
    ["key", "重点监管单位"],
    ["simplified", "简化管理单位"],
    ["registered", "登记管理单位"],
  ] as const)("names the %s category", async (cat, name) => {
    mockBackend({ plant_category: () => category({ category: cat }) });
    render(<CategoryStrip />);
    expect(await screen.findByTestId("category-strip")).toHaveTextContent(`管理类别：${name}`);
    expect(screen.getByTestId("category-name")).toHaveTextContent(name);
  });

  it("shows the basis, the reason and the three years' tonnes", async () => {
    mockBackend({ plant_category: () => category() });
    render(<CategoryStrip />);
    const basis = await screen.findByTestId("category-basis");
    expect(basis).toHaveTextContent("10 吨 ≤ 年产生量 < 100 吨（近三年最大年产生量 94.420 吨，2024 年）");
    expect(screen.getByTestId("category-ytd")).toHaveTextContent("今年累计 12.300 吨");
    expect(basis).toHaveAttribute("title", expect.stringContaining("2023 年 80.000 吨"));
    expect(screen.getByTestId("category-years")).toHaveTextContent(/2023 年 80\.000 吨.*2024 年 94\.420 吨.*2025 年 60\.500 吨/);
  });

  it("says when the EIA/permit estimate decided it (under three years of ledger)", async () => {
    mockBackend({
      plant_category: () =>
        category({
          category: "key",
          computed: "key",
          reason_key: "ge100",
          basis: "eia_estimate",
          basis_t: "150.000000",
          basis_year: null,
          reason_params: { basis_t: "150.000000", basis: "eia_estimate", years_of_ledger: "1" },
        }),
    });
    render(<CategoryStrip />);
    expect(await screen.findByTestId("category-basis")).toHaveTextContent(
      "年产生量 ≥ 100 吨（环评/排污许可预估年产生量 150.000 吨；台账不足三年）",
    );
  });

  it("names the authority's document and what the rules alone give, in both languages", async () => {
    const assigned = category({
      category: "key",
      computed: "simplified",
      reason_key: "authority",
      reason_params: { doc: "深环函〔2025〕12号", date: "2025-01-10" },
    });
    mockBackend({ plant_category: () => assigned });
    const { unmount } = render(<CategoryStrip />);
    expect(await screen.findByTestId("category-basis")).toHaveTextContent(
      "由主管部门核定：深环函〔2025〕12号，2025-01-10（按规则计算为简化管理单位）",
    );
    unmount();
    await i18n.changeLanguage("en");
    render(<CategoryStrip />);
    expect(await screen.findByTestId("category-basis")).toHaveTextContent(
      "assigned by the competent authority: 深环函〔2025〕12号, 2025-01-10 (the rules give Simplified-management unit)",
    );
    await i18n.changeLanguage("zh-CN");
  });

  it("colours each filing by the days left: ≤ 2 critical, ≤ 7 warning, otherwise neutral", async () => {
    mockBackend({
      plant_category: () =>
        category({
          category: "key",
          upcoming: [
            filing({ period: "2026-11", due: "2026-12-15", days_left: 2 }),
            filing({ filing: "quarterly", period: "2026-Q4", due: "2026-12-18", days_left: 5 }),
            filing({ filing: "annual", period: "2026", due: "2027-01-12", days_left: 30 }),
            filing({ filing: "plan", period: "2027", due: "2026-12-13", days_left: 0 }),
          ],
        }),
    });
    render(<CategoryStrip />);
    const chips = await screen.findAllByTestId("filing-chip");
    expect(chips).toHaveLength(4);
    expect(chips[0]).toHaveTextContent("2026-11 月度申报 截止 2026-12-15（剩 2 天）");
    expect(chips[0]).toHaveClass("filing-chip--critical");
    expect(chips[1]).toHaveTextContent("2026-Q4 季度申报 截止 2026-12-18（剩 5 天）");
    expect(chips[1]).toHaveClass("filing-chip--warning");
    expect(chips[2]).toHaveTextContent("年度申报");
    expect(chips[2]).toHaveClass("filing-chip--neutral");
    expect(chips[3]).toHaveTextContent("2027 管理计划备案 今天截止（2026-12-13）");
    expect(chips[3]).toHaveClass("filing-chip--critical");
  });

  it("takes the tone from the core's severity, not from the days left", async () => {
    mockBackend({
      plant_category: () =>
        category({
          upcoming: [
            filing({ days_left: 10, severity: "warning" }),
            filing({ period: "2026-12", days_left: 1, severity: "info" }),
          ],
        }),
    });
    render(<CategoryStrip />);
    const chips = await screen.findAllByTestId("filing-chip");
    expect(chips[0]).toHaveClass("filing-chip--warning");
    expect(chips[1]).toHaveClass("filing-chip--neutral");
  });

  it("translates the reason by its key and shows a new key's English sentence as sent", async () => {
    mockBackend({
      // A key this UI build has no wording for (typed out of the closed list on purpose).
      plant_category: () => category({ reason_key: "something_new" as never, reason: "a rule added later" }),
    });
    render(<CategoryStrip />);
    expect(await screen.findByTestId("category-basis")).toHaveTextContent("a rule added later");
  });

  it("writes the example chip in English too", async () => {
    await i18n.changeLanguage("en");
    mockBackend({ plant_category: () => category({ category: "registered", upcoming: [filing()] }) });
    render(<CategoryStrip />);
    expect(await screen.findByTestId("category-name")).toHaveTextContent("Registered-management unit");
    expect(screen.getByTestId("filing-chip")).toHaveTextContent("2026-11 monthly declaration due 2026-12-15 (21 days left)");
  });

  it("shows a quiet line when the category cannot be loaded", async () => {
    mockBackend({
      plant_category: () => {
        throw { kind: "Internal", message: "database is locked", field: null };
      },
    });
    render(<CategoryStrip />);
    const line = await screen.findByTestId("category-error");
    expect(line).toHaveTextContent("无法加载管理类别：database is locked");
    expect(line).not.toHaveAttribute("role", "alert");
    expect(screen.queryByTestId("category-strip")).not.toBeInTheDocument();
  });
});
