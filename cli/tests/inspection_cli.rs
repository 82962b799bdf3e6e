//! The `inspection` commands on the real binary: a checklist, a weekly schedule and its due
//! rounds, a round with pass / fail / NA where the failed items become hazards with their
//! location, LEC, level and photo, the rounds list and one round in `--json`, the record PDF
//! (with the photo as a JPEG image) and the workbook; refusals exit 2, name the field and
//! leave the file unchanged.

mod plant_cli;

use plant_cli::Cli;

fn jpeg(path: &std::path::Path, w: u32, h: u32) {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85).encode_image(&img).unwrap();
    std::fs::write(path, out).unwrap();
}

#[test]
fn a_round_with_findings_its_report_and_the_refusals() {
    let cli = Cli::new();
    cli.ok(&["user", "add", "--username", "zhang", "--role", "inspector", "--password", "48291301"]);
    let t = cli.json(&[
        "inspection",
        "template",
        "add",
        "--name",
        "车间周检",
        "--kind",
        "weekly",
        "--item",
        "消防通道畅通",
        "--item",
        "灭火器在有效期内",
        "--item",
        "电气柜门关闭",
        "--json",
    ]);
    let tid = t["id"].as_str().unwrap().to_string();
    // Weekly from two weeks ago to today (plant-local): two rounds overdue, one due today.
    let today = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
    let day = |back: i64| (today - chrono::Duration::days(back)).to_string();
    let (start, mid, end) = (day(14), day(7), day(0));
    assert_eq!(t["version"].as_i64(), Some(1));
    let s = cli.json(&[
        "inspection",
        "schedule",
        "add",
        "--template",
        &tid,
        "--area",
        "冲压车间",
        "--every",
        "week",
        "--start",
        &start,
        "--until",
        &end,
        "--inspector",
        "zhang",
        "--json",
    ]);
    let sid = s["id"].as_str().unwrap().to_string();
    let due = cli.json(&["inspection", "due", "--json"]);
    let days: Vec<&str> = due.as_array().unwrap().iter().map(|d| d["due_on"].as_str().unwrap()).collect();
    assert_eq!(days, vec![start.as_str(), mid.as_str(), end.as_str()]);
    let overdue: Vec<bool> = due.as_array().unwrap().iter().map(|d| d["overdue"] == true).collect();
    assert_eq!(overdue, vec![true, true, false]);

    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("door.jpg");
    jpeg(&photo, 800, 600);
    let not_photo = dir.path().join("fake.jpg");
    std::fs::write(&not_photo, b"GIF89a not a photo").unwrap();
    let photo_arg = format!("1:{}", photo.display());
    let base = ["--as", "zhang", "inspection", "round", "--schedule", &sid, "--due", &start];
    let with = |extra: &[&str]| -> Vec<String> { base.iter().chain(extra).map(|s| s.to_string()).collect() };
    let refused = |extra: &[&str]| -> String {
        let args = with(extra);
        cli.refused(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // Refusals: an item without a result, a result off the list, a bad LEC, a finding on a
    // passed item, a photo that is no image, a failed item with nothing said.
    assert!(refused(&["--item", "1:pass", "--item", "2:pass"]).contains("item: item(s) 3 have no result"));
    assert!(refused(&["--item", "1:pass", "--item", "2:maybe", "--item", "3:na"]).contains("item: item 2: 'maybe'"));
    let ok_rest = ["--item", "2:pass", "--item", "3:na"];
    let e = refused(&[&["--item", "1:fail", "--note", "1:堆放纸箱", "--lec", "1:5,6,7"][..], &ok_rest].concat());
    assert!(e.contains("lec_l: item 1"), "{e}");
    let e = refused(&[&["--item", "1:fail", "--note", "1:堆放纸箱", "--location", "2:x"][..], &ok_rest].concat());
    assert!(e.contains("location: item 2: only a failed item"), "{e}");
    let fake = format!("1:{}", not_photo.display());
    let e = refused(&[&["--item", "1:fail", "--note", "1:堆放纸箱", "--photo", &fake][..], &ok_rest].concat());
    assert!(e.contains("file: photo 1 (item 1)"), "{e}");
    let e = refused(&[&["--item", "1:fail"][..], &ok_rest].concat());
    assert!(e.contains("note: item 1: say what was found"), "{e}");
    assert!(cli
        .refused(&[
            "inspection",
            "schedule",
            "add",
            "--template",
            &tid,
            "--area",
            "x",
            "--every",
            "week",
            "--start",
            "2020-02-01",
            "--until",
            "2020-01-01"
        ])
        .contains("until_on"));

    let done = cli.json(
        &with(&[
            "--item",
            "1:fail",
            "--note",
            "1:2 号门内侧堆放纸箱",
            "--location",
            "1:2 号门",
            "--lec",
            "1:6,6,7",
            "--level",
            "1:major",
            "--photo",
            &photo_arg,
            "--item",
            "2:pass",
            "--item",
            "3:na",
            "--note",
            "3:叉车外修",
            "--json",
        ])
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>(),
    );
    let round = done["round_id"].as_str().unwrap().to_string();
    let number = done["hazards"][0]["number"].as_str().unwrap().to_string();
    assert_eq!(done["hazards"][0]["item_no"].as_i64(), Some(1));
    // The same due day again: a conflict, nothing written.
    assert!(refused(&["--item", "1:pass", "--item", "2:pass", "--item", "3:pass"]).contains("already recorded"));

    let h = cli.json(&["hazard", "list", "--json"]);
    let h = &h.as_array().unwrap()[0];
    assert_eq!(
        (h["number"].as_str(), h["equipment"].as_str(), h["level"].as_str()),
        (Some(number.as_str()), Some("2 号门"), Some("major"))
    );
    assert_eq!(h["lec"]["d"].as_str(), Some("252"));
    let pics = cli.json(&["hazard", "photo", "list", &number, "--json"]);
    assert_eq!(pics.as_array().unwrap().len(), 1);

    let rounds = cli.json(&["inspection", "rounds", "--json"]);
    let r = &rounds.as_array().unwrap()[0];
    assert_eq!((r["passed"].as_i64(), r["failed"].as_i64(), r["not_applicable"].as_i64()), (Some(1), Some(1), Some(1)));
    assert_eq!(r["hazards"][0].as_str(), Some(number.as_str()));
    assert_eq!(r["inspector_name"].as_str(), Some("zhang"));
    let d = cli.json(&["inspection", "show", &round, "--json"]);
    let results: Vec<&str> = d["items"].as_array().unwrap().iter().map(|i| i["result"].as_str().unwrap()).collect();
    assert_eq!(results, vec!["fail", "pass", "na"]);
    assert_eq!(d["items"][0]["hazard_number"].as_str(), Some(number.as_str()));
    assert_eq!(
        cli.json(&["inspection", "due", "--json"]).as_array().unwrap().len(),
        2,
        "the round answered one due day"
    );
    assert!(cli.ok(&["inspection", "show", &round]).contains("[fail] 消防通道畅通"));

    let pdf = dir.path().join("round.pdf");
    cli.ok(&["inspection", "report", &round, "--out", pdf.to_str().unwrap(), "--lang", "en"]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    assert_eq!(bytes.windows(b"/DCTDecode".len()).filter(|w| w == b"/DCTDecode").count(), 1, "the photo");
    if let Ok(out) = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output() {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains(&number) && text.contains("Inspection Round Record"), "{text}");
    }
    let e = cli.refused(&["inspection", "report", &round, "--out", pdf.to_str().unwrap(), "--lang", "fr"]);
    assert!(e.contains("lang"), "{e}");

    let xlsx = dir.path().join("rounds.xlsx");
    cli.ok(&["inspection", "export", "--out", xlsx.to_str().unwrap()]);
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = wb.worksheet_range("巡检记录").unwrap();
    assert!(sheet.rows().any(|r| r.iter().any(|c| c.to_string() == number)), "the hazard's number in the workbook");

    // A revised checklist is version 2; revising the old one again is refused.
    let t2 = cli.json(&[
        "inspection",
        "template",
        "add",
        "--name",
        "车间周检",
        "--kind",
        "weekly",
        "--item",
        "消防通道畅通",
        "--supersedes",
        &tid,
        "--json",
    ]);
    assert_eq!(t2["version"].as_i64(), Some(2));
    assert!(cli
        .refused(&[
            "inspection",
            "template",
            "add",
            "--name",
            "车间周检",
            "--kind",
            "weekly",
            "--item",
            "x",
            "--supersedes",
            &tid
        ])
        .contains("supersedes"));
    assert!(cli.ok(&["hazard", "check"]).contains("ok"));
    assert!(cli.ok(&["audit", "verify"]).contains("audit chain holds"), "every round, hazard and photo audited");
}
