// The last two cells of a ledger row that can be voided: 有效 / 已作废 (with the reason on hover)
// and, for roles that may void, the 作废 button while the record is live.
import { useTranslation } from "react-i18next";

type Props = {
  voided: boolean;
  /** Shown on hover of the 已作废 badge. */
  reason: string | undefined;
  canVoid: boolean;
  onVoid: () => void;
  voidTestId: string;
};

export function RecordStatusCells({ voided, reason, canVoid, onVoid, voidTestId }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <td className="status">
        {voided ? (
          <span className="badge badge--voided" title={reason}>
            {t("ledger.voided")}
          </span>
        ) : (
          <span className="badge">{t("ledger.active")}</span>
        )}
      </td>
      {canVoid ? (
        <td className="actions">
          {voided ? null : (
            <button type="button" className="btn btn--small" data-testid={voidTestId} onClick={onVoid}>
              {t("ledger.void")}
            </button>
          )}
        </td>
      ) : null}
    </>
  );
}
