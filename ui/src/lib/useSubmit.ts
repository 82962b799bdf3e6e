// The submit cycle every form shares: the form's own pre-checks, then one core call. A refusal
// is placed under the field the core named, or at the top of the form; `busy` is true while
// the call runs (a second submit meanwhile is ignored).
import { useState } from "react";
import type { FieldErrors, PlacedError } from "./errors";

export function useSubmit(place: (e: unknown) => PlacedError) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  // The core's own sentence behind a placed error (shown as the field error's tooltip).
  const [errorDetail, setErrorDetail] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setErrors({});
    setFormError(null);
    setErrorDetail(null);
  };

  /** Shows `found` and stops if it has any error; else runs `call`. True when `call` succeeded. */
  const submit = async (found: FieldErrors, call: () => Promise<void>): Promise<boolean> => {
    if (busy) return false;
    setErrors(found);
    setFormError(null);
    setErrorDetail(null);
    if (Object.keys(found).length > 0) return false;
    setBusy(true);
    try {
      await call();
      return true;
    } catch (err) {
      const placed = place(err);
      setErrors(placed.fields);
      setFormError(placed.form);
      setErrorDetail(placed.detail);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { errors, formError, errorDetail, busy, submit, reset };
}
