// Backups of the plant database: the status with the copies in the backup folder, back up now,
// verify a copy, the preview of a restore and the restore (admins; the plant code typed as
// confirmation; everyone is signed out afterwards).
import { invoke } from "./core";
import type { BackupReport } from "./bindings/BackupReport";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { CopyCheck } from "./bindings/CopyCheck";
import type { RestorePreview } from "./bindings/RestorePreview";
import type { RestoreReport } from "./bindings/RestoreReport";

export type { BackupCopy } from "./bindings/BackupCopy";
export type { BackupEvent } from "./bindings/BackupEvent";
export type { BackupLogEntry } from "./bindings/BackupLogEntry";
export type { BackupOutcome } from "./bindings/BackupOutcome";
export type { BackupReport } from "./bindings/BackupReport";
export type { BackupStatus } from "./bindings/BackupStatus";
export type { CopyCheck } from "./bindings/CopyCheck";
export type { CopyCount } from "./bindings/CopyCount";
export type { RestorePreview } from "./bindings/RestorePreview";
export type { RestoreReport } from "./bindings/RestoreReport";

/** The backup settings, the copies in the folder with their latest check, and the log. */
export const backupList = (): Promise<BackupStatus> => invoke<BackupStatus>("backup_list");

/** A copy into the backup folder now, checked, then older copies rotated. */
export const backupNow = (): Promise<BackupReport> => invoke<BackupReport>("backup_now");

/** Checks a copy again (logged); `ok` says whether it held. */
export const backupVerify = (path: string): Promise<CopyCheck> => invoke<CopyCheck>("backup_verify", { path });

/** What restoring the copy would bring back, and whether it may. */
export const backupPreview = (path: string): Promise<RestorePreview> => invoke<RestorePreview>("backup_preview", { path });

/** Restores the database from the copy; `confirm` is the copy's plant code. Signs everyone out. */
export const backupRestore = (path: string, confirm: string): Promise<RestoreReport> =>
  invoke<RestoreReport>("backup_restore", { path, confirm });
