// The app's job registry: long jobs (imports, exports, later the outbox and the monitor
// listener) with their progress; any one can be cancelled by id. A cancelled job rejects with
// the error kind `Cancelled` and writes nothing.
import { invoke } from "./core";
import type { JobInfo } from "./bindings/JobInfo";

export type { JobInfo } from "./bindings/JobInfo";
export type { JobKind } from "./bindings/JobKind";
export type { JobProgress } from "./bindings/JobProgress";

/** The jobs running now, oldest first. */
export const listJobs = (): Promise<JobInfo[]> => invoke<JobInfo[]>("list_jobs");

/** Asks a running job to stop; false when it has already ended. */
export const cancelJob = (id: number): Promise<boolean> => invoke<boolean>("cancel_job", { id });
