// 登记册 (the registry): the plants HQ receives packets from — code, name, segment, legal entity,
// time zone, the boundary dates inside which their figures count, and their keys — with the
// form to register one, a change of segment / boundary / e-mail, a key rotation and the key
// history per plant; the business segments (the appendix's columns); and HQ's own public key,
// which each plant registers to verify returned weeks.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { hqPlants, hqSegments, type RegPlant } from "../../ipc/api";
import { placeError } from "../../lib/errors";
import { useLoad } from "../../lib/useLoad";
import { DataTable, valueColumn, type DataColumn } from "../../components/DataTable";
import { groupFingerprint } from "../sync/format";
import { segmentName } from "./format";
import { AddPlantForm } from "./AddPlantForm";
import { ChangePlantDialog, KeysDialog, RotateKeyDialog } from "./PlantDialogs";
import { SegmentsPanel } from "./SegmentsPanel";
import { HqKeyPanel } from "./HqKeyPanel";

type Open = { kind: "change" | "rotate" | "keys"; plant: RegPlant } | null;

export function RegistryTab() {
  const { t, i18n } = useTranslation();
  const describe = (e: unknown) => placeError(e, t, []).form;
  const plants = useLoad(hqPlants, [], { describe });
  const segments = useLoad(hqSegments, [], { describe });
  const [open, setOpen] = useState<Open>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const segs = segments.data ?? [];
  const segLabel = (code: string) => {
    const s = segs.find((x) => x.code === code);
    return s ? `${code} · ${segmentName(s, i18n.language)}` : code;
  };

  const columns: DataColumn<RegPlant>[] = [
    valueColumn("code", t("hq.registry.col.code"), (r) => r.code),
    { id: "name", header: t("hq.registry.col.name"), sortValue: (r) => r.name, cell: (r) => r.name },
    { id: "segment", header: t("hq.segment"), sortValue: (r) => r.segment_code, cell: (r) => segLabel(r.segment_code) },
    { id: "legal", header: t("hq.registry.col.legal"), sortValue: (r) => r.legal_entity, cell: (r) => r.legal_entity },
    valueColumn("tz", t("hq.registry.col.timezone"), (r) => r.timezone),
    { id: "email", header: t("hq.registry.col.email"), className: "mono", hiddenByDefault: true, cell: (r) => r.email },
    {
      id: "boundary",
      header: t("hq.registry.col.boundary"),
      className: "mono",
      sortValue: (r) => r.in_boundary_from,
      cell: (r) => t("hq.registry.boundary", { from: r.in_boundary_from, until: r.out_of_boundary_from ?? "—" }),
    },
    {
      id: "keys",
      header: t("hq.registry.col.keys"),
      className: "mono",
      cell: (r) => r.fingerprints.map(groupFingerprint).join(", "),
    },
    {
      id: "actions",
      header: "",
      label: t("hq.registry.col.actions"),
      hideable: false,
      className: "actions",
      cell: (r) => (
        <>
          <button
            type="button"
            className="btn btn--small"
            data-testid={`hq-plant-change-${r.code}`}
            onClick={() => setOpen({ kind: "change", plant: r })}
          >
            {t("hq.registry.change")}
          </button>
          <button
            type="button"
            className="btn btn--small"
            data-testid={`hq-plant-rotate-${r.code}`}
            onClick={() => setOpen({ kind: "rotate", plant: r })}
          >
            {t("hq.registry.rotate")}
          </button>
          <button
            type="button"
            className="btn btn--small"
            data-testid={`hq-plant-keys-${r.code}`}
            onClick={() => setOpen({ kind: "keys", plant: r })}
          >
            {t("hq.registry.keys")}
          </button>
        </>
      ),
    },
  ];

  const done = (what: string) => {
    setOpen(null);
    setChanged(what);
    void plants.reload();
  };

  return (
    <section className="page hq-registry">
      <div className="page__head">
        <h1>{t("hq.registry.title")}</h1>
        <span className="muted">{t("hq.registry.basis")}</span>
      </div>
      <section className="panel">
        <h2>{t("hq.registry.plants")}</h2>
        {changed ? (
          <div className="toast" role="status" data-testid="hq-registry-done">
            {changed}
          </div>
        ) : null}
        <DataTable
          columns={columns}
          data={plants.data}
          rowKey={(r) => r.code}
          idPrefix="hq-plants"
          rowTestId="hq-plant-row"
          loading={plants.loading}
          error={plants.error}
          initialSort={{ id: "code", desc: false }}
          summary={plants.data ? t("hq.registry.count", { n: plants.data.length }) : undefined}
          empty={t("hq.registry.noPlants")}
        />
      </section>
      <AddPlantForm segments={segs} onAdded={(p) => done(t("hq.registry.added", { code: p.code, name: p.name }))} />
      <SegmentsPanel segments={segments.data} loading={segments.loading} error={segments.error} onAdded={() => void segments.reload()} />
      <HqKeyPanel />
      {open?.kind === "change" ? (
        <ChangePlantDialog
          plant={open.plant}
          segments={segs}
          onClose={() => setOpen(null)}
          onDone={(p) => done(t("hq.registry.changed", { code: p.code }))}
        />
      ) : null}
      {open?.kind === "rotate" ? (
        <RotateKeyDialog
          plant={open.plant}
          onClose={() => setOpen(null)}
          onDone={(k) => done(t("hq.registry.rotated", { code: k.plant_code, from: k.valid_from }))}
        />
      ) : null}
      {open?.kind === "keys" ? <KeysDialog plant={open.plant} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}
