//! HJ 1276-2022 labels from the store: each package's 数字识别码 is issued once from the
//! database and never repeats within its day (past 999 too), reprints reuse it, the label size
//! follows the container volume band, and the 注意事项 and pictograms follow the waste's
//! hazard characteristics. PDFs are read back with pdftotext where poppler is installed.

mod common;

use common::{input, now, plant};
use ehs_ledger::docs::{self, Pictogram};
use ehs_ledger::plant::settings;
use ehs_ledger::units::MassUnit;
use ehs_ledger::waste::export::{issue_labels, LabelRequest};
use ehs_ledger::waste::generation::{self, GenerationInput};
use ehs_ledger::waste::import;
use ehs_ledger::waste::label::LabelBand;
use ehs_ledger::ErrorKind;
use std::collections::HashSet;

const USCC: &str = "91350100M000100Y43";

fn labelled_plant() -> common::Plant {
    let mut p = plant();
    let a = p.admin.clone();
    settings::set(&mut p.store, &a, "uscc", USCC, now()).unwrap();
    p
}

fn req(c: &str) -> LabelRequest {
    LabelRequest { container_id: c.into(), band: None }
}

fn record(p: &mut common::Plant, code: &str, container: &str, at: &str) {
    let a = p.admin.clone();
    let i = GenerationInput {
        container_id: container.into(),
        generated_at_local: Some(at.into()),
        ..input(code, "20", MassUnit::Kg)
    };
    generation::record(&mut p.store, &a, i, now()).unwrap();
}

fn count(p: &common::Plant, sql: &str) -> i64 {
    p.store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

// Issue 9 item 6: the old serial was the last 3 characters of the batch code, so the 1,000th
// container of a day (batch …1000) printed serial 001 again, and imported batch codes of any
// other form all printed 001.
#[test]
fn label_serials_never_repeat_within_a_day_past_999_containers() {
    let mut p = labelled_plant();
    let a = p.admin.clone();
    let mut table =
        vec![["产生时间", "废物代码", "产生量", "单位", "容器编码", "产生设施/区域"].map(String::from).to_vec()];
    for i in 1..=1000 {
        table.push(
            ["2025-03-01 08:00", "900-249-08", "10", "kg", &format!("L-{i:04}"), "机加车间"].map(String::from).to_vec(),
        );
    }
    import::commit(&mut p.store, &a, &table, now(), &mut |_, _| true).unwrap();
    // Two more on the same day: their batch codes (…1001, …1002) are not of the HWCS…NNN form.
    record(&mut p, "900-041-49", "X-1", "2025-03-01T09:00");
    record(&mut p, "900-041-49", "X-2", "2025-03-01T09:00");
    // Guards issue 9 item 9 too: past 999 entries a day the batch serial grows a digit instead of
    // colliding (…1000 was taken, so the next two are …1001 and …1002).
    let codes: Vec<String> = ["X-1", "X-2"]
        .iter()
        .map(|c| {
            p.store
                .conn()
                .query_row("SELECT batch_code FROM waste_generation WHERE container_id = ?1", [c], |r| r.get(0))
                .unwrap()
        })
        .collect();
    assert_eq!(codes, ["HWCS202503011001", "HWCS202503011002"]);

    // Two runs the same day: the first labels half the containers, the second the rest, the two
    // odd ones and a reprint.
    let first: Vec<LabelRequest> = (1..=500).map(|i| req(&format!("L-{i:04}"))).collect();
    let second: Vec<LabelRequest> =
        (501..=1000).map(|i| req(&format!("L-{i:04}"))).chain([req("X-1"), req("X-2"), req("L-0001")]).collect();
    let one = issue_labels(&mut p.store, &a, &first, Some(LabelBand::UpTo50L), now()).unwrap();
    let two = issue_labels(&mut p.store, &a, &second, Some(LabelBand::UpTo50L), now()).unwrap();
    assert_eq!(two.last().unwrap().label_id, one[0].label_id, "a reprint has the same id");
    let labels: Vec<_> = one.iter().chain(&two[..502]).collect();
    assert_eq!(labels.len(), 1002);
    let ids: HashSet<&str> = labels.iter().map(|l| l.label_id.as_str()).collect();
    assert_eq!(ids.len(), 1002, "every package has its own 数字识别码");
    let serials: HashSet<&str> = labels.iter().map(|l| &l.label_id[34..]).collect();
    assert_eq!(serials.len(), 1002, "the serial part never repeats within the day, across runs and codes");
    assert!(labels.iter().all(|l| l.label_id.len() == 37 && l.label_id.starts_with(USCC)));
    assert!(labels[0].label_id.ends_with("20250301001"), "batch HWCS20250301001 keeps serial 001");
    assert!(labels[999].label_id.ends_with("20250301A00"), "the 1,000th continues past 999: {}", labels[999].label_id);
    assert_eq!(count(&p, "SELECT count(*) FROM waste_label"), 1002, "one row per package, none per reprint");
    // Each issued id is audited; the table refuses rewrites.
    assert_eq!(count(&p, "SELECT count(*) FROM audit_log WHERE table_name = 'waste_label'"), 1002);
    assert!(p.store.conn().execute("UPDATE waste_label SET serial = 5", []).is_err());
    assert!(p.store.conn().execute("DELETE FROM waste_label", []).is_err());
}

#[test]
fn label_size_follows_the_container_volume_and_two_sides_above_450_litres() {
    let mut p = labelled_plant();
    let a = p.admin.clone();
    for c in ["S-1", "M-1", "B-1"] {
        record(&mut p, "900-249-08", c, "2025-03-01T09:00");
    }
    let requests = [
        LabelRequest { container_id: "S-1".into(), band: Some(LabelBand::of_volume(20)) },
        LabelRequest { container_id: "M-1".into(), band: Some(LabelBand::of_volume(200)) },
        LabelRequest { container_id: "B-1".into(), band: Some(LabelBand::of_volume(1000)) },
    ];
    let labels = issue_labels(&mut p.store, &a, &requests, None, now()).unwrap();
    let got: Vec<((f32, f32), f32, u8)> = labels.iter().map(|l| (l.size, l.min_text_mm, l.copies)).collect();
    assert_eq!(got, [((100.0, 100.0), 3.0, 1), ((150.0, 150.0), 5.0, 1), ((200.0, 200.0), 6.0, 2)]);
    // A reprint without a choice keeps the size recorded at the first issue.
    let again = issue_labels(&mut p.store, &a, &[req("B-1")], None, now()).unwrap();
    assert_eq!((again[0].size, again[0].copies), ((200.0, 200.0), 2));
    // A container never labelled, with no volume chosen: refused, naming it, nothing written.
    record(&mut p, "900-249-08", "N-1", "2025-03-01T09:00");
    let before = count(&p, "SELECT count(*) FROM waste_label");
    let e = issue_labels(&mut p.store, &a, &[req("N-1")], None, now()).unwrap_err();
    assert_eq!((e.kind(), e.field()), (ErrorKind::Invalid, Some("band")));
    assert!(e.to_string().contains("N-1"), "{e}");
    assert_eq!(count(&p, "SELECT count(*) FROM waste_label"), before);
    let pdf = docs::labels_pdf(&labels).unwrap();
    keep("sizes", &pdf);
    if let Some(text) = pdftotext(&p, &pdf) {
        assert!(text.contains("相对两侧各贴一张：第 1/2 张") && text.contains("第 2/2 张"), "{text}");
        // A usual waste fits one page at every size: 100 + 150 + 2 × 200 mm = 4 pages.
        assert_eq!(text.matches('\u{c}').count(), 4, "{text}");
        assert!(!text.contains("危险废物（续）"), "{text}");
    }
}

#[test]
fn label_precautions_and_pictograms_follow_the_hazard_characteristics() {
    let mut p = labelled_plant();
    let a = p.admin.clone();
    record(&mut p, "900-249-08", "OIL-1", "2025-03-01T09:00"); // 废矿物油: T,I
    record(&mut p, "900-300-34", "ACID-1", "2025-03-01T09:00"); // 废酸: C,T
    let labels =
        issue_labels(&mut p.store, &a, &[req("OIL-1"), req("ACID-1")], Some(LabelBand::UpTo450L), now()).unwrap();
    let (oil, acid) = (&labels[0], &labels[1]);
    assert_ne!(oil.precautions, acid.precautions, "not one fixed sentence for every waste");
    let oil_p = oil.precautions.as_deref().unwrap();
    assert!(oil_p.contains("毒性：") && oil_p.contains("易燃性：") && !oil_p.contains("腐蚀性："), "{oil_p}");
    assert!(acid.precautions.as_deref().unwrap().contains("腐蚀性："));
    assert_eq!(oil.pictograms, [Pictogram::Toxic, Pictogram::Flammable]);
    assert!(acid.pictograms.contains(&Pictogram::Corrosive));
    assert_eq!(oil.harmful_components, None, "the stream records no composition: 未记录, never invented");
    let pdf = docs::labels_pdf(&labels).unwrap();
    keep("characteristics", &pdf);
    if let Some(text) = pdftotext(&p, &pdf) {
        assert!(text.contains("有害成分：未记录"), "{text}");
        for w in ["易燃性", "腐蚀性"] {
            assert!(text.contains(w), "{w} missing:\n{text}");
        }
    }
}

#[test]
fn issuing_a_label_id_needs_an_officer_and_a_live_entry_but_reprints_do_not() {
    let mut p = labelled_plant();
    record(&mut p, "900-249-08", "D-1", "2025-03-01T09:00");
    let inspector = p.add_user("insp", ehs_ledger::plant::Role::Inspector);
    let e = issue_labels(&mut p.store, &inspector, &[req("D-1")], Some(LabelBand::UpTo50L), now()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Forbidden);
    let a = p.admin.clone();
    let e = issue_labels(&mut p.store, &a, &[req("D-1"), req("NOPE")], Some(LabelBand::UpTo50L), now()).unwrap_err();
    assert_eq!(e.field(), Some("containers"));
    assert_eq!(count(&p, "SELECT count(*) FROM waste_label"), 0, "all or nothing");
    // Once issued, a read-only role reprints it (no write).
    let issued = issue_labels(&mut p.store, &a, &[req("D-1")], Some(LabelBand::UpTo50L), now()).unwrap();
    let reprint = issue_labels(&mut p.store, &inspector, &[req("D-1")], None, now()).unwrap();
    assert_eq!(reprint[0].label_id, issued[0].label_id);
}

/// With EHS_DOCS_KEEP set, keeps the PDF under tests/artifacts-labels/ (to look at it:
/// pdftoppm -r 60 -png).
fn keep(name: &str, pdf: &[u8]) {
    if std::env::var_os("EHS_DOCS_KEEP").is_some() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/artifacts-labels");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.pdf")), pdf).unwrap();
    }
}

fn pdftotext(p: &common::Plant, pdf: &[u8]) -> Option<String> {
    let path = p.dir.path().join("labels.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&path).arg("-").output().ok()?;
    Some(String::from_utf8(out.stdout).unwrap())
}
