//! Documents: tables and forms rendered to PDF and xlsx bytes.
//!
//! Pure rendering — no database, no clock, no tauri, no files written. Callers (the app's export
//! commands, the CLI) build the plain structs below from the store and hand the bytes to the
//! user. Everything is laid out here by hand because printpdf 0.12 has no table layout:
//! column positions, wrapping (measured with the bundled font's advance widths: CJK breaks
//! anywhere, Latin at spaces), page breaks with the header row repeated, page numbers.
//!
//! - [`tables_to_xlsx`] / [`tables_to_pdf`] — ledgers (B.1, B.2 …): one sheet / one run of
//!   A4-landscape pages per [`Table`].
//! - [`manifest_pdf`] — a local copy of a 危险废物转移联单 (A4 portrait).
//! - [`report_pdf`] — the plant's weekly or monthly management report (A4 portrait, zh or en):
//!   KPI tiles, vector trend charts, tables.
//! - [`hazard_notice_pdf`] — a 隐患整改通知书 (rectification notice, A4 portrait, zh or en)
//!   with the before photos (JPEG copies embedded as they are, DCT pass-through).
//! - [`inspection_report_pdf`] — the record of one inspection round (隐患排查记录, A4 portrait,
//!   zh or en): the checklist with each item's result, the hazards found with their photos.
//! - [`labels_pdf`] — HJ 1276-2022 hazardous-waste labels, one label per page, the page being
//!   the label's own size (for label printers and pre-cut sheets).
//!
//! Masses are whole grams in and exact `kg` text out (`1234.567`, via [`Grams::kg_string`]);
//! in xlsx they are numbers with format `0.000`. The only font is the bundled Noto Sans SC
//! subset ([`font`]); PDFs embed just the glyphs they use (≈ tens of KB per document).
//! Bad input returns [`Error::Invalid`]; this module never panics on input.

mod flow;
mod font;
mod hazard_notice;
mod inspection_report;
mod label;
mod layout;
mod manifest;
mod pictogram;
mod report;
mod table_pdf;
mod xlsx;

pub(crate) use font::cjk_font;
pub use font::{Font, FONT_ENV};
pub use hazard_notice::hazard_notice_pdf;
pub use inspection_report::inspection_report_pdf;
pub use label::labels_pdf;
pub use manifest::manifest_pdf;
pub use report::{kg_text, report_pdf};
pub use table_pdf::tables_to_pdf;
pub use xlsx::tables_to_xlsx;

use crate::error::{Error, Result};
use crate::units::Grams;

/// Horizontal alignment of a column's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Right,
    Center,
}

/// One column of a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    /// Width on the PDF page. Columns wider in total than the page are scaled down to fit; xlsx
    /// column widths are derived from it too.
    pub width_mm: f32,
    pub align: Align,
}

impl Column {
    pub fn new(header: impl Into<String>, width_mm: f32, align: Align) -> Self {
        Column { header: header.into(), width_mm, align }
    }
}

/// One cell value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    /// A mass in whole grams, shown as kg with three decimals (exact).
    Mass {
        grams: i64,
    },
    /// A mass in whole grams, shown as tonnes with six decimals (exact): the declaration
    /// summaries report in t.
    Tonnes {
        grams: i64,
    },
    Int(i64),
    /// An exact decimal already rounded for publication (`"94.42"`, `"0.01740"`): shown as
    /// written, and written to xlsx as a number with this many decimals.
    Decimal {
        text: String,
        decimals: u8,
    },
    Empty,
}

impl Cell {
    /// The text a PDF shows for this cell.
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Mass { grams } => kg(*grams),
            Cell::Tonnes { grams } => crate::units::Grams(*grams).t_string(),
            Cell::Int(i) => i.to_string(),
            Cell::Decimal { text, .. } => text.clone(),
            Cell::Empty => String::new(),
        }
    }
}

/// A titled table: a ledger, a register, a summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// e.g. `"危险废物产生环节记录表（B.1）"`.
    pub title: String,
    /// Lines under the title: plant name, period, unit.
    pub subtitle: Vec<String>,
    /// xlsx sheet name; sanitised (≤ 31 characters, no `/ [ ] : * ? \`, unique).
    pub sheet_name: String,
    pub columns: Vec<Column>,
    /// Each row has at most one cell per column (missing trailing cells are empty).
    pub rows: Vec<Vec<Cell>>,
    /// Lines after the rows: totals, `"记录人：____ 审核人：____"`.
    pub footer: Vec<String>,
}

/// A party on a manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Party {
    pub name: String,
    /// 统一社会信用代码.
    pub uscc: Option<String>,
    pub address: Option<String>,
    /// Contact person and phone.
    pub contact: Option<String>,
}

/// One waste line of a manifest.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManifestLine {
    /// 名录 code, e.g. `"900-041-49"`.
    pub code: String,
    /// Category, e.g. `"HW49"`.
    pub category: String,
    pub name: String,
    /// Hazard characteristics, e.g. `"T/In"`.
    pub characteristics: String,
    pub form: Option<String>,
    /// Container ids (or a count text).
    pub containers: Vec<String>,
    pub package_type: Option<String>,
    pub shipped_g: i64,
    pub received_g: Option<i64>,
    /// 利用/处置方式.
    pub method: Option<String>,
}

/// The receiver's confirmation, once given.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReceivedInfo {
    pub received_on: String,
    pub confirmed_at: String,
    pub outcome: String,
    pub note: Option<String>,
}

/// A 危险废物转移联单 as kept at the plant.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ManifestDoc {
    pub manifest_no: String,
    pub status: String,
    pub consignor: Party,
    pub transporter: Option<Party>,
    pub vehicle_plate: Option<String>,
    pub receiver: Party,
    pub receiver_licence_no: String,
    pub shipped_at: String,
    pub lines: Vec<ManifestLine>,
    pub total_g: i64,
    pub confirmation_due: String,
    pub received: Option<ReceivedInfo>,
    pub notes: Vec<String>,
}

/// A hazard-characteristic pictogram of HJ 1276-2022 (危险特性警示图形), drawn as vector
/// shapes with its Chinese word under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pictogram {
    /// 毒性 (T): skull and crossbones.
    Toxic,
    /// 腐蚀性 (C): liquid dripping from two tubes onto a surface and a hand.
    Corrosive,
    /// 易燃性 (I): a flame.
    Flammable,
    /// 反应性 (R): a bursting bomb.
    Reactive,
    /// 感染性 (In): the biohazard trefoil.
    Infectious,
}

impl Pictogram {
    /// The word printed under the pictogram.
    pub fn word_zh(self) -> &'static str {
        match self {
            Pictogram::Toxic => "毒性",
            Pictogram::Corrosive => "腐蚀性",
            Pictogram::Flammable => "易燃性",
            Pictogram::Reactive => "反应性",
            Pictogram::Infectious => "感染性",
        }
    }
}

/// One HJ 1276-2022 hazardous-waste label. Every field is printed: text never goes below
/// `min_text_mm`; what does not fit on the label continues on a page of the same size.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelDoc {
    /// The 37-character 数字识别码.
    pub label_id: String,
    pub name: String,
    pub code: String,
    pub category: String,
    /// The characteristics as text (printed when there is no pictogram for them).
    pub characteristics: String,
    /// One pictogram per hazard characteristic of the waste.
    pub pictograms: Vec<Pictogram>,
    pub form: Option<String>,
    /// 主要成分; `None` prints 未记录.
    pub main_components: Option<String>,
    /// 有害成分; `None` prints 未记录.
    pub harmful_components: Option<String>,
    /// 注意事项, one line per hazard characteristic.
    pub precautions: Option<String>,
    pub producer: String,
    pub contact: Option<String>,
    pub generated_on: String,
    /// Exact kg text, e.g. `"25.000"`.
    pub quantity_kg: String,
    /// 备注 (e.g. the container id).
    pub remark: Option<String>,
    pub qr_payload: String,
    /// Label (and page) size in mm, width × height; each side 50–600 mm.
    pub size: (f32, f32),
    /// The standard's minimum text height for this label size, mm (3, 5 or 6); 1–20.
    pub min_text_mm: f32,
    /// Copies per container: 2 for containers over 450 L (one on each of two opposite sides,
    /// printed on the label), else 1.
    pub copies: u8,
}

/// A photo on a document: a baseline JPEG (RGB or greyscale) embedded as it is, with its size.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocPhoto {
    pub jpeg: Vec<u8>,
    pub width_px: u32,
    pub height_px: u32,
    /// 3 for RGB, 1 for greyscale.
    pub components: u8,
    pub caption: String,
}

/// Who did a step of a hazard's loop, when, and what they noted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NoticeStep {
    pub by: String,
    pub on: String,
    pub note: String,
}

/// The 五到位 plan of a major hazard as the notice prints it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NoticePlan {
    pub measures: String,
    pub funds: String,
    pub responsible: String,
    pub deadline: String,
    pub contingency: String,
    pub goal: String,
}

/// The LEC assessment as printed: factors, D, grade and its colour (RGB 0–1) and name.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NoticeLec {
    pub l: String,
    pub e: String,
    pub c: String,
    pub d: String,
    pub grade: u8,
    pub colour_name: String,
    pub colour: (f32, f32, f32),
}

/// A 隐患整改通知书 (rectification notice) for one hazard. Values are printed as given; the
/// labels follow `lang`.
#[derive(Debug, Clone, PartialEq)]
pub struct HazardNoticeDoc {
    pub lang: crate::report::Lang,
    /// The notice number: the hazard number.
    pub number: String,
    pub plant_name: String,
    pub department: String,
    pub responsible: String,
    pub found_on: String,
    pub area: String,
    pub equipment: String,
    pub description: String,
    pub major: bool,
    pub lec: Option<NoticeLec>,
    pub measures: String,
    pub deadline: String,
    /// A major hazard's 五到位 plan.
    pub plan: Option<NoticePlan>,
    /// The before photos (downscaled copies), two per row.
    pub photos: Vec<DocPhoto>,
    /// Who registered the hazard (检查人) and the day the notice is issued.
    pub inspector: String,
    pub issued_on: String,
    pub rectified: Option<NoticeStep>,
    pub verified: Option<NoticeStep>,
    pub closed: Option<NoticeStep>,
}

/// An item's result as a round report prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckResult {
    Pass,
    Fail,
    NotApplicable,
}

/// One checklist item on an inspection round report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportCheck {
    pub no: u32,
    pub item: String,
    pub result: CheckResult,
    pub note: String,
    /// The number of the hazard the failed item raised (empty when none).
    pub hazard: String,
}

/// A hazard found on a round as its report prints it, with its before photos.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportFinding {
    pub number: String,
    /// The checklist item it was found on.
    pub item_no: Option<u32>,
    pub area: String,
    pub location: String,
    pub description: String,
    pub major: bool,
    pub lec: Option<NoticeLec>,
    /// Empty until assigned.
    pub deadline: String,
    /// The status in the report's language.
    pub status: String,
    pub responsible: String,
    pub photos: Vec<DocPhoto>,
}

/// The record of one inspection round (隐患排查记录): the round, its checklist with each item's
/// result, and the hazards found with their photos. Values are printed as given; the labels
/// follow `lang`.
#[derive(Debug, Clone, PartialEq)]
pub struct InspectionReportDoc {
    pub lang: crate::report::Lang,
    pub plant_name: String,
    pub template_name: String,
    pub template_version: i64,
    /// The checklist's kind in the report's language.
    pub kind: String,
    pub area: String,
    /// The schedule's due day the round answers; empty for an unscheduled round.
    pub due_on: String,
    /// Plant-local `YYYY-MM-DD HH:MM`.
    pub done_at: String,
    pub inspector: String,
    pub checks: Vec<ReportCheck>,
    pub findings: Vec<ReportFinding>,
    /// The plant-local day the report was printed.
    pub printed_on: String,
}

/// Exact kg text of a gram count: `1234567` → `"1234.567"`, `-5` → `"-0.005"`.
pub fn kg(grams: i64) -> String {
    Grams(grams).kg_string()
}

/// The error every renderer returns when `progress` asks it to stop.
pub(crate) fn cancelled() -> Error {
    Error::Cancelled(crate::msg::common::export_cancelled())
}

fn internal(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("{what}: {e}"))
}

/// Refuses an empty or malformed column list (shared by the PDF and xlsx writers).
fn check_table(t: &Table, index: usize) -> Result<()> {
    let name = if t.title.is_empty() { format!("table {}", index + 1) } else { format!("table '{}'", t.title) };
    if t.columns.is_empty() {
        return Err(Error::invalid("columns", crate::msg::docs::has_no_columns(&name)));
    }
    for (i, c) in t.columns.iter().enumerate() {
        if !c.width_mm.is_finite() || c.width_mm <= 0.0 || c.width_mm > 2000.0 {
            return Err(Error::invalid(
                "columns",
                crate::msg::docs::column_has_width_mm(&name, &(i + 1), &c.header, &c.width_mm),
            ));
        }
    }
    for (i, r) in t.rows.iter().enumerate() {
        if r.len() > t.columns.len() {
            return Err(Error::invalid(
                "rows",
                crate::msg::docs::row_has_cells_columns(&name, &(i + 1), &r.len(), &t.columns.len()),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Shared fixtures and the pdftotext/pdfinfo probes used by the renderers' tests.
    use super::*;
    use std::path::PathBuf;
    use std::process::Command;

    /// A B.1-style ledger of `n` rows with CJK text, masses and one long wrapping cell.
    pub fn ledger(n: usize) -> Table {
        let columns = vec![
            Column::new("序号", 12.0, Align::Right),
            Column::new("产生日期", 24.0, Align::Center),
            Column::new("废物名称", 48.0, Align::Left),
            Column::new("废物代码", 24.0, Align::Center),
            Column::new("产生量（kg）", 26.0, Align::Right),
            Column::new("容器编号", 40.0, Align::Left),
            Column::new("产生环节说明", 66.0, Align::Left),
            Column::new("记录人", 20.0, Align::Center),
        ];
        let rows = (0..n)
            .map(|i| {
                vec![
                    Cell::Int(i as i64 + 1),
                    Cell::Text(format!("2026-03-{:02}", i % 28 + 1)),
                    Cell::Text(if i % 3 == 0 {
                        "废矿物油与含矿物油废物".into()
                    } else {
                        "废活性炭".into()
                    }),
                    Cell::Text("900-249-08".into()),
                    Cell::Mass { grams: 1_234_567 + i as i64 },
                    Cell::Text(format!("C-2026-{i:05}")),
                    Cell::Text(if i % 7 == 0 {
                        "设备检修更换液压油，油桶密封后转入危废贮存库 North warehouse bay 3 (temporary) 待转移".into()
                    } else {
                        "日常生产".into()
                    }),
                    Cell::Text("张三".into()),
                ]
            })
            .collect();
        Table {
            title: "危险废物产生环节记录表（B.1）".into(),
            subtitle: vec!["单位名称：示范化工有限公司".into(), "期间：2026年3月　计量单位：kg".into()],
            sheet_name: "B.1 产生环节".into(),
            columns,
            rows,
            footer: vec!["合计：…".into(), "记录人：________　　审核人：________".into()],
        }
    }

    pub fn tmp_pdf(name: &str, bytes: &[u8]) -> PathBuf {
        let p = std::env::temp_dir().join(format!("ehs-docs-{}-{name}.pdf", std::process::id()));
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Removes a test PDF unless `EHS_DOCS_KEEP` is set (to look at it: pdftoppm -r 60 -png).
    pub fn cleanup(path: &std::path::Path) {
        if std::env::var_os("EHS_DOCS_KEEP").is_none() {
            let _ = std::fs::remove_file(path);
        } else {
            eprintln!("kept {}", path.display());
        }
    }

    /// Whether a checking tool is on PATH. `scripts/test.sh` sets `EHS_REQUIRE_TOOLS`, so there
    /// (and in CI) a missing tool fails the test instead of skipping the check.
    fn have(tool: &str) -> bool {
        let found = Command::new(tool).arg("-h").output().is_ok();
        assert!(
            found || std::env::var_os("EHS_REQUIRE_TOOLS").is_none(),
            "{tool} is required (EHS_REQUIRE_TOOLS is set): run scripts/setup.sh"
        );
        found
    }

    /// The payloads of the QR codes on each page (rendered at 150 dpi by pdftoppm, decoded by
    /// zbarimg), or None when poppler or zbar-tools is not installed.
    pub fn qr_payloads(path: &std::path::Path) -> Option<Vec<String>> {
        if !have("pdftoppm") || !have("zbarimg") {
            eprintln!("pdftoppm/zbarimg not on PATH: skipping the QR check");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("page");
        let out = Command::new("pdftoppm").args(["-r", "150", "-png"]).arg(path).arg(&prefix).output().unwrap();
        assert!(out.status.success(), "pdftoppm failed: {}", String::from_utf8_lossy(&out.stderr));
        let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
        pages.sort();
        let mut found = Vec::new();
        for page in pages {
            let out = Command::new("zbarimg").args(["-q", "--raw", "--nodbus"]).arg(&page).output().unwrap();
            // Exit 4 = no symbol found on the page: an empty list, which the test then reports.
            found.extend(String::from_utf8(out.stdout).unwrap().lines().map(str::to_string));
        }
        Some(found)
    }

    /// The text of the PDF per pdftotext, or None (with a note) when poppler is not installed.
    pub fn pdftotext(path: &std::path::Path) -> Option<String> {
        if !have("pdftotext") {
            eprintln!("pdftotext not on PATH: skipping the text check");
            return None;
        }
        let out = Command::new("pdftotext").arg("-layout").arg(path).arg("-").output().unwrap();
        assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
        Some(String::from_utf8(out.stdout).unwrap())
    }

    /// Page count per pdfinfo, or None when poppler is not installed.
    pub fn pdfinfo_pages(path: &std::path::Path) -> Option<usize> {
        if !have("pdfinfo") {
            return None;
        }
        let out = Command::new("pdfinfo").arg(path).output().unwrap();
        assert!(out.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&out.stderr));
        let s = String::from_utf8_lossy(&out.stdout).into_owned();
        s.lines().find_map(|l| l.strip_prefix("Pages:")).map(|n| n.trim().parse().unwrap())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kg_is_exact_with_sign() {
        assert_eq!(kg(1_234_567), "1234.567");
        assert_eq!(kg(5), "0.005");
        assert_eq!(kg(-5), "-0.005");
        assert_eq!(kg(0), "0.000");
        assert_eq!(kg(i64::MIN), "-9223372036854775.808");
    }

    #[test]
    fn malformed_tables_are_refused() {
        let mut t = test_support::ledger(2);
        t.rows[1].push(Cell::Empty);
        assert!(matches!(check_table(&t, 0), Err(Error::Invalid { field: "rows", .. })));
        let mut t = test_support::ledger(1);
        t.columns[0].width_mm = f32::NAN;
        assert!(matches!(check_table(&t, 0), Err(Error::Invalid { field: "columns", .. })));
        t.columns.clear();
        assert!(matches!(check_table(&t, 0), Err(Error::Invalid { field: "columns", .. })));
    }
}
