// 废气 · VOCs (挥发性有机物): one month at a time — its emissions by both methods side by side
// (EmissionsPanel), the sources with limits and abatement, the material master data and the
// month's ledger lines, the VOC content of waste codes (O1 from the waste shipments), the
// stack tests and the coated area. Entry forms for Admin and EHS officer; the core validates,
// computes and audits everything.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import {
  vocAddMaterial,
  vocAddSource,
  vocAddTest,
  vocAddUsage,
  vocEmissions,
  vocMaterials,
  vocSetArea,
  vocSetWasteContent,
  vocSources,
  vocTests,
  vocUsage,
  vocWasteContents,
  type ContentBasis,
  type EfficiencyBasis,
  type Session,
  type SourceKind,
  type VocMaterial,
  type VocSource,
  type VocTest,
  type VocUsage,
  type VocWasteContent,
} from "../../ipc/api";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { useLoad } from "../../lib/useLoad";
import { EmissionsPanel } from "./EmissionsPanel";
import { kg, opt, VocForm, type FieldSpec } from "./VocForm";

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** This month, plant-local enough for a default (the user picks any month). */
function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
}

export function VocScreen({ session }: { session: Session }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(thisMonth);
  const [version, setVersion] = useState(0);
  const canWrite = session.role === "admin" || session.role === "ehs_officer";
  const valid = MONTH_RE.test(month);
  const changed = async () => setVersion((v) => v + 1);

  const emissions = useLoad(() => vocEmissions(month), [month, version], { skip: !valid });
  const sources = useLoad(vocSources, [version]);
  const materials = useLoad(vocMaterials, [version]);
  const usage = useLoad(() => vocUsage(month), [month, version], { skip: !valid });
  const contents = useLoad(vocWasteContents, [version]);
  const tests = useLoad(() => vocTests(month), [month, version], { skip: !valid });

  const sourceColumns: DataColumn<VocSource>[] = [
    valueColumn("code", t("voc.fields.code"), (s) => s.code),
    valueColumn("name", t("voc.fields.name"), (s) => s.name),
    { id: "kind", header: t("voc.fields.kind"), cell: (s) => t(`voc.kinds.${s.kind}`) },
    { id: "limit", header: t("voc.fields.limit_mg_m3"), cell: (s) => s.limit_mg_m3 ?? "—", numeric: true },
    { id: "target", header: t("voc.fields.target_mg_m3"), cell: (s) => s.target_mg_m3 ?? "—", numeric: true },
    { id: "capture", header: t("voc.fields.capture_pct"), cell: (s) => `${s.capture_pct} %`, numeric: true },
    { id: "removal", header: t("voc.fields.removal_pct"), cell: (s) => `${s.removal_pct} %`, numeric: true },
    { id: "basis", header: t("voc.fields.efficiency_basis"), cell: (s) => t(`voc.basis.${s.efficiency_basis}`) },
    { id: "hours", header: t("voc.fields.hours_per_month"), cell: (s) => s.hours_per_month, numeric: true },
  ];
  const materialColumns: DataColumn<VocMaterial>[] = [
    valueColumn("name", t("voc.fields.name"), (m) => m.name),
    valueColumn("supplier", t("voc.fields.supplier"), (m) => m.supplier),
    {
      id: "content",
      header: t("voc.fields.content"),
      cell: (m) =>
        m.content_basis === "g_per_l" ? `${m.content} g/L ÷ ${m.density_g_l ?? "?"} g/L` : `${m.content} %`,
    },
    { id: "pct", header: t("voc.fields.voc_mass_pct"), cell: (m) => `${m.voc_mass_pct} %`, numeric: true },
    valueColumn("doc", t("voc.fields.document_no"), (m) => m.document_no),
    { id: "water", header: t("voc.fields.waterborne"), cell: (m) => (m.waterborne ? t("voc.yes") : t("voc.no")) },
  ];
  const usageColumns: DataColumn<VocUsage>[] = [
    valueColumn("material", t("voc.fields.material"), (u) => u.material),
    valueColumn("batch", t("voc.fields.batch"), (u) => u.batch),
    { id: "source", header: t("voc.fields.source"), cell: (u) => u.source_code ?? "—" },
    { id: "purchased", header: t("voc.fields.purchased"), cell: (u) => kg(u.purchased_g), numeric: true },
    { id: "used", header: t("voc.fields.used"), cell: (u) => kg(u.used_g), numeric: true },
    { id: "recovered", header: t("voc.fields.recovered"), cell: (u) => kg(u.recovered_g), numeric: true },
    { id: "pct", header: t("voc.fields.voc_mass_pct"), cell: (u) => `${u.voc_mass_pct} %`, numeric: true },
  ];
  const contentColumns: DataColumn<VocWasteContent>[] = [
    valueColumn("code", t("voc.fields.code"), (w) => w.code),
    { id: "pct", header: t("voc.fields.voc_pct"), cell: (w) => `${w.voc_pct} %`, numeric: true },
    valueColumn("from", t("voc.fields.valid_from"), (w) => w.valid_from),
    valueColumn("doc", t("voc.fields.document_no"), (w) => w.document_no),
  ];
  const testColumns: DataColumn<VocTest>[] = [
    valueColumn("source", t("voc.fields.source"), (x) => x.source_code),
    valueColumn("at", t("voc.fields.sampled_at_local"), (x) => x.sampled_at_local),
    { id: "c", header: t("voc.fields.c_mg_m3"), cell: (x) => x.c_mg_m3, numeric: true },
    { id: "q", header: t("voc.fields.q_nm3_h"), cell: (x) => x.q_nm3_h, numeric: true },
    { id: "hours", header: t("voc.fields.hours"), cell: (x) => x.hours ?? "—", numeric: true },
    valueColumn("report", t("voc.fields.report_no"), (x) => x.report_no),
  ];

  const sourceFields: FieldSpec[] = [
    { name: "code", label: "voc.fields.code", required: true },
    { name: "name", label: "voc.fields.name", required: true },
    {
      name: "kind",
      label: "voc.fields.kind",
      kind: "select",
      options: [
        ["stack", "voc.kinds.stack"],
        ["coating_line", "voc.kinds.coating_line"],
        ["other", "voc.kinds.other"],
      ],
    },
    { name: "limit_mg_m3", label: "voc.fields.limit_mg_m3" },
    { name: "target_mg_m3", label: "voc.fields.target_mg_m3" },
    { name: "capture_pct", label: "voc.fields.capture_pct", required: true },
    { name: "removal_pct", label: "voc.fields.removal_pct", required: true },
    {
      name: "efficiency_basis",
      label: "voc.fields.efficiency_basis",
      kind: "select",
      options: [
        ["design", "voc.basis.design"],
        ["tested", "voc.basis.tested"],
      ],
    },
    { name: "efficiency_note", label: "voc.fields.efficiency_note" },
    { name: "hours_per_month", label: "voc.fields.hours_per_month", required: true },
  ];
  const materialFields: FieldSpec[] = [
    { name: "name", label: "voc.fields.name", required: true },
    { name: "supplier", label: "voc.fields.supplier" },
    {
      name: "content_basis",
      label: "voc.fields.content_basis",
      kind: "select",
      options: [
        ["mass_pct", "voc.contentBasis.mass_pct"],
        ["g_per_l", "voc.contentBasis.g_per_l"],
      ],
    },
    { name: "content", label: "voc.fields.content", required: true },
    { name: "density_g_l", label: "voc.fields.density_g_l" },
    { name: "document_no", label: "voc.fields.document_no" },
    { name: "waterborne", label: "voc.fields.waterborne", kind: "checkbox" },
  ];
  const usageFields: FieldSpec[] = [
    {
      name: "material",
      label: "voc.fields.material",
      kind: "select",
      options: (materials.data ?? []).map((m) => [m.id, m.name, true] as const),
    },
    { name: "batch", label: "voc.fields.batch" },
    {
      name: "source",
      label: "voc.fields.source",
      kind: "select",
      options: [["", "voc.noSource"] as const, ...(sources.data ?? []).map((s) => [s.id, s.code, true] as const)],
    },
    { name: "purchased", label: "voc.fields.purchasedKg" },
    { name: "used", label: "voc.fields.usedKg", required: true },
    { name: "recovered", label: "voc.fields.recoveredKg" },
    { name: "note", label: "voc.fields.note" },
  ];
  const contentFields: FieldSpec[] = [
    { name: "code", label: "voc.fields.code", required: true, hint: "900-252-12" },
    { name: "voc_pct", label: "voc.fields.voc_pct", required: true },
    { name: "valid_from", label: "voc.fields.valid_from", required: true, hint: "YYYY-MM-DD" },
    { name: "document_no", label: "voc.fields.document_no" },
  ];
  const testFields: FieldSpec[] = [
    {
      name: "source",
      label: "voc.fields.source",
      kind: "select",
      options: (sources.data ?? []).map((s) => [s.id, s.code, true] as const),
    },
    { name: "sampled_at_local", label: "voc.fields.sampled_at_local", required: true, hint: "YYYY-MM-DDTHH:MM" },
    { name: "c_mg_m3", label: "voc.fields.c_mg_m3", required: true },
    { name: "q_nm3_h", label: "voc.fields.q_nm3_h", required: true },
    { name: "hours", label: "voc.fields.hours" },
    { name: "lab", label: "voc.fields.lab" },
    { name: "report_no", label: "voc.fields.report_no" },
  ];
  const areaFields: FieldSpec[] = [
    { name: "area_m2", label: "voc.fields.area_m2", required: true },
    { name: "basis", label: "voc.fields.basis" },
  ];
  const firstMaterial = materials.data?.[0]?.id ?? "";
  const firstSource = sources.data?.[0]?.id ?? "";

  return (
    <div className="page voc" data-testid="voc-screen">
      <div className="page__head">
        <h1>{t("voc.title")}</h1>
      </div>
      <div className="filters panel">
        <label>
          {t("voc.month")}
          <input
            data-testid="voc-month"
            value={month}
            size={8}
            inputMode="numeric"
            onChange={(e) => setMonth(e.target.value)}
            placeholder="YYYY-MM"
          />
        </label>
      </div>
      {!valid ? <p className="form-error">{t("voc.check.month")}</p> : null}
      {emissions.error ? <p className="form-error">{emissions.error}</p> : null}
      {emissions.data && valid ? <EmissionsPanel month={emissions.data} /> : null}

      <section className="panel">
        <h2>{t("voc.usage.title", { month })}</h2>
        <DataTable
          columns={usageColumns}
          data={usage.data}
          idPrefix="voc-usage"
          rowTestId="voc-usage-row"
          loading={usage.loading}
          error={usage.error}
          empty={t("voc.usage.empty")}
          columnMenu={false}
        />
        {canWrite && valid && firstMaterial ? (
          <VocForm
            key={`usage-${firstMaterial}-${firstSource}`}
            id="voc-usage"
            fields={usageFields}
            initial={{ material: firstMaterial, source: "" }}
            submitLabel={t("voc.usage.add")}
            onSubmit={async (v) => {
              await vocAddUsage({
                month,
                material: v.material ?? "",
                batch: opt(v.batch),
                source: opt(v.source),
                purchased: opt(v.purchased),
                used: v.used ?? "",
                recovered: opt(v.recovered),
                unit: "kg",
                note: opt(v.note),
              });
              await changed();
            }}
          />
        ) : null}
        {canWrite && valid ? (
          <VocForm
            id="voc-area"
            fields={areaFields}
            initial={{}}
            submitLabel={t("voc.area.set")}
            onSubmit={async (v) => {
              await vocSetArea({ month, area_m2: Number((v.area_m2 ?? "").trim()), basis: opt(v.basis) });
              await changed();
            }}
          />
        ) : null}
      </section>

      <section className="panel">
        <h2>{t("voc.sources.title")}</h2>
        <DataTable
          columns={sourceColumns}
          data={sources.data}
          idPrefix="voc-sources"
          rowTestId="voc-source-row"
          loading={sources.loading}
          error={sources.error}
          empty={t("voc.sources.empty")}
          columnMenu={false}
        />
        {canWrite ? (
          <VocForm
            id="voc-source"
            fields={sourceFields}
            initial={{ kind: "stack", efficiency_basis: "design" }}
            submitLabel={t("voc.sources.add")}
            onSubmit={async (v) => {
              await vocAddSource({
                code: v.code ?? "",
                name: v.name ?? "",
                kind: (v.kind ?? "stack") as SourceKind,
                limit_mg_m3: opt(v.limit_mg_m3),
                target_mg_m3: opt(v.target_mg_m3),
                capture_pct: v.capture_pct ?? "",
                removal_pct: v.removal_pct ?? "",
                efficiency_basis: (v.efficiency_basis ?? "design") as EfficiencyBasis,
                efficiency_note: opt(v.efficiency_note),
                hours_per_month: v.hours_per_month ?? "",
              });
              await changed();
            }}
          />
        ) : null}
      </section>

      <section className="panel">
        <h2>{t("voc.materials.title")}</h2>
        <DataTable
          columns={materialColumns}
          data={materials.data}
          idPrefix="voc-materials"
          rowTestId="voc-material-row"
          loading={materials.loading}
          error={materials.error}
          empty={t("voc.materials.empty")}
          columnMenu={false}
        />
        {canWrite ? (
          <VocForm
            id="voc-material"
            fields={materialFields}
            initial={{ content_basis: "mass_pct" }}
            submitLabel={t("voc.materials.add")}
            onSubmit={async (v) => {
              await vocAddMaterial({
                name: v.name ?? "",
                supplier: opt(v.supplier),
                content_basis: (v.content_basis ?? "mass_pct") as ContentBasis,
                content: v.content ?? "",
                density_g_l: opt(v.density_g_l),
                document_no: opt(v.document_no),
                waterborne: v.waterborne === "true",
              });
              await changed();
            }}
          />
        ) : null}
      </section>

      <section className="panel">
        <h2>{t("voc.waste.title")}</h2>
        <p className="muted">{t("voc.waste.hint")}</p>
        <DataTable
          columns={contentColumns}
          data={contents.data}
          idPrefix="voc-waste"
          rowTestId="voc-waste-content-row"
          loading={contents.loading}
          error={contents.error}
          empty={t("voc.waste.empty")}
          columnMenu={false}
        />
        {canWrite ? (
          <VocForm
            id="voc-waste-content"
            fields={contentFields}
            initial={{}}
            submitLabel={t("voc.waste.set")}
            onSubmit={async (v) => {
              await vocSetWasteContent({
                code: v.code ?? "",
                voc_pct: v.voc_pct ?? "",
                valid_from: v.valid_from ?? "",
                document_no: opt(v.document_no),
              });
              await changed();
            }}
          />
        ) : null}
      </section>

      <section className="panel">
        <h2>{t("voc.tests.title", { month })}</h2>
        <DataTable
          columns={testColumns}
          data={tests.data}
          idPrefix="voc-tests"
          rowTestId="voc-test-row"
          loading={tests.loading}
          error={tests.error}
          empty={t("voc.tests.empty")}
          columnMenu={false}
        />
        {canWrite && firstSource ? (
          <VocForm
            key={`test-${firstSource}`}
            id="voc-test"
            fields={testFields}
            initial={{ source: firstSource }}
            submitLabel={t("voc.tests.add")}
            onSubmit={async (v) => {
              await vocAddTest({
                source: v.source ?? "",
                sampled_at_local: v.sampled_at_local ?? "",
                c_mg_m3: v.c_mg_m3 ?? "",
                q_nm3_h: v.q_nm3_h ?? "",
                hours: opt(v.hours),
                lab: opt(v.lab),
                report_no: opt(v.report_no),
              });
              await changed();
            }}
          />
        ) : null}
      </section>
    </div>
  );
}
