// 备份: the folder and schedule saved in one set_settings call (a refusal under its field),
// "back up now" with its result or the core's refusal, verify per copy, and restore through the
// preview with the plant code typed as confirmation (refused copies offer no restore button).
import { describe, expect, it, vi } from "vitest";
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { BackupPanel, BACKUP_KEYS } from "./BackupPanel";
import { callsOf, mockBackend, type Handler } from "../../ipc/mockBackend";
import type { BackupCopy, BackupStatus, CopyCheck, RestorePreview } from "../../ipc/api";

const path = "/media/usb/ehs/ehs-ledger_SZ01_20261202T101500Z.sqlite";
const copy: BackupCopy = {
  file_name: "ehs-ledger_SZ01_20261202T101500Z.sqlite",
  path,
  taken_at: "2026-12-02T10:15:00Z",
  bytes: 3 * 1024 * 1024,
  good: true,
  last_check: {
    id: "l1",
    event: "backup",
    outcome: "ok",
    path,
    bytes: 3 * 1024 * 1024,
    sha256: "ab".repeat(32),
    started_at: "2026-12-02T10:15:00Z",
    finished_at: "2026-12-02T10:15:01Z",
    integrity: "ok",
    audit_verify: "ok",
    message: "",
    actor: "u1",
  },
};
const status = (over: Partial<BackupStatus> = {}): BackupStatus => ({
  folder: "/media/usb/ehs",
  folder_problem: null,
  keep: 14,
  interval_days: 1,
  stale_days: 7,
  last_good_at: "2026-12-02T10:15:00Z",
  next_due_at: "2026-12-03T10:15:00Z",
  copies: [copy],
  log: [],
  ...over,
});
const check = (over: Partial<CopyCheck> = {}): CopyCheck => ({
  path,
  bytes: copy.bytes,
  sha256: "ab".repeat(32),
  integrity: "ok",
  audit_verify: "ok",
  problem: null,
  ok: true,
  plant_code: "SZ01",
  plant_name: "深圳工厂",
  schema_version: 24,
  build_schema_version: 24,
  counts: [
    { table: "waste_generation", rows: 1200 },
    { table: "shipment", rows: 31 },
    { table: "hazard", rows: 7 },
  ],
  audit_rows: 5210,
  newest_record_at: "2026-12-02T09:58:00Z",
  photos: { store: "/media/usb/ehs/ehs-ledger_SZ01.files/photos", files: 12, present: 12, missing: [], bad: [] },
  ...over,
});
const noPhotoGaps = { copied: 2, already: 10, missing_live: [], bad_live: [], not_written: [] };
const preview = (over: Partial<RestorePreview> = {}): RestorePreview => ({
  copy: check(),
  current_plant_code: "SZ01",
  restorable: true,
  refusal: null,
  photos: { photo_dir: "/data/ehs-ledger.files/photos", files: 12, in_place: 0, from_backup: 12, unavailable: [], complete: true },
  ...over,
});

function renderPanel(handlers: Record<string, Handler> = {}, opts: { canEdit?: boolean; isAdmin?: boolean } = {}) {
  const onRestored = vi.fn();
  const calls = mockBackend({ backup_list: () => status(), ...handlers });
  render(
    <BackupPanel canEdit={opts.canEdit ?? true} isAdmin={opts.isAdmin ?? true} timezone="Asia/Shanghai" onRestored={onRestored} />,
  );
  return { calls, onRestored };
}

describe("BackupPanel", () => {
  it("shows the copies with their check and the last good backup in plant time", async () => {
    renderPanel();
    const row = await screen.findByTestId("backup-copy");
    expect(row).toHaveAttribute("data-good", "yes");
    expect(within(row).getByText("有效")).toBeInTheDocument();
    expect(within(row).getByText("3.0 MB")).toBeInTheDocument();
    // 10:15 UTC is 18:15 in Shanghai.
    expect(screen.getByTestId("backup-summary")).toHaveTextContent("2026-12-02 18:15");
    expect(screen.getByTestId("backup-backup_folder")).toHaveValue("/media/usb/ehs");
  });

  it("saves the four settings at once and shows a refusal under the folder", async () => {
    let refuse = true;
    const { calls } = renderPanel({
      set_settings: (a) => {
        if (refuse) throw { kind: "Invalid", message: "must be a full path", field: "backup_folder" };
        return a.changes;
      },
    });
    const user = userEvent.setup();
    await vi.waitFor(() => expect(screen.getByTestId("backup-backup_keep")).toHaveValue("14"));
    await user.clear(screen.getByTestId("backup-backup_folder"));
    await user.type(screen.getByTestId("backup-backup_folder"), "usb");
    await user.click(screen.getByTestId("backup-save"));
    expect(await screen.findByTestId("error-backup_folder")).toHaveTextContent("请输入完整的文件夹路径");
    refuse = false;
    await user.clear(screen.getByTestId("backup-backup_folder"));
    await user.type(screen.getByTestId("backup-backup_folder"), "/mnt/share/ehs");
    await user.clear(screen.getByTestId("backup-backup_keep"));
    await user.type(screen.getByTestId("backup-backup_keep"), "30");
    await user.click(screen.getByTestId("backup-save"));
    await screen.findByTestId("backup-saved");
    const changes = callsOf(calls, "set_settings").at(-1)?.args.changes as [string, string][];
    expect(changes.map(([k]) => k)).toEqual([...BACKUP_KEYS]);
    expect(Object.fromEntries(changes)).toEqual({
      backup_folder: "/mnt/share/ehs",
      backup_keep: "30",
      backup_interval_days: "1",
      backup_stale_days: "7",
    });
  });

  it("backs up now and shows where, or the core's reason", async () => {
    let fail = true;
    const { calls } = renderPanel({
      backup_now: () => {
        if (fail)
          throw {
            kind: "Invalid",
            key: "backup.folder_unreachable",
            params: { path: "/media/usb/ehs" },
            context: [],
            message: "/media/usb/ehs does not exist or cannot be reached",
            field: "backup_folder",
          };
        return {
          log_id: "l2",
          file_name: copy.file_name,
          copy: check(),
          photos: noPhotoGaps,
          warning: null,
          deleted: ["/media/usb/ehs/old.sqlite"],
        };
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("backup-now"));
    // The core's keyed refusal, worded in the UI's language (zh-CN here).
    expect(await screen.findByTestId("backup-now-error")).toHaveTextContent("/media/usb/ehs 不存在或无法访问");
    fail = false;
    await user.click(screen.getByTestId("backup-now"));
    const done = await screen.findByTestId("backup-done");
    expect(done).toHaveTextContent(path);
    expect(done).toHaveTextContent("删除了 1 份");
    expect(screen.getByTestId("backup-done-photos")).toHaveTextContent("涉及 12 个文件，本次复制 2 个，10 个已在备份照片库中");
    expect(screen.queryByTestId("backup-photo-warning")).toBeNull();
    expect(callsOf(calls, "backup_now")).toHaveLength(2);
    // The list is read again after each run.
    expect(callsOf(calls, "backup_list").length).toBeGreaterThanOrEqual(3);
  });

  it("verifies a copy and says what failed", async () => {
    const { calls } = renderPanel({
      backup_verify: () => check({ ok: false, integrity: "*** in database main *** Page 3: btreeInitPage() returns error code 11", audit_verify: "not run" }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("backup-verify"));
    expect(await screen.findByTestId("backup-verify-result")).toHaveTextContent("校验未通过：*** in database main *** Page 3");
    expect(callsOf(calls, "backup_verify")[0]?.args).toEqual({ path });
  });

  it("restores only after the preview and the typed plant code, then asks to sign in again", async () => {
    const { calls, onRestored } = renderPanel({
      backup_preview: () => preview(),
      backup_restore: () => ({
        restored_from: path,
        kept_aside: "/data/ehs-ledger.sqlite3.before-restore-20261202T110000Z",
        plant_code: "SZ01",
        copy_schema_version: 24,
        audit_rows: 5211,
        photos_copied: 12,
        photos_unavailable: [],
      }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("backup-restore"));
    const dialog = await screen.findByTestId("backup-restore-dialog");
    expect(await within(dialog).findByTestId("backup-preview-plant")).toHaveTextContent("SZ01 深圳工厂");
    expect(within(dialog).getByTestId("backup-count-waste_generation")).toHaveTextContent("1200");
    expect(within(dialog).getByText("危废产生记录")).toBeInTheDocument();
    expect(within(dialog).getByTestId("backup-preview-audit")).toHaveTextContent("ok");
    expect(within(dialog).getByTestId("backup-preview-newest")).toHaveTextContent("2026-12-02 17:58");
    expect(within(dialog).getByTestId("backup-preview-photos")).toHaveTextContent("12 个，备份照片库中完好 12 个");
    expect(within(dialog).getByTestId("backup-preview-photo-plan")).toHaveTextContent("0 个已在本机，12 个从备份照片库复制");
    expect(within(dialog).getByTestId("backup-preview-photos-complete")).toBeInTheDocument();
    const go = within(dialog).getByTestId("backup-restore-confirm");
    expect(go).toBeDisabled();
    await user.type(within(dialog).getByTestId("backup-confirm"), "SZ0");
    expect(go).toBeDisabled();
    expect(callsOf(calls, "backup_restore")).toHaveLength(0);
    await user.type(within(dialog).getByTestId("backup-confirm"), "1");
    expect(go).toBeEnabled();
    await user.click(go);
    expect(await within(dialog).findByTestId("backup-restored")).toHaveTextContent("before-restore-20261202T110000Z");
    expect(within(dialog).getByTestId("backup-restored")).toHaveTextContent("复制回 12 个照片文件");
    expect(callsOf(calls, "backup_restore")[0]?.args).toEqual({ path, confirm: "SZ01" });
    expect(onRestored).not.toHaveBeenCalled();
    await user.click(within(dialog).getByTestId("backup-sign-in-again"));
    expect(onRestored).toHaveBeenCalledTimes(1);
  });

  it("offers no restore for a copy the core refuses, and shows why", async () => {
    const { calls } = renderPanel({
      backup_preview: () =>
        preview({
          restorable: false,
          refusal: { key: "backup.newer_schema", params: { copy: "31", known: "24" } },
          copy: check({ ok: false, problem: { key: "backup.newer_schema", params: { copy: "31", known: "24" } }, schema_version: 31 }),
        }),
    });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("backup-restore"));
    const dialog = await screen.findByTestId("backup-restore-dialog");
    expect(await within(dialog).findByTestId("backup-preview-refusal")).toHaveTextContent("该副本来自更新版本的 EHS Ledger（数据库结构 31；本程序最高支持 24）");
    expect(within(dialog).queryByTestId("backup-restore-confirm")).toBeNull();
    expect(callsOf(calls, "backup_restore")).toHaveLength(0);
  });

  it("says which photos a backup could not take, marks the copy, and names photo gaps on verify and preview", async () => {
    const missing = `${"cd".repeat(32)}.jpg`;
    const bad = `${"ef".repeat(32)}.png`;
    const warned = {
      ...copy,
      last_check: { ...copy.last_check!, message: `warning: 1 photo files missing from the live store (not backed up): ${missing}` },
    };
    renderPanel({
      backup_list: () => status({ copies: [warned] }),
      backup_now: () => ({
        log_id: "l3",
        file_name: copy.file_name,
        copy: check({ ok: false, photos: { store: "/s", files: 12, present: 11, missing: [missing], bad: [] } }),
        photos: { ...noPhotoGaps, missing_live: [missing] },
        warning: `1 photo files missing from the live store (not backed up): ${missing}`,
        deleted: [],
      }),
      backup_verify: () => check({ ok: false, photos: { store: "/s", files: 12, present: 10, missing: [missing], bad: [bad] } }),
      backup_preview: () =>
        preview({
          photos: { photo_dir: "/d", files: 12, in_place: 3, from_backup: 8, unavailable: [missing], complete: false },
        }),
    });
    const user = userEvent.setup();
    const row = await screen.findByTestId("backup-copy");
    expect(within(row).getByTestId("backup-copy-warning")).toHaveTextContent("照片不全");
    await user.click(screen.getByTestId("backup-now"));
    const w = await screen.findByTestId("backup-photo-warning");
    expect(w).toHaveTextContent("1 个照片文件未能备份");
    expect(w).toHaveTextContent(missing);
    await user.click(screen.getByTestId("backup-verify"));
    const v = await screen.findByTestId("backup-verify-result");
    expect(v).toHaveTextContent("1 个照片文件不在备份照片库中，1 个与其哈希不符");
    expect(v).toHaveTextContent(bad);
    await user.click(screen.getByTestId("backup-restore"));
    const dialog = await screen.findByTestId("backup-restore-dialog");
    const gap = await within(dialog).findByTestId("backup-preview-photos-incomplete");
    expect(gap).toHaveTextContent(missing);
    expect(within(dialog).getByTestId("backup-preview-photo-plan")).toHaveTextContent("3 个已在本机，8 个从备份照片库复制");
  });

  it("hides the actions from roles that cannot use them", async () => {
    renderPanel({}, { canEdit: false, isAdmin: false });
    await screen.findByTestId("backup-copy");
    expect(screen.queryByTestId("backup-now")).toBeNull();
    expect(screen.queryByTestId("backup-restore")).toBeNull();
    expect(screen.getByTestId("backup-backup_folder")).toBeDisabled();
  });
});
