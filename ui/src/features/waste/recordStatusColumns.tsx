// The last two columns of a ledger whose records can be voided: 有效 / 已作废 (with the reason on
// hover) and, for roles that may void, the 作废 button while the record is live. Shared by the
// generation ledger and the solid-waste records.
import type { TFunction } from "i18next";
import type { DataColumn } from "../../components/DataTable";

type Voidable = { voided: boolean };

type Options<T extends Voidable> = {
  t: TFunction;
  /** Shown on hover of the 已作废 badge (and of the row). */
  reason: (row: T) => string | undefined;
  canVoid: boolean;
  onVoid: (row: T) => void;
  voidTestId: string;
};

type Record = Voidable & { void_reason: string | null };

/** DataTable row props of a ledger of voidable records: struck through and titled with the
 *  reason once voided. */
export function voidableRows<T extends Record>(t: TFunction) {
  return {
    rowClassName: (r: T) => (r.voided ? "row--voided" : undefined),
    rowTitle: (r: T) => voidReason(t, r),
  };
}

/** The row's hover text: 作废原因：… for a voided record. */
export function voidReason<T extends Voidable & { void_reason: string | null }>(t: TFunction, row: T): string | undefined {
  return row.voided && row.void_reason ? t("ledger.voidReason", { reason: row.void_reason }) : undefined;
}

export function recordStatusColumns<T extends Voidable>({ t, reason, canVoid, onVoid, voidTestId }: Options<T>): DataColumn<T>[] {
  const status: DataColumn<T> = {
    id: "status",
    header: t("ledger.colStatus"),
    className: "status",
    cell: (r) =>
      r.voided ? (
        <span className="badge badge--voided" title={reason(r)}>
          {t("ledger.voided")}
        </span>
      ) : (
        <span className="badge">{t("ledger.active")}</span>
      ),
  };
  if (!canVoid) return [status];
  const actions: DataColumn<T> = {
    id: "actions",
    header: t("ledger.colActions"),
    className: "actions",
    hideable: false,
    cell: (r) =>
      r.voided ? null : (
        <button type="button" className="btn btn--small" data-testid={voidTestId} onClick={() => onVoid(r)}>
          {t("ledger.void")}
        </button>
      ),
  };
  return [status, actions];
}
