// Alerts as the core returns them (one model for every area).
import type { Alert, AlertKind, Severity } from "../ipc/api";

export const alert = (
  severity: Severity,
  kind: AlertKind,
  subject: string,
  message: string,
  params: Record<string, string> = {},
  due: string | null = null,
  over: Partial<Alert> = {},
): Alert => ({
  area: "waste",
  kind,
  severity,
  subject,
  subject_id: null,
  due,
  message_key: `alerts.${kind}`,
  params,
  message,
  ...over,
});
