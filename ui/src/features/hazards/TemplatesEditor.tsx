// 检查表: the live checklists, and an editor for one — name, kind and its items (add, remove,
// move up and down; Enter in an item adds the next). Saving an existing checklist makes its next
// version (the core supersedes the old one; rounds keep the version they were done against and
// schedules follow the new one). Only admins, EHS officers and plant managers may save.
import { useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useTranslation } from "react-i18next";
import { inspectionTemplateSave, type Template, type TemplateKind } from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";

export const TEMPLATE_KINDS: readonly TemplateKind[] = ["daily", "weekly", "special", "holiday", "seasonal"];

type Props = {
  templates: readonly Template[] | null;
  canEdit: boolean;
  onSaved: (t: Template) => void;
};

type Draft = { id: string | null; name: string; kind: TemplateKind; items: string[] };

const blank = (): Draft => ({ id: null, name: "", kind: "daily", items: [""] });
const draftOf = (t: Template): Draft => ({ id: t.id, name: t.name, kind: t.kind, items: [...t.items] });

/** Items as the core will keep them: trimmed, blanks dropped. */
const cleaned = (items: readonly string[]) => items.map((i) => i.trim()).filter((i) => i !== "");

export function TemplatesEditor({ templates, canEdit, onSaved }: Props) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const inputs = useRef<(HTMLInputElement | null)[]>([]);
  const { errors, formError, errorDetail, busy, submit, reset } = useSubmit((e) =>
    placeErrorIn("inspections.errors", e, t, ["name", "items", "kind"]),
  );
  const current = draft?.id ? templates?.find((x) => x.id === draft.id) : undefined;
  const unchanged =
    current !== undefined &&
    draft !== null &&
    current.name === draft.name.trim() &&
    current.kind === draft.kind &&
    JSON.stringify(current.items) === JSON.stringify(cleaned(draft.items));

  const open = (d: Draft) => {
    reset();
    setSaved(null);
    setDraft(d);
  };
  const setItems = (items: string[]) => setDraft((d) => (d ? { ...d, items } : d));
  const focusLater = (i: number) => setTimeout(() => inputs.current[i]?.focus(), 0);

  const move = (i: number, by: -1 | 1) => {
    if (!draft) return;
    const j = i + by;
    if (j < 0 || j >= draft.items.length) return;
    const items = [...draft.items];
    [items[i], items[j]] = [items[j]!, items[i]!];
    setItems(items);
    focusLater(j);
  };
  const remove = (i: number) => {
    if (!draft) return;
    const items = draft.items.filter((_, k) => k !== i);
    setItems(items.length ? items : [""]);
    focusLater(Math.max(0, i - 1));
  };
  const insertAfter = (i: number) => {
    if (!draft) return;
    const items = [...draft.items];
    items.splice(i + 1, 0, "");
    setItems(items);
    focusLater(i + 1);
  };
  const onItemKey = (i: number) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "Enter") {
      e.preventDefault();
      insertAfter(i);
    } else if (e.altKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) {
      e.preventDefault();
      move(i, e.key === "ArrowUp" ? -1 : 1);
    }
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    const found: FieldErrors = {};
    if (!draft.name.trim()) found.name = t("common.required");
    const items = cleaned(draft.items);
    if (items.length === 0) found.items = t("inspections.errors.itemsRequired");
    await submit(found, async () => {
      const saved = await inspectionTemplateSave(draft.name.trim(), draft.kind, items, draft.id);
      setSaved(t("inspections.templates.saved", { name: saved.name, version: saved.version }));
      setDraft(draftOf(saved));
      onSaved(saved);
    });
  };

  return (
    <div className="inspection-templates">
      <section className="panel" aria-label={t("inspections.templates.title")}>
        <div className="panel__bar">
          <h2>{t("inspections.templates.title")}</h2>
          {canEdit ? (
            <button type="button" className="btn" data-testid="template-new" onClick={() => open(blank())}>
              {t("inspections.templates.new")}
            </button>
          ) : null}
        </div>
        {templates !== null && templates.length === 0 ? <p className="muted">{t("inspections.templates.empty")}</p> : null}
        <ul className="inspection-list" data-testid="template-list">
          {(templates ?? []).map((x) => (
            <li key={x.id}>
              <button
                type="button"
                className={`inspection-list__item${draft?.id === x.id ? " inspection-list__item--on" : ""}`}
                data-testid={`template-${x.name}`}
                onClick={() => open(draftOf(x))}
              >
                <strong>{x.name}</strong> <span className="muted">{t("inspections.version", { version: x.version })}</span>
                <span className="badge badge--none badge--gap">{t(`inspections.kind.${x.kind}`)}</span>
                <span className="muted"> · {t("inspections.templates.itemCount", { count: x.items.length })}</span>
              </button>
            </li>
          ))}
        </ul>
      </section>
      {saved ? (
        <div className="toast" role="status" data-testid="template-saved">
          {saved}
        </div>
      ) : null}
      {draft ? (
        <form className="panel template-editor" onSubmit={onSubmit} noValidate data-testid="template-editor">
          <h2>
            {draft.id && current
              ? t("inspections.templates.editing", { name: current.name, version: current.version })
              : t("inspections.templates.new")}
          </h2>
          {draft.id ? <p className="muted">{t("inspections.templates.newVersionNote")}</p> : null}
          <FormError message={formError} />
          <div className="form-grid">
            <Field id="template-name" name="name" label={t("inspections.fields.name")} error={errors.name} errorDetail={errorDetail}>
              <input
                {...a11yFor("template-name", errors.name)}
                data-testid="template-name"
                value={draft.name}
                readOnly={!canEdit}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              />
            </Field>
            <Field id="template-kind" name="kind" label={t("inspections.fields.kind")} error={errors.kind}>
              <select
                {...a11yFor("template-kind", errors.kind)}
                data-testid="template-kind"
                value={draft.kind}
                disabled={!canEdit}
                onChange={(e) => setDraft({ ...draft, kind: e.target.value as TemplateKind })}
              >
                {TEMPLATE_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {t(`inspections.kind.${k}`)}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <h3>{t("inspections.templates.items")}</h3>
          <p className="muted">{t("inspections.templates.keys")}</p>
          {errors.items ? (
            <div className="field__error" data-testid="error-items" role="alert" title={errorDetail ?? undefined}>
              {errors.items}
            </div>
          ) : null}
          <ol className="template-items" data-testid="template-items">
            {draft.items.map((item, i) => (
              <li key={i} className="template-item">
                <input
                  ref={(el) => {
                    inputs.current[i] = el;
                  }}
                  aria-label={t("inspections.templates.itemLabel", { n: i + 1 })}
                  data-testid={`template-item-${i + 1}`}
                  value={item}
                  readOnly={!canEdit}
                  onChange={(e) => setItems(draft.items.map((x, k) => (k === i ? e.target.value : x)))}
                  onKeyDown={canEdit ? onItemKey(i) : undefined}
                />
                {canEdit ? (
                  <>
                    <button
                      type="button"
                      className="btn btn--small"
                      aria-label={t("inspections.templates.up", { n: i + 1 })}
                      data-testid={`template-item-${i + 1}-up`}
                      disabled={i === 0}
                      onClick={() => move(i, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="btn btn--small"
                      aria-label={t("inspections.templates.down", { n: i + 1 })}
                      data-testid={`template-item-${i + 1}-down`}
                      disabled={i === draft.items.length - 1}
                      onClick={() => move(i, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="btn btn--small"
                      aria-label={t("inspections.templates.remove", { n: i + 1 })}
                      data-testid={`template-item-${i + 1}-remove`}
                      onClick={() => remove(i)}
                    >
                      ×
                    </button>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
          {canEdit ? (
            <div className="form-actions">
              <button type="button" className="btn form-actions__note" data-testid="template-add-item" onClick={() => insertAfter(draft.items.length - 1)}>
                {t("inspections.templates.addItem")}
              </button>
              <button type="button" className="btn" onClick={() => setDraft(null)}>
                {t("common.cancel")}
              </button>
              <button type="submit" className="btn btn--primary" data-testid="template-save" disabled={busy || unchanged}>
                {draft.id ? t("inspections.templates.saveVersion") : t("inspections.templates.save")}
              </button>
            </div>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
