// HQ 退回: what the plant needs to receive HQ's returns of a week. HQ's public key (the one in use
// with its fingerprint, name and date; retired ones below it, muted) and a path to register a new
// one; a path to import a return (HQ's signed `.return.json`, or the `.eml` mail it came in); and
// every return received, open until the restatement is built. The core verifies each return
// (HQ's registered key, this plant, a revision it built, unaltered) and names what it refuses;
// the refusal shows under the path. An import changes the week's state: the screen reads it again.
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { syncHqKeyRegister, syncHqKeys, syncReturnImport, syncReturns, type HqKey, type ReturnImport } from "../../ipc/api";
import { placeError, type FieldErrors } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { answeredBy, groupFingerprint } from "./format";
import { utcToPlant } from "./OutboxPanel";

type Props = {
  timezone: string;
  /** Changes when something elsewhere on the screen was built or queued (a return may be answered). */
  refreshKey: number;
  /** A return was imported: the week's state and the rest of the screen read again. */
  onChanged: () => void;
  /** Opens a week in the screen's picker. */
  onOpen: (week: string) => void;
};

/** A path typed into a field and the button that acts on it (Enter submits); `name` is the
 * field's error key. */
function PathForm(p: {
  id: string;
  name: string;
  error: string | undefined;
  errorDetail: ReturnType<typeof useSubmit>["errorDetail"];
  label: string;
  hint: string;
  value: string;
  onChange: (v: string) => void;
  onSubmit: (ev: FormEvent) => Promise<void>;
  busy: boolean;
  buttonTestId: string;
  buttonLabel: string;
  primary?: boolean;
}) {
  return (
    <form className="sync__actions" onSubmit={(e) => void p.onSubmit(e)} noValidate>
      <Field id={p.id} name={p.name} label={p.label} hint={p.hint} error={p.error} errorDetail={p.errorDetail} className="sync__folder">
        <input
          {...a11yFor(p.id, p.error, p.error ? undefined : `${p.id}-hint`)}
          type="text"
          data-testid={p.id}
          value={p.value}
          onChange={(e) => p.onChange(e.target.value)}
        />
      </Field>
      <button type="submit" className={p.primary ? "btn btn--primary" : "btn"} data-testid={p.buttonTestId} disabled={p.busy}>
        {p.buttonLabel}
      </button>
    </form>
  );
}

/** A plant-local day from a UTC instant ("2026-03-10T02:00:00Z" → "2026-03-10"). */
const dayOf = (at: string, timezone: string) => utcToPlant(at, timezone).slice(0, 10);

export function HqReturnsPanel({ timezone, refreshKey, onChanged, onOpen }: Props) {
  const { t } = useTranslation();
  const describe = (e: unknown) => placeError(e, t, []).form;
  const keys = useLoad(syncHqKeys, [], { describe });
  const returns = useLoad(syncReturns, [refreshKey], { describe });
  const [keyPath, setKeyPath] = useState("");
  const [returnPath, setReturnPath] = useState("");
  const [registered, setRegistered] = useState<HqKey | null>(null);
  const [imported, setImported] = useState<ReturnImport | null>(null);
  // The core names the file's field ("path") or what is wrong with its content ("public_key",
  // "return"): either way the message belongs under the path typed.
  const reg = useSubmit((e) => placeError(e, t, ["key_path"], { path: "key_path", public_key: "key_path" }));
  const imp = useSubmit((e) => placeError(e, t, ["return_path"], { path: "return_path", return: "return_path" }));

  const register = async (ev: FormEvent) => {
    ev.preventDefault();
    setRegistered(null);
    const path = keyPath.trim();
    const found: FieldErrors = path ? {} : { key_path: t("sync.returns.key.pathRequired") };
    await reg.submit(found, async () => {
      setRegistered(await syncHqKeyRegister(path));
      setKeyPath("");
      await keys.reload();
    });
  };

  const importReturn = async (ev: FormEvent) => {
    ev.preventDefault();
    setImported(null);
    const path = returnPath.trim();
    const found: FieldErrors = path ? {} : { return_path: t("sync.returns.import.pathRequired") };
    await imp.submit(found, async () => {
      setImported(await syncReturnImport(path));
      setReturnPath("");
      await returns.reload();
      onChanged();
    });
  };

  const all = keys.data ?? [];
  const active = all.find((k) => k.voided_at === null) ?? null;
  const retired = all.filter((k) => k.voided_at !== null);
  const list = returns.data;

  return (
    <section className="panel sync__hq-returns" data-testid="sync-hq-returns">
      <h2>{t("sync.returns.title")}</h2>
      <p className="muted panel__note">{t("sync.returns.explain")}</p>

      <h3>{t("sync.returns.key.title")}</h3>
      <p className="muted">{t("sync.returns.key.explain")}</p>
      <FormError message={keys.error} testId="sync-hq-keys-error" />
      {active ? (
        <dl className="props" data-testid="sync-hq-key" data-fingerprint={active.fingerprint}>
          <div className="props__row">
            <dt>{t("sync.returns.key.fingerprint")}</dt>
            <dd className="plant-key__fingerprint mono" data-testid="sync-hq-key-fingerprint">
              {groupFingerprint(active.fingerprint)}
            </dd>
          </div>
          <div className="props__row">
            <dt>{t("sync.returns.key.label")}</dt>
            <dd data-testid="sync-hq-key-label">{active.label || "—"}</dd>
          </div>
          <div className="props__row">
            <dt>{t("sync.returns.key.registered")}</dt>
            <dd data-testid="sync-hq-key-registered-at">{dayOf(active.registered_at, timezone)}</dd>
          </div>
        </dl>
      ) : keys.data ? (
        <p className="sync__notes-missing" data-testid="sync-hq-key-none">
          {t("sync.returns.key.none")}
        </p>
      ) : null}
      {retired.length > 0 ? (
        <div className="muted" data-testid="sync-hq-keys-retired">
          {t("sync.returns.key.retired")}
          <ul className="sync__retired-keys">
            {retired.map((k) => (
              <li key={k.id} data-testid="sync-hq-key-retired" data-fingerprint={k.fingerprint}>
                <span className="mono">{groupFingerprint(k.fingerprint)}</span>
                {k.label ? ` · ${k.label}` : ""} · {dayOf(k.registered_at, timezone)} ·{" "}
                {t("sync.returns.key.retiredOn", { at: dayOf(k.voided_at ?? "", timezone) })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <PathForm
        id="sync-hq-key-path"
        name="key_path"
        error={reg.errors.key_path}
        errorDetail={reg.errorDetail}
        label={t("sync.returns.key.path")}
        hint={t("sync.returns.key.pathHint")}
        value={keyPath}
        onChange={setKeyPath}
        onSubmit={register}
        busy={reg.busy}
        buttonTestId="sync-hq-key-register"
        buttonLabel={t("sync.returns.key.register")}
      />
      <FormError message={reg.formError} testId="sync-hq-key-error" />
      {registered ? (
        <p className="panel__note" role="status" data-testid="sync-hq-key-done">
          {t("sync.returns.key.done", { fp: groupFingerprint(registered.fingerprint) })}
        </p>
      ) : null}

      <h3>{t("sync.returns.import.title")}</h3>
      <PathForm
        id="sync-return-path"
        name="return_path"
        error={imp.errors.return_path}
        errorDetail={imp.errorDetail}
        label={t("sync.returns.import.path")}
        hint={t("sync.returns.import.hint")}
        value={returnPath}
        onChange={setReturnPath}
        onSubmit={importReturn}
        busy={imp.busy}
        buttonTestId="sync-return-import"
        buttonLabel={t("sync.returns.import.button")}
        primary
      />
      <FormError message={imp.formError} testId="sync-return-import-error" />
      {imported ? (
        <p
          className="panel__note"
          role="status"
          data-testid="sync-return-imported"
          data-duplicate={imported.duplicate ? "1" : "0"}
        >
          {t(imported.duplicate ? "sync.returns.import.duplicate" : "sync.returns.import.done", {
            week: imported.received.week,
            rev: imported.received.revision,
          })}
        </p>
      ) : null}

      <h3>{t("sync.returns.list.title")}</h3>
      <FormError message={returns.error} testId="sync-returns-error" />
      {list === null ? (
        returns.loading ? <p className="muted">{t("sync.loading")}</p> : null
      ) : list.length === 0 ? (
        <p className="muted" data-testid="sync-returns-empty">
          {t("sync.returns.list.empty")}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="sync-returns-table">
            <thead>
              <tr>
                <th>{t("sync.returns.col.week")}</th>
                <th>{t("sync.returns.col.revision")}</th>
                <th>{t("sync.returns.col.comment")}</th>
                <th>{t("sync.returns.col.returned")}</th>
                <th>{t("sync.returns.col.via")}</th>
                <th>{t("sync.returns.col.state")}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => {
                const answered = answeredBy(r);
                return (
                  <tr
                    key={r.id}
                    data-testid="sync-return-row"
                    data-week={r.week}
                    data-revision={r.revision}
                    data-state={answered === null ? "open" : "answered"}
                  >
                    <td>
                      <button
                        type="button"
                        className="btn btn--link mono"
                        data-testid="sync-return-open"
                        aria-label={t("sync.returns.list.openWeek", { week: r.week })}
                        onClick={() => onOpen(r.week)}
                      >
                        {r.week}
                      </button>
                    </td>
                    <td className="mono">r{r.revision}</td>
                    <td className="sync__return-comment">{r.comment}</td>
                    <td>
                      {r.returned_by} · <span className="mono">{utcToPlant(r.returned_at, timezone)}</span>
                    </td>
                    <td>{t(`sync.returns.via.${r.via}`, { defaultValue: r.via })}</td>
                    <td>
                      {answered === null ? (
                        <span className="badge badge--warning">{t("sync.returns.state.open")}</span>
                      ) : (
                        <span className="badge badge--ok">{t("sync.returns.state.answered", { rev: answered })}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
