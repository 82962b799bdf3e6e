//! The `outfall` and `water` commands on the real binary: an outfall with its permit entries,
//! an HJ 212 log imported twice (counts by reason, then duplicates), lab results with `L`, the
//! month's loads and the exceedances (text and `--json`); refusals name their field and leave
//! the file byte-identical.

mod plant_cli;

use plant_cli::Cli;

/// 24 hourly packets of 2025-06-10 on logger MN CLI-MN: COD 80, three hours at 150; one damaged.
fn log() -> String {
    let mut out = String::new();
    for h in 0..24 {
        let cod = if (9..12).contains(&h) { 150 } else { 80 };
        let data = format!(
            "QN=20250610{h:02}0000000;ST=32;CN=2061;PW=123456;MN=CLI-MN;Flag=4;CP=&&DataTime=20250610{h:02}0000;w01018-Avg={cod},w01018-Flag=N;w00000-Cou=50,w00000-Flag=N&&"
        );
        out.push_str(&format!("##{:04}{data}{:04X}\r\n", data.len(), ehs_ledger::water::hj212::crc16(data.as_bytes())));
    }
    out.push_str("##0010QN=1;CN=20FFFF\r\n");
    out
}

#[test]
fn outfall_readings_import_loads_and_exceedances_on_the_real_binary() {
    let cli = Cli::new();
    let out = cli.ok(&[
        "outfall",
        "add",
        "--code",
        "DW001",
        "--name",
        "总排口",
        "--mode",
        "direct",
        "--mn",
        "CLI-MN",
        "--permit-no",
        "PN-1",
        "--permit-expires",
        "2030-01-01",
        "--param",
        "cod:online:continuous",
        "--param",
        "flow:online:continuous",
        "--param",
        "nh3n:manual:monthly",
        "--limit",
        "cod=100",
        "--limit",
        "nh3n=15",
        "--limit",
        "nh3n=25@12-3",
    ]);
    assert!(out.contains("DW001") && out.contains("3 parameter"), "{out}");
    let list = cli.json(&["outfall", "list", "--json"]);
    assert_eq!(list[0]["params"][2]["limits"].as_array().unwrap().len(), 2);
    // The log: counts by reason, exceedances found.
    let file = cli._dir.path().join("dw001.log");
    std::fs::write(&file, log()).unwrap();
    let r = cli.json(&["water", "import", "--format", "hj212", file.to_str().unwrap(), "--json"]);
    assert_eq!((r["packets"]["accepted"].as_i64(), r["packets"]["rejected"].as_i64()), (Some(24), Some(1)));
    assert_eq!(r["batch"]["exceedances"].as_i64(), Some(3));
    let text = cli.ok(&["water", "import", "--format", "hj212", file.to_str().unwrap()]);
    assert!(text.contains("0 accepted, 48 duplicate(s)"), "{text}");
    // A lab result below the DL and one over the winter limit.
    cli.ok(&[
        "water",
        "reading",
        "add",
        "--outfall",
        "DW001",
        "--at",
        "2025-06-10T10:00",
        "--value",
        "nh3n=0.5L:HJ 535-2009",
    ]);
    let x = cli.json(&[
        "water",
        "reading",
        "add",
        "--outfall",
        "DW001",
        "--at",
        "2025-12-10T10:00",
        "--value",
        "nh3n=30",
        "--json",
    ]);
    assert_eq!(x["exceedances"].as_i64(), Some(1));
    // Loads of the month: 24 × 50 m³ × mean COD; the day's discharge.
    let l = cli.json(&["water", "loads", "--month", "2025-06", "--json"]);
    let cod = &l["outfalls"][0]["params"][0];
    assert_eq!(cod["load_g"].as_i64(), Some((21 * 80 + 3 * 150) * 50));
    assert_eq!(l["outfalls"][0]["discharge_l"].as_i64(), Some(24 * 50 * 1000));
    assert_eq!(l["dl_policy"], "zero");
    let text = cli.ok(&["water", "loads", "--outfall", "DW001", "--year", "2025"]);
    assert!(text.contains("below DL counted as zero"), "{text}");
    let xs = cli.json(&["water", "exceedances", "--from", "2025-01-01", "--to", "2025-12-31", "--json"]);
    assert_eq!(xs.as_array().unwrap().len(), 4);
    let text = cli.ok(&["water", "exceedances", "--from", "2025-06-01", "--to", "2025-06-30"]);
    assert!(text.contains("1.500 × the limit"), "{text}");
    assert!(cli.ok(&["water", "check"]).contains("ok"));
    // Refusals name their field and change nothing.
    assert!(cli.refused(&["outfall", "add", "--code", "DW001", "--name", "x", "--mode", "direct"]).contains("code"));
    assert!(cli
        .refused(&["water", "reading", "add", "--outfall", "DW001", "--at", "2025-06-11T10:00", "--value", "nh3n=abc"])
        .contains("value"));
    assert!(cli.refused(&["water", "loads", "--month", "2025-13"]).contains("month"));
    assert!(cli.refused(&["water", "import", "--format", "pdf", file.to_str().unwrap()]).contains("format"));
}
