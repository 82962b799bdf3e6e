// A decimal quantity with its mass unit beside it (inside a <Field>): the text goes to the core
// as typed (exact decimal), the unit as a MassUnit. The first unit listed is the form's usual one.
import { useTranslation } from "react-i18next";
import type { MassUnit } from "../ipc/api";
import { a11yFor } from "./Field";

type Props = {
  /** The input's id and test id; the unit select's test id is `unitTestId`. */
  id: string;
  unitTestId: string;
  error: string | undefined;
  /** Id of the hint element describing the input, if the Field shows one. */
  hintId?: string;
  value: string;
  onChange: (v: string) => void;
  unit: MassUnit;
  onUnit: (u: MassUnit) => void;
  units: readonly MassUnit[];
};

export function QuantityInput({ id, unitTestId, error, hintId, value, onChange, unit, onUnit, units }: Props) {
  const { t } = useTranslation();
  return (
    <div className="qty-group">
      <input
        {...a11yFor(id, error, hintId)}
        data-testid={id}
        className="num"
        inputMode="decimal"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      <select aria-label={t("gen.unit")} data-testid={unitTestId} value={unit} onChange={(e) => onUnit(e.target.value as MassUnit)}>
        {units.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
    </div>
  );
}
