//! The `hq` CLI on real files (issue 11 item 11): an HQ database made by `hq init`, a plant
//! registered with the key file `sync key export` wrote, a USB folder of packets `sync export`
//! wrote imported, the grid, a return written as a signed file, the appendix exported to xlsx
//! and read back — and every refusal exits non-zero with its reason.

#[path = "../../tests/common/mod.rs"]
mod common;
mod run;

use common::week_plant::{gen, plant_coded, sw, sw_stream};
use ehs_ledger::plant::Jurisdiction;
use run::cli;

fn ok(out: std::process::Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_hq_registers_imports_reviews_and_exports_the_appendix() {
    let dir = tempfile::tempdir().unwrap();
    // A plant with two weeks, exported to a folder as a USB stick would carry them.
    let mut p = plant_coded("SZ01", "Asia/Shanghai", Jurisdiction::CN);
    sw_stream(&mut p);
    gen(&mut p, "C-1", "900-249-08", "94420", "2026-03-03T10:00", true);
    sw(&mut p, "1200", "2026-03-11T09:00", None);
    let plant_db = p.path();
    drop(p.store);
    let usb = dir.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    for w in ["2026-W10", "2026-W11"] {
        ok(cli(&plant_db, &["sync", "export", "--week", w, "--out", usb.to_str().unwrap()]));
    }
    let pem = dir.path().join("SZ01.pem");
    ok(cli(&plant_db, &["sync", "key", "export", "--out", pem.to_str().unwrap()]));

    let hq = dir.path().join("hq.sqlite3");
    let run = |args: &[&str]| cli(&hq, args);
    ok(run(&["hq", "init", "--group", "示例集团", "--password", "correct horse battery"]));
    ok(run(&["hq", "segment", "add", "PHONE", "--zh", "手机×AIoT", "--en", "Smartphone × AIoT"]));
    // Refusals: an unknown segment, a plant command on the HQ file.
    let out = run(&[
        "hq",
        "plant",
        "add",
        "SZ01",
        "--name",
        "深圳工厂",
        "--segment",
        "EV",
        "--boundary-from",
        "2020-01-01",
        "--key",
        pem.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("segment_code: segment 'EV' is not registered"));
    let out = run(&["waste", "category"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HQ database"), "{}", String::from_utf8_lossy(&out.stderr));
    ok(run(&[
        "hq",
        "plant",
        "add",
        "SZ01",
        "--name",
        "深圳工厂",
        "--segment",
        "PHONE",
        "--boundary-from",
        "2020-01-01",
        "--key",
        pem.to_str().unwrap(),
    ]));

    // Import the folder (two packets, two PDFs not read), then a tampered copy is refused.
    let text = ok(run(&["hq", "import", usb.to_str().unwrap()]));
    assert!(text.contains("2 item(s): 2 accepted, 0 duplicate, 0 rejected"), "{text}");
    assert!(text.contains("2 other file(s) not read"), "{text}");
    let bad = dir.path().join("bad.packet.json");
    let first = std::fs::read_dir(&usb)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".packet.json"))
        .unwrap();
    let tampered = std::fs::read_to_string(&first).unwrap().replacen("\\\"value\\\":", "\\\"value\\\": ", 1);
    std::fs::write(&bad, tampered).unwrap();
    let out = run(&["hq", "import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "a rejected item makes the import exit 1");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rejected") && text.contains("bad.packet.json"), "{text}");

    // The grid, JSON: W10 and W11 received.
    let v: serde_json::Value = serde_json::from_str(&ok(run(&["hq", "grid", "--year", "2026", "--json"]))).unwrap();
    assert_eq!(v["counts"]["received"], 2);
    assert_eq!(v["rows"][0]["cells"][9]["state"], "received");
    // Return W11 with a comment, written as a signed file; accept W10.
    let out_dir = dir.path().join("returns");
    std::fs::create_dir(&out_dir).unwrap();
    ok(run(&[
        "hq",
        "return",
        "--plant",
        "SZ01",
        "--week",
        "2026-W11",
        "--comment",
        "1.2 t of cardboard in a week?",
        "--out",
        out_dir.to_str().unwrap(),
    ]));
    assert!(out_dir.join("SZ01_2026-W11_r1.return.json").exists());
    ok(run(&["hq", "accept", "--plant", "SZ01", "--week", "2026-W10"]));
    let out = run(&["hq", "return", "--plant", "SZ01", "--week", "2026-W12", "--comment", "x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing has been received"));
    let week = ok(run(&["hq", "week", "--plant", "SZ01", "--week", "2026-W11"]));
    assert!(week.contains("return r1") && week.contains("cardboard"), "{week}");

    // Revenue, headcount and the appendix exported to xlsx, read back.
    ok(run(&["hq", "revenue", "set", "--year", "2026", "--rmb-million", "365906.2"]));
    ok(run(&["hq", "headcount", "set", "--year", "2026", "--fte", "43000", "--definition", "全职员工（年末）"]));
    let xlsx = dir.path().join("appendix.xlsx");
    ok(run(&["hq", "appendix", "--year", "2026", "--xlsx", xlsx.to_str().unwrap()]));
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let row =
        sheet.rows().find(|r| r.first().map(|c| c.to_string()) == Some("危险废物产生量".into())).expect("the HW row");
    assert_eq!(row[3], Data::Float(94.42), "group total 2026");
    assert_eq!(row[4], Data::Float(94.42), "the PHONE segment");
    let intensity = sheet
        .rows()
        .find(|r| r.first().map(|c| c.to_string()) == Some("人均有害废弃物".into()))
        .expect("per-capita row");
    assert_eq!(intensity[3], Data::Float(2.196), "94,420 kg / 43,000");
    let v: serde_json::Value = serde_json::from_str(&ok(run(&["hq", "appendix", "--year", "2026", "--json"]))).unwrap();
    assert_eq!(v["rows"][0]["group"]["text"], "94.42");
    let drill = ok(run(&["hq", "appendix", "--year", "2026", "--drill", "hw_generated_g"]));
    assert!(drill.contains("SZ01\tPHONE\t2026-W10\t2026-03\tr1 accepted\t94.420000"), "{drill}");
    assert!(ok(run(&["hq", "check"])).contains("caches proved"));

    // The safety view: the seed group's 2,435 hazards, all rectified on time, entered as 2025's
    // published figures — on screen, as JSON, and exported (xlsx read back, PDF written).
    for key in ["hazards_found", "hazards_due", "hazards_closed_on_time"] {
        ok(run(&[
            "hq",
            "history",
            "set",
            "--year",
            "2025",
            "--indicator",
            key,
            "--value",
            "2,435",
            "--source",
            "2025 ESG",
        ]));
    }
    let text = ok(run(&["hq", "safety", "--year", "2026"]));
    assert!(text.contains("Hazards found [sum]: — | — | 2435 | —"), "{text}");
    assert!(text.contains("On-time rectification rate (%) [ratio of sums]: — | — | 100.00 | —"), "{text}");
    assert!(text.contains("definition: On-time rectification rate = "), "{text}");
    let v: serde_json::Value = serde_json::from_str(&ok(run(&["hq", "safety", "--year", "2026", "--json"]))).unwrap();
    assert_eq!(v["rate"]["prior"][0]["text"], "100.00");
    assert_eq!(v["rate"]["prior"][0]["due"], 2435);
    let (sx, sp) = (dir.path().join("safety.xlsx"), dir.path().join("safety.pdf"));
    ok(run(&["hq", "safety", "--year", "2026", "--xlsx", sx.to_str().unwrap(), "--pdf", sp.to_str().unwrap()]));
    let mut wb: Xlsx<_> = open_workbook(&sx).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    let rate =
        sheet.rows().find(|r| r.first().map(|c| c.to_string()) == Some("按期整改完成率".into())).expect("the rate row");
    assert_eq!((&rate[3], &rate[5]), (&Data::String("—".into()), &Data::Float(100.0)), "2026 none; 2025 100.00");
    assert!(std::fs::read(&sp).unwrap().starts_with(b"%PDF"));
}
