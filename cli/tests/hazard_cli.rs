//! The `hazard` commands on the real binary with `--as`: the loop from registration to close-out,
//! the separation of duty refused with exit 2 and the file unchanged, the KPIs in `--json`, and
//! the list and the KPIs written as xlsx (`--xlsx`) and read back.

mod plant_cli;

use plant_cli::Cli;

#[test]
fn the_rectification_loop_with_separate_users() {
    let cli = Cli::new();
    for (name, pw) in [("zhang", "48291301"), ("li", "48291302")] {
        cli.ok(&["user", "add", "--username", name, "--role", "inspector", "--password", pw]);
    }
    let h = cli.json(&[
        "--as",
        "zhang",
        "hazard",
        "add",
        "--area",
        "冲压车间",
        "--description",
        "光电保护失效",
        "--lec",
        "6,6,7",
        "--json",
    ]);
    let number = h["number"].as_str().unwrap().to_string();
    assert_eq!((h["lec"]["d"].as_str(), h["lec"]["grade"].as_i64()), (Some("252"), Some(2)));
    let far = "2099-12-31";
    cli.ok(&[
        "--as",
        "zhang",
        "hazard",
        "assign",
        &number,
        "--to",
        "li",
        "--department",
        "冲压",
        "--deadline",
        far,
        "--measures",
        "更换",
    ]);
    // Not yet rectified: nothing to verify; and only li (the responsible person) rectifies.
    assert!(cli.refused(&["--as", "zhang", "hazard", "verify", &number, "--pass"]).contains("cannot be verified"));
    assert!(cli
        .refused(&["--as", "zhang", "hazard", "rectify", &number, "--note", "x"])
        .contains("responsible person"));
    cli.ok(&["--as", "li", "hazard", "rectify", &number, "--note", "已更换"]);
    assert!(cli.refused(&["--as", "li", "hazard", "verify", &number, "--pass"]).contains("someone other than"));
    assert!(cli.refused(&["--as", "zhang", "hazard", "close", &number]).contains("cannot be closed"));
    cli.ok(&["--as", "zhang", "hazard", "verify", &number, "--pass"]);
    cli.ok(&["--as", "zhang", "hazard", "close", &number]);
    let k = cli.json(&["hazard", "kpi", "--from", "2000-01-01", "--to", far, "--json"]);
    assert_eq!(
        (k["found"].as_i64(), k["closed"].as_i64(), k["on_time_rate_pct"].as_str()),
        (Some(1), Some(1), Some("100.00"))
    );
    let hist = cli.json(&["hazard", "history", &number, "--json"]);
    assert_eq!(hist.as_array().unwrap().len(), 4);
    assert!(cli.ok(&["hazard", "check"]).contains("ok"));
    assert!(cli.refused(&["hazard", "add", "--area", "x", "--description", "y", "--lec", "5,6,7"]).contains("lec_l"));

    // The list and the KPIs as workbooks, read back.
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let list = cli._dir.path().join("隐患.xlsx");
    let out = cli.ok(&["hazard", "list", "--xlsx", list.to_str().unwrap(), "--deadline-from", "2099-12-01"]);
    assert!(out.contains("隐患.xlsx"), "{out}");
    let mut wb: Xlsx<_> = open_workbook(&list).unwrap();
    let r = wb.worksheet_range("隐患清单").unwrap();
    let rows: Vec<Vec<Data>> = r.rows().map(<[Data]>::to_vec).collect();
    let head = rows.iter().position(|row| row[0] == Data::String("编号".into())).unwrap();
    assert_eq!(rows[head + 1][0], Data::String(number.clone()));
    assert_eq!(rows[head + 1][9], Data::Float(252.0), "D");
    let kpi = cli._dir.path().join("kpi.xlsx");
    cli.ok(&["hazard", "kpi", "--from", "2000-01-01", "--to", far, "--xlsx", kpi.to_str().unwrap(), "--lang", "en"]);
    let mut wb: Xlsx<_> = open_workbook(&kpi).unwrap();
    assert_eq!(wb.sheet_names(), ["KPIs", "By area", "By grade"]);
    let r = wb.worksheet_range("KPIs").unwrap();
    let rate = r.rows().find(|row| row[0] == Data::String("On-time rectification rate (%)".into())).unwrap();
    assert_eq!(rate[1], Data::Float(100.0));
    assert!(cli
        .refused(&["hazard", "list", "--xlsx", list.to_str().unwrap(), "--deadline-to", "soon"])
        .contains("deadline_to"));
}
