import type { ReactNode } from "react";

/** Props an input needs so its error is announced and tied to it. */
export function a11yFor(id: string, error: string | null | undefined, hintId?: string) {
  const described = [error ? `${id}-error` : null, hintId ?? null].filter(Boolean).join(" ");
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": described || undefined,
  } as const;
}

type Props = {
  id: string;
  /** field name; the error carries data-testid="error-<name>" */
  name: string;
  label: string;
  error?: string | null;
  errorDetail?: string | null;
  hint?: string;
  className?: string;
  children: ReactNode;
};

/** Label, control, optional hint, and the red error line under the control. */
export function Field({ id, name, label, error, errorDetail, hint, className, children }: Props) {
  return (
    <div className={`field${error ? " field--invalid" : ""}${className ? ` ${className}` : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && !error ? (
        <div className="field__hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div
          className="field__error"
          id={`${id}-error`}
          data-testid={`error-${name}`}
          role="alert"
          title={errorDetail ?? undefined}
        >
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** Form-level error banner (data-testid="error-form" unless `testId` names it); nothing when no message. */
export function FormError({ message, testId = "error-form" }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId}>
      {message}
    </div>
  );
}
