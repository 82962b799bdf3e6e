//! The `voc` commands on the real binary: sources, materials, the monthly ledger, a stack
//! test, the coated area, and `voc emissions --month` (text and `--json`) with both methods;
//! a refused command exits non-zero naming its field and leaves the file byte-identical.

mod plant_cli;

use plant_cli::Cli;

#[test]
fn voc_ledger_to_emissions_by_both_methods() {
    let c = Cli::new();
    c.ok(&[
        "voc",
        "source",
        "add",
        "--code",
        "L1",
        "--name",
        "底漆线",
        "--kind",
        "coating_line",
        "--limit",
        "50",
        "--target",
        "12.5",
        "--capture",
        "88",
        "--removal",
        "93.75",
        "--basis",
        "tested",
        "--hours",
        "400",
    ]);
    c.ok(&["voc", "material", "add", "--name", "底漆", "--voc-pct", "50", "--document", "SDS-1"]);
    let m = c.json(&["voc", "material", "add", "--name", "稀释剂", "--voc-g-l", "440", "--density", "880", "--json"]);
    assert_eq!(m["voc_mass_pct"], "50");
    c.ok(&[
        "voc",
        "usage",
        "add",
        "--month",
        "2026-01",
        "--material",
        "底漆",
        "--source",
        "L1",
        "--used",
        "16t",
        "--recovered",
        "1000kg",
    ]);
    c.ok(&["voc", "usage", "add", "--month", "2026-01", "--material", "稀释剂", "--source", "L1", "--used", "8000kg"]);
    c.ok(&["voc", "area", "set", "--month", "2026-01", "--m2", "600000", "--basis", "bodies × m²"]);
    c.ok(&["voc", "waste-content", "set", "--code", "900-252-12", "--voc-pct", "25", "--valid-from", "2025-01-01"]);
    let lines = c.json(&["voc", "usage", "list", "--month", "2026-01", "--json"]);
    assert_eq!(lines.as_array().unwrap().len(), 2);

    let e = c.json(&["voc", "emissions", "--month", "2026-01", "--json"]);
    let b = &e["balance"];
    assert_eq!(b["input_g"], 12_000_000);
    assert_eq!(b["recovered_g"], 500_000);
    assert_eq!(b["abated_g"], 9_900_000);
    assert_eq!(b["emitted_g"], 12_000_000 - 500_000 - 9_900_000);
    assert_eq!(e["emitted_method"], "material_balance");

    c.ok(&[
        "voc",
        "test",
        "add",
        "--source",
        "L1",
        "--at",
        "2026-01-15T10:00",
        "--c",
        "10",
        "--q",
        "20000",
        "--report",
        "R-1",
    ]);
    let e = c.json(&["voc", "emissions", "--month", "2026-01", "--json"]);
    assert_eq!(e["monitoring"]["emitted_g"], 10 * 20_000 * 400 / 1000);
    assert_eq!(e["emitted_method"], "monitored");
    let text = c.ok(&["voc", "emissions", "--month", "2026-01"]);
    assert!(text.contains("E = I − O1 − O2") && text.contains("1600.000 kg"), "{text}");
    assert!(text.contains("Monitoring") && text.contains("80.000 kg"), "{text}");

    // Refusals name the field, exit 2, and write nothing.
    let err = c.refused(&["voc", "usage", "add", "--month", "2026-01", "--material", "底漆", "--used", "12"]);
    assert!(err.contains("used"), "{err}");
    let err = c.refused(&["voc", "usage", "add", "--month", "2026-13", "--material", "底漆", "--used", "12kg"]);
    assert!(err.starts_with("error: month:"), "{err}");
    let err = c.refused(&["voc", "material", "add", "--name", "X", "--voc-g-l", "420"]);
    assert!(err.starts_with("error: density_g_l:"), "{err}");
    let err = c.refused(&[
        "voc",
        "source",
        "add",
        "--code",
        "L2",
        "--name",
        "x",
        "--capture",
        "120",
        "--removal",
        "90",
        "--hours",
        "400",
    ]);
    assert!(err.starts_with("error: capture_pct:"), "{err}");
    let err = c.refused(&["voc", "emissions", "--month", "январь"]);
    assert!(err.starts_with("error: month:"), "{err}");
}
