// The handlers of a movement (HJ 1259-2022 Appendix B): the storage side (贮存部门 on the way in,
// 出库部门 on the way out) and the transport side (运送部门), each with a department. Optional:
// a movement without them prints 未记录; who typed the record is kept apart by the core.
import { useTranslation } from "react-i18next";
import type { Handlers } from "../../ipc/api";
import { Field } from "../../components/Field";

export const NO_HANDLERS: Handlers = { handler: null, handler_dept: null, transport_handler: null, transport_dept: null };

/** Blank text becomes null (not recorded). */
export const cleanHandlers = (h: Handlers): Handlers => ({
  handler: h.handler?.trim() || null,
  handler_dept: h.handler_dept?.trim() || null,
  transport_handler: h.transport_handler?.trim() || null,
  transport_dept: h.transport_dept?.trim() || null,
});

type Props = {
  idPrefix: string;
  /** Which side the storage handler is: 贮存部门 (into storage) or 出库部门 (out of storage). */
  step: "into" | "out";
  value: Handlers;
  onChange: (h: Handlers) => void;
  errors?: Partial<Record<keyof Handlers, string>>;
};

export function HandlerFields({ idPrefix, step, value, onChange, errors = {} }: Props) {
  const { t } = useTranslation();
  const keys: Array<[keyof Handlers, string]> = [
    ["handler", t(step === "into" ? "handlers.storageInto" : "handlers.storageOut")],
    ["handler_dept", t("handlers.dept")],
    ["transport_handler", t("handlers.transport")],
    ["transport_dept", t("handlers.dept")],
  ];
  return (
    <fieldset className="handler-fields">
      <legend className="muted">{t("handlers.legend")}</legend>
      <div className="grid2">
        {keys.map(([k, label]) => (
          <Field key={k} id={`${idPrefix}-${k}`} name={k} label={label} error={errors[k]}>
            <input
              id={`${idPrefix}-${k}`}
              data-testid={`${idPrefix}-${k}`}
              maxLength={50}
              value={value[k] ?? ""}
              onChange={(e) => onChange({ ...value, [k]: e.target.value })}
            />
          </Field>
        ))}
      </div>
    </fieldset>
  );
}
