// 业务板块: the business segments (one column each in the appendix, in this order) and the form
// to add one (a code, its Chinese and English names).
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { hqAddSegment, type Segment } from "../../ipc/api";
import { placeErrorIn, type FieldErrors } from "../../lib/errors";
import { useSubmit } from "../../lib/useSubmit";
import { a11yFor, Field, FormError } from "../../components/Field";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";

const FIELDS = ["code", "name_zh", "name_en"] as const;
type Name = (typeof FIELDS)[number];
const IDS: Record<Name, string> = { code: "hq-segment-code", name_zh: "hq-segment-zh", name_en: "hq-segment-en" };

type Props = { segments: readonly Segment[] | null; loading: boolean; error: string | null; onAdded: () => void };

export function SegmentsPanel({ segments, loading, error, onAdded }: Props) {
  const { t } = useTranslation();
  const [v, setV] = useState<Record<Name, string>>({ code: "", name_zh: "", name_en: "" });
  const [added, setAdded] = useState<string | null>(null);
  // The core names the segment code's field "code"; a duplicate is a Conflict without a field.
  const { errors, formError, errorDetail, busy, submit } = useSubmit((e) => placeErrorIn("hq.errors", e, t, FIELDS));

  const columns: DataColumn<Segment>[] = [
    valueColumn("code", t("hq.registry.segCode"), (r) => r.code),
    { id: "zh", header: t("hq.registry.segZh"), cell: (r) => r.name_zh },
    { id: "en", header: t("hq.registry.segEn"), cell: (r) => r.name_en },
  ];

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    for (const k of FIELDS) if (!v[k].trim()) found[k] = t("common.required");
    const ok = await submit(found, async () => {
      await hqAddSegment(v.code.trim(), v.name_zh.trim(), v.name_en.trim());
    });
    if (ok) {
      setAdded(v.code.trim());
      setV({ code: "", name_zh: "", name_en: "" });
      onAdded();
    }
  };

  return (
    <section className="panel" data-testid="hq-segments">
      <h2>{t("hq.registry.segments")}</h2>
      <DataTable
        columns={columns}
        data={segments}
        rowKey={(r) => r.code}
        idPrefix="hq-segments"
        rowTestId="hq-segment-row"
        loading={loading}
        error={error}
        columnMenu={false}
        empty={t("hq.registry.noSegments")}
      />
      <form className="inline-form" onSubmit={send} noValidate>
        <h3>{t("hq.registry.addSegment")}</h3>
        <FormError message={formError} testId="hq-segment-error" />
        {added ? (
          <div className="toast" role="status" data-testid="hq-segment-added">
            {t("hq.registry.segmentAdded", { code: added })}
          </div>
        ) : null}
        <div className="inline-form__row">
          {FIELDS.map((k) => (
            <Field
              key={k}
              id={IDS[k]}
              name={k}
              label={t(`hq.registry.${k === "code" ? "segCode" : k === "name_zh" ? "segZh" : "segEn"}`)}
              error={errors[k]}
              errorDetail={errorDetail}
            >
              <input
                {...a11yFor(IDS[k], errors[k])}
                data-testid={IDS[k]}
                value={v[k]}
                onChange={(e) => setV((s) => ({ ...s, [k]: e.target.value }))}
              />
            </Field>
          ))}
          <div className="inline-form__submit">
            <button type="submit" className="btn btn--primary" data-testid="hq-segment-add" disabled={busy}>
              {t("hq.registry.addSegmentSubmit")}
            </button>
          </div>
        </div>
      </form>
    </section>
  );
}
