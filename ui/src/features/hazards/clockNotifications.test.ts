import { beforeEach, describe, expect, it, vi } from "vitest";
import i18n from "../../i18n";
import { mockBackend } from "../../ipc/mockBackend";
import type { DesktopNotice } from "../../ipc/api";
import { compose, loadSeen, notifyNew, SUMMARY_OVER } from "./clockNotifications";

const shown: { title: string; body: string }[] = [];
vi.mock("../../ipc/osNotify", () => ({
  osNotify: (title: string, body: string) => {
    shown.push({ title, body });
    return Promise.resolve(true);
  },
}));

const notice = (n: number, over: Partial<DesktopNotice> = {}): DesktopNotice => ({
  key: `h${n}|due_soon|2026-03-20`,
  kind: "due_soon",
  hazard_id: `h${n}`,
  number: `YH-2026-000${n}`,
  area: "冲压车间",
  description: "光电保护装置失效",
  deadline: "2026-03-20",
  days: 3,
  mine: true,
  ...over,
});

describe("hazard clock notifications", () => {
  beforeEach(() => {
    shown.length = 0;
    localStorage.clear();
  });

  it("words each kind: due soon, due today, overdue, escalated", () => {
    const t = i18n.getFixedT("zh-CN");
    const m = compose(
      [
        notice(1),
        notice(2, { days: 0 }),
        notice(3, { kind: "overdue", days: 2, key: "h3|overdue|2026-03-20" }),
      ],
      t,
    );
    expect(m.map((x) => x.title)).toEqual(["隐患整改即将到期", "隐患整改即将到期", "隐患整改已逾期"]);
    expect(m[0]!.body).toContain("还剩 3 天");
    expect(m[1]!.body).toContain("今天");
    expect(m[2]!.body).toContain("已逾期 2 天");
    const esc = compose([notice(4, { kind: "overdue", days: 1, mine: false })], i18n.getFixedT("en"));
    expect(esc[0]!.title).toBe("Overdue hazard escalated to you");
  });

  it("summarises more than a few new notices into one", () => {
    const many = Array.from({ length: SUMMARY_OVER + 1 }, (_, i) =>
      notice(i, i === 0 ? { kind: "overdue", key: "h0|overdue|2026-03-20" } : {}),
    );
    const m = compose(many, i18n.getFixedT("zh-CN"));
    expect(m).toHaveLength(1);
    expect(m[0]!.body).toContain(`即将到期 ${SUMMARY_OVER} 项，已逾期 1 项`);
  });

  // Guards against repeating a notification on every poll, and against never notifying again
  // after an extension (a new deadline is a new key).
  it("shows each key once per user and again for a new deadline", async () => {
    let current = [notice(1)];
    mockBackend({ hazard_desktop_notices: () => current });
    const t = i18n.getFixedT("zh-CN");
    expect(await notifyNew("u1", t)).toHaveLength(1);
    expect(await notifyNew("u1", t)).toHaveLength(0);
    expect(shown).toHaveLength(1);
    // Another user on the same PC gets their own.
    expect(await notifyNew("u2", t)).toHaveLength(1);
    current = [notice(1, { key: "h1|due_soon|2026-03-24", deadline: "2026-03-24" })];
    expect(await notifyNew("u1", t)).toHaveLength(1);
    // Only current keys are kept.
    expect([...loadSeen("u1")]).toEqual(["h1|due_soon|2026-03-24"]);
  });
});
