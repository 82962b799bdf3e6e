//! `report build` on real files: a weekly (zh) and a monthly (en) management report written as
//! PDFs, and every bad period refused with exit 2, the field named, and nothing written.

#[path = "../../tests/common/mod.rs"]
mod common;
mod run;

use common::week_plant::{gen, plant_in};
use ehs_ledger::plant::Jurisdiction;
use run::cli;

/// Guards item 13 (`report build`): a week and a month are written as PDFs atomically (no
/// `.partial` left behind).
#[test]
fn cli_report_build_writes_a_weekly_and_a_monthly_pdf() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "12.5", "2026-03-03T09:00", true);
    let db = p.path();
    drop(p.store);
    let dir = tempfile::tempdir().unwrap();
    for (args, name) in [(vec!["--week", "2026-W10"], "w.pdf"), (vec!["--month", "2026-03", "--lang", "en"], "m.pdf")] {
        let out = dir.path().join(name);
        let mut a = vec!["report", "build"];
        a.extend(args);
        a.extend(["--out", out.to_str().unwrap()]);
        let o = cli(&db, &a);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("wrote"));
        assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"), "{name}");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left.len(), 2, "only the two PDFs: {left:?}");
}

/// Guards item 13 (bad input): an unknown week, a bad month, both or neither period, a bad
/// language and a period after today exit 2 with `error: <field>: <reason>` and write nothing.
#[test]
fn cli_report_build_refuses_bad_periods_and_writes_nothing() {
    let mut p = plant_in("Asia/Shanghai", Jurisdiction::CN);
    gen(&mut p, "A", "900-249-08", "12.5", "2026-03-03T09:00", true);
    let db = p.path();
    drop(p.store);
    let before = std::fs::read(&db).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.pdf");
    let o = out.to_str().unwrap();
    let cases: [(&[&str], &str); 7] = [
        (&["--week", "2025-W53"], "error: week: "),
        (&["--week", "next week"], "error: week: "),
        (&["--month", "2026-13"], "error: month: "),
        (&["--month", "2026-3"], "error: month: "),
        (&["--week", "2026-W10", "--month", "2026-03"], "error: period: "),
        (&[], "error: period: "),
        (&["--week", "2999-W01"], "error: period: "),
    ];
    for (args, want) in cases {
        let mut a = vec!["report", "build", "--out", o];
        a.extend(args);
        let r = cli(&db, &a);
        assert_eq!(r.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(err.starts_with(want), "{args:?}: {err}");
        assert!(!out.exists(), "{args:?} wrote a file");
    }
    let r = cli(&db, &["report", "build", "--week", "2026-W10", "--lang", "fr", "--out", o]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).starts_with("error: lang: "));
    assert!(!out.exists());
    assert_eq!(std::fs::read(&db).unwrap(), before, "a refused report writes nothing to the database");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing left in the folder");
}
