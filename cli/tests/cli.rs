//! Integration tests of the `ehs-ledger` CLI: the real binary on a temp SQLite file, across every
//! area (plant, users, hazardous waste, storage, receivers, shipments, solid waste, documents,
//! import, settings, calendar, audit, demo). They pin what the user sees: exit codes, key text,
//! the `--json` fields, and that a refused command leaves the database file byte-identical.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

const ADMIN_PASSWORD: &str = "correct horse battery";
const USCC: &str = "91350100M000100Y43";
const RECEIVER: &str = "东江环保";
const TRANSPORTER: &str = "顺安危货运输";

/// One temp database driven through the binary.
struct Cli {
    dir: TempDir,
    db: PathBuf,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plant.sqlite3");
        Cli { dir, db }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs `ehs-ledger --db DB ARGS…` with none of the CLI's environment variables set.
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("EHS_LEDGER_DB")
            .env_remove("EHS_LEDGER_USER")
            .env_remove("EHS_LEDGER_ADMIN_PASSWORD")
            .env_remove("EHS_LEDGER_NEW_PASSWORD")
            // Exports without --out land in the export folder: keep it inside the test's dir.
            .env("EHS_LEDGER_EXPORT_DIR", self.path("exports"))
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed; returns its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "{args:?} failed with {:?}\nstdout: {}\nstderr: {}",
            o.status.code(),
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).unwrap()
    }

    /// Runs a `--json` command that must succeed; returns the parsed output.
    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    /// Runs a command that must fail with `code` and must not change the database file; returns
    /// its stderr.
    fn refused(&self, code: i32, args: &[&str]) -> String {
        let before = self.bytes();
        let o = self.run(args);
        assert_eq!(
            o.status.code(),
            Some(code),
            "{args:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(self.bytes(), before, "{args:?} changed the database file");
        String::from_utf8(o.stderr).unwrap()
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.db).unwrap_or_default()
    }

    fn init(&self) {
        let o = self.run(&[
            "init",
            "--plant-code",
            "SZ01",
            "--plant-name",
            "深圳工厂",
            "--segment",
            "智能手机",
            "--admin-password",
            ADMIN_PASSWORD,
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.starts_with("plant set up in "), "{out}");
        assert!(out.contains("plant.sqlite3"), "{out}");
        assert!(o.stderr.is_empty(), "no generated password when one is given");
    }
}

/// The plant's local day (Asia/Shanghai), as the CLI computes `today`.
fn today() -> NaiveDate {
    Utc::now().with_timezone(&chrono_tz::Asia::Shanghai).date_naive()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

fn magic(path: &Path) -> Vec<u8> {
    let b = std::fs::read(path).unwrap();
    assert!(b.len() > 100, "{} is {} bytes", path.display(), b.len());
    b[..4].to_vec()
}

#[test]
fn help_lists_every_area() {
    let o = Command::new(env!("CARGO_BIN_EXE_ehs-ledger")).arg("--help").output().unwrap();
    assert!(o.status.success());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.contains("EHS Ledger: the plant's offline EHS records (CLI)"), "{out}");
    for area in [
        "init", "plant", "user", "waste", "solid", "export", "import", "receiver", "settings", "calendar", "audit",
        "demo", "bench",
    ] {
        assert!(out.lines().any(|l| l.trim_start().starts_with(&format!("{area} "))), "{area} missing from:\n{out}");
    }
    // Each area answers --help too.
    for (area, sub) in [
        ("plant", "headcount"),
        ("user", "add"),
        ("waste", "take-out"),
        ("solid", "gri"),
        ("export", "ledger"),
        ("receiver", "licence"),
        ("settings", "set"),
        ("calendar", "void"),
        ("audit", "verify"),
        ("bench", "generate"),
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_ehs-ledger")).args([area, "--help"]).output().unwrap();
        assert!(o.status.success(), "{area} --help");
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.contains(sub), "{area} --help lacks {sub}:\n{out}");
    }
    // The order of `waste --help`, as users know it.
    let o = Command::new(env!("CARGO_BIN_EXE_ehs-ledger")).args(["waste", "--help"]).output().unwrap();
    let out = String::from_utf8(o.stdout).unwrap();
    let listed: Vec<&str> = out
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        listed,
        [
            "add",
            "list",
            "void",
            "codes",
            "stream",
            "facility",
            "point",
            "store",
            "take-out",
            "reverse",
            "balance",
            "table",
            "ship",
            "treat",
            "category",
            "confirm",
            "return",
            "shipments",
            "shipment",
            "void-shipment",
            "approval",
            "plan",
            "alerts",
            "incompat",
            "help"
        ],
        "{out}"
    );
    // An unknown subcommand is a usage error (clap's exit code 2).
    let o = Command::new(env!("CARGO_BIN_EXE_ehs-ledger")).arg("nonsense").output().unwrap();
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn init_without_a_password_prints_a_generated_one_once() {
    let cli = Cli::new();
    let o = cli.run(&["init", "--plant-code", "SZ02", "--plant-name", "东莞工厂"]);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.starts_with("admin 'admin' password (shown once, change it): "), "{err}");
    assert_eq!(err.trim().rsplit(' ').next().unwrap().len(), 16, "{err}");
    // A second init is refused and writes nothing.
    let err =
        cli.refused(2, &["init", "--plant-code", "SZ03", "--plant-name", "x", "--admin-password", "another-pass"]);
    assert!(err.starts_with("error: "), "{err}");
    let p = cli.json(&["plant", "show", "--json"]);
    assert_eq!(p["plant"]["code"], "SZ02");
}

#[test]
fn commands_on_a_database_without_a_plant_are_refused() {
    let cli = Cli::new();
    let o = cli.run(&["plant", "show"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.starts_with("error: "), "{err}");
}

/// Plant, users, the hazardous-waste ledger, storage, receivers, a shipment and its
/// confirmation, own treatment, solid waste and GRI, documents, import, settings, calendar and
/// the audit chain, in one plant.
#[test]
fn every_area_end_to_end() {
    let cli = Cli::new();
    let today = today();
    let yday = today - Duration::days(1);
    let at = |hhmm: &str| format!("{yday}T{hhmm}");
    cli.init();

    // --- plant and users
    let p = cli.json(&["plant", "show", "--json"]);
    assert_eq!(p["plant"]["code"], "SZ01");
    assert_eq!(p["plant"]["name"], "深圳工厂");
    assert_eq!(p["plant"]["segment"], "智能手机");
    assert_eq!(p["plant"]["timezone"], "Asia/Shanghai");
    assert_eq!(p["headcount"], serde_json::json!([]));
    assert_eq!(Path::new(s(&p["db_path"])), cli.db.as_path());
    assert_eq!(cli.ok(&["plant", "headcount", "--year", "2025", "--full-time", "4512", "--total", "4960"]), "");
    let p = cli.json(&["plant", "show", "--json"]);
    assert_eq!(p["headcount"], serde_json::json!([{ "year": 2025, "full_time": 4512, "total": 4960 }]));
    let text = cli.ok(&["plant", "show"]);
    assert!(text.starts_with("SZ01 深圳工厂 (智能手机; CN; Asia/Shanghai)\n"), "{text}");
    assert!(text.contains("  2025: 4512 full-time / 4960 total"), "{text}");

    let id = cli.ok(&[
        "user",
        "add",
        "--username",
        "li",
        "--display-name",
        "李工",
        "--role",
        "inspector",
        "--password",
        "482913",
    ]);
    assert_eq!(id.trim().len(), 36, "a user id: {id}");
    let err = cli.refused(2, &["user", "add", "--username", "wang", "--role", "boss", "--password", "password-123"]);
    assert!(err.starts_with("error: role: "), "{err}");
    let users = cli.json(&["user", "list", "--json"]);
    let names: Vec<&str> = users.as_array().unwrap().iter().map(|u| s(&u["username"])).collect();
    assert_eq!(names, ["admin", "li"]);
    assert_eq!(users[1]["role"], "inspector");
    assert_eq!(users[1]["display_name"], "李工");
    let text = cli.ok(&["user", "list"]);
    assert!(text.lines().any(|l| l.starts_with("li ") && l.contains("inspector") && l.ends_with("李工")), "{text}");
    // Writes are attributed to --user; an inspector may not write.
    let err = cli.refused(2, &["--user", "li", "waste", "stream", "add", "--name", "x", "--code", "900-249-08"]);
    assert!(err.starts_with("error: "), "{err}");

    // --- hazardous-waste ledger (B.1)
    let sid = cli.ok(&["waste", "stream", "add", "--name", "废切削液", "--code", "900-006-09", "--form", "liquid"]);
    let streams = cli.json(&["waste", "stream", "list", "--json"]);
    assert_eq!(streams[0]["id"], sid.trim());
    assert_eq!(streams[0]["code"], "900-006-09");
    assert_eq!(streams[0]["name"], "废切削液");
    let text = cli.ok(&["waste", "stream", "list"]);
    assert!(text.contains("900-006-09  liquid  废切削液"), "{text}");

    let codes = cli.json(&["waste", "codes", "--json"]);
    assert!(codes.as_array().unwrap().iter().any(|c| c["code"] == "900-249-08"));

    let e = cli.json(&[
        "waste",
        "add",
        "--code",
        "900-249-08",
        "--quantity",
        "1.25t",
        "--container",
        "D-001",
        "--area",
        "A1",
        "--at",
        &at("08:00"),
        "--json",
    ]);
    assert_eq!(e["code"], "900-249-08");
    assert_eq!(e["quantity_kg"], "1250.000");
    assert_eq!(e["container_id"], "D-001");
    assert_eq!(e["storage_area"], "A1");
    assert_eq!(e["generated_at_local"], format!("{yday} 08:00"));
    assert!(s(&e["batch_code"]).starts_with(&format!("HWCS{}", yday.format("%Y%m%d"))), "{e}");
    let text = cli.ok(&[
        "waste",
        "add",
        "--stream",
        "废切削液",
        "--quantity",
        "800kg",
        "--container",
        "T-7",
        "--area",
        "A2",
        "--at",
        &at("08:30"),
    ]);
    assert!(text.starts_with("HWCS") && text.contains(" 900-006-09 800.000 kg ("), "{text}");
    // A bad quantity is refused naming the field, and nothing is written.
    for bad in ["abc", "12", "-5kg", "0kg"] {
        let q = format!("--quantity={bad}");
        let err = cli.refused(2, &["waste", "add", "--code", "900-249-08", &q, "--container", "D-9", "--area", "A1"]);
        assert!(err.starts_with("error: quantity: "), "{bad}: {err}");
    }
    let dup = cli.json(&[
        "waste",
        "add",
        "--code",
        "900-249-08",
        "--quantity",
        "5kg",
        "--container",
        "X-1",
        "--area",
        "A1",
        "--json",
    ]);
    let text = cli.ok(&["waste", "void", "--id", s(&dup["id"]), "--reason", "duplicate entry"]);
    assert_eq!(text, format!("voided {}\n", s(&dup["batch_code"])));
    let list = cli.json(&["waste", "list", "--json"]);
    assert_eq!(list["total"], 2);
    assert_eq!(list["total_kg"], "2050.000");
    assert_eq!(list["rows"][0]["container_id"], "T-7", "newest first");
    let all = cli.json(&["waste", "list", "--json", "--include-voided"]);
    assert_eq!(all["total"], 3);
    let voided: Vec<&Value> = all["rows"].as_array().unwrap().iter().filter(|r| r["voided"] == true).collect();
    assert_eq!(voided.len(), 1);
    assert_eq!(voided[0]["void_reason"], "duplicate entry");
    let by_code = cli.json(&["waste", "list", "--json", "--code", "900-006-09"]);
    assert_eq!(by_code["total"], 1);
    let text = cli.ok(&["waste", "list", "--include-voided"]);
    assert!(text.starts_with("3 entries (page 0, 100 per page)\n"), "{text}");
    assert!(text.contains("[voided: duplicate entry]"), "{text}");

    // --- storage (B.2, B.3)
    let fid = cli.ok(&["waste", "facility", "add", "--code", "TS001", "--name", "危废暂存库A", "--capacity-t", "20"]);
    assert_eq!(fid.trim().len(), 36, "{fid}");
    let facs = cli.json(&["waste", "facility", "list", "--json"]);
    assert_eq!(facs[0]["code"], "TS001");
    assert_eq!(facs[0]["kind"], "store");
    let err = cli.refused(2, &["waste", "facility", "add", "--code", "TS002", "--name", "x", "--kind", "cave"]);
    assert!(err.starts_with("error: kind: "), "{err}");
    let m =
        cli.json(&["waste", "store", "--container", "D-001", "--facility", "TS001", "--at", &at("09:00"), "--json"]);
    assert_eq!(m["facility_code"], "TS001");
    assert_eq!(m["container_id"], "D-001");
    assert_eq!(m["quantity_kg"], "1250.000");
    assert_eq!(m["code"], "900-249-08");
    assert!(s(&m["batch_code"]).starts_with("HWRK"), "{m}");
    let text = cli.ok(&["waste", "store", "--container", "T-7", "--facility", "TS001", "--at", &at("09:10")]);
    assert!(text.starts_with("HWRK") && text.contains(" TS001 T-7 800.000 kg ("), "{text}");
    let m = cli.json(&[
        "waste",
        "take-out",
        "--container",
        "T-7",
        "--facility",
        "TS001",
        "--quantity",
        "300kg",
        "--destination",
        "厂内预处理车间",
        "--at",
        &at("10:00"),
        "--json",
    ]);
    assert_eq!(m["quantity_kg"], "300.000");
    assert_eq!(m["destination"], "厂内预处理车间");
    assert!(s(&m["batch_code"]).starts_with("HWCK"), "{m}");
    let err = cli.refused(
        2,
        &["waste", "take-out", "--container", "T-7", "--facility", "TS001", "--quantity", "9t", "--destination", "x"],
    );
    assert!(err.starts_with("error: "), "{err}");
    let bal = cli.json(&["waste", "balance", "--json"]);
    let bal: Vec<(&str, &str, &str, i64)> = bal
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (s(&b["facility_code"]), s(&b["code"]), s(&b["stock_kg"]), b["containers"].as_i64().unwrap()))
        .collect();
    assert_eq!(bal, [("TS001", "900-006-09", "500.000", 1), ("TS001", "900-249-08", "1250.000", 1)]);
    let text = cli.ok(&["waste", "balance"]);
    assert!(text.contains("TS001      900-249-08        1250.000 kg  1 containers"), "{text}");
    // One alert model: a list of alerts, each with its area, kind, severity and message key.
    let alerts = cli.json(&["waste", "alerts", "--json"]);
    let list = alerts.as_array().unwrap_or_else(|| panic!("a list: {alerts}"));
    for a in list {
        assert_eq!(a["area"], "waste", "{a}");
        assert!(s(&a["message_key"]).starts_with("alerts."), "{a}");
        assert!(["critical", "warning", "info"].contains(&s(&a["severity"])), "{a}");
    }
    assert!(!list.iter().any(|a| s(&a["kind"]).starts_with("manifest_")), "nothing shipped yet: {alerts}");
    let cat = cli.json(&["waste", "category", "--json"]);
    assert!(["key", "simplified", "registered"].contains(&s(&cat["category"])), "{cat}");
    let b1 = cli.json(&[
        "waste",
        "table",
        "--table",
        "b1",
        "--from",
        &yday.to_string(),
        "--to",
        &today.to_string(),
        "--json",
    ]);
    assert_eq!(b1["total_rows"], 2, "{b1}");
    let err = cli.refused(2, &["waste", "table", "--table", "b9", "--from", "2025-01-01", "--to", "2025-01-31"]);
    assert!(err.starts_with("error: table: "), "{err}");

    // --- receivers and transporters
    let r = cli.json(&[
        "receiver",
        "add",
        "--name",
        RECEIVER,
        "--uscc",
        USCC,
        "--licence",
        "GD-HW-001",
        "--licence-type",
        "comprehensive",
        "--valid-from",
        "2024-01-01",
        "--valid-to",
        "2099-12-31",
        "--categories",
        "HW08",
        "--methods",
        "D10",
        "--capacity-t",
        "20000",
        "--json",
    ]);
    assert_eq!(r["name"], RECEIVER);
    assert_eq!(r["kind"], "receiver");
    assert_eq!(r["current"]["licence_no"], "GD-HW-001");
    assert_eq!(r["current"]["categories"], serde_json::json!(["HW08"]));
    let text = cli.ok(&[
        "receiver",
        "add",
        "--name",
        TRANSPORTER,
        "--kind",
        "transporter",
        "--licence",
        "GD-T-001",
        "--valid-from",
        "2024-01-01",
        "--valid-to",
        "2099-12-31",
    ]);
    assert!(
        text.starts_with("transporter  顺安危货运输") && text.contains("GD-T-001 transport → 2099-12-31"),
        "{text}"
    );
    // A licence without its dates is refused before anything is written.
    let err =
        cli.refused(2, &["receiver", "add", "--name", "无证公司", "--licence", "X-1", "--valid-to", "2099-12-31"]);
    assert_eq!(err, "error: valid_from: --valid-from is required with --licence\n");
    let list = cli.json(&["receiver", "list", "--json"]);
    let names: Vec<&str> = list.as_array().unwrap().iter().map(|c| s(&c["name"])).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&RECEIVER) && names.contains(&TRANSPORTER), "{names:?}");
    let text = cli.ok(&["receiver", "list"]);
    assert!(
        text.lines().any(|l| l.starts_with("receiver") && l.contains(RECEIVER) && l.contains("GD-HW-001")),
        "{text}"
    );
    assert_eq!(cli.json(&["receiver", "alerts", "--json"]), serde_json::json!([]));
    assert_eq!(cli.ok(&["receiver", "alerts"]), format!("no licence alerts on {today}\n"));

    // --- shipment under a manifest (B.3 + B.5), confirmation
    let manifest = format!("{}4403000123", today.year());
    let ship = |extra: &[&str]| {
        let mut a = vec![
            "waste",
            "ship",
            "--manifest",
            &manifest,
            "--receiver",
            RECEIVER,
            "--transporter",
            TRANSPORTER,
            "--vehicle",
            "粤B12345",
            "--method",
            "D10",
            "--container",
            "D-001",
        ];
        a.extend_from_slice(extra);
        a.iter().map(|x| x.to_string()).collect::<Vec<String>>()
    };
    let args = ship(&["--dry-run", "--json"]);
    let before = cli.bytes();
    let pv = cli.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(cli.bytes(), before, "a dry run writes nothing");
    assert_eq!(pv["lines"][0]["container_id"], "D-001");
    assert_eq!(pv["lines"][0]["facility_code"], "TS001");
    assert_eq!(pv["total_kg"], "1250.000");
    assert_eq!(pv["problems"], serde_json::json!([]));
    let args = ship(&["--dry-run"]);
    let text = cli.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(text.contains("D-001        TS001      900-249-08      1250.000 kg"), "{text}");
    assert!(text.contains("total 1250.000 kg; confirmation due "), "{text}");
    // Not licensed for HW09: the dry run names the refusal (exit 0), the real run is refused.
    let t7 = [
        "waste",
        "ship",
        "--manifest",
        &manifest,
        "--receiver",
        RECEIVER,
        "--transporter",
        TRANSPORTER,
        "--vehicle",
        "粤B12345",
        "--method",
        "D10",
        "--container",
        "T-7",
    ];
    let text = cli.ok(&[&t7[..], &["--dry-run"]].concat());
    assert!(
        text.ends_with(&format!(
            "refused (an admin may override): licence GD-HW-001 of {RECEIVER} does not cover 900-006-09 (HW09)\n"
        )),
        "{text}"
    );
    let err = cli.refused(2, &t7);
    assert!(err.starts_with("error: receiver: refused: licence GD-HW-001"), "{err}");
    let err = cli.refused(
        2,
        &["waste", "ship", "--manifest", "12345", "--receiver", RECEIVER, "--method", "D10", "--container", "D-001"],
    );
    assert!(err.starts_with("error: manifest_no: "), "{err}");
    let args = ship(&["--json"]);
    let sh = cli.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(sh["manifest_no"], manifest.as_str());
    assert_eq!(sh["status"], "in_transit");
    assert_eq!(sh["receiver_name"], RECEIVER);
    assert_eq!(sh["transporter_name"], TRANSPORTER);
    assert_eq!(sh["vehicle_plate"], "粤B12345");
    assert_eq!(sh["total_kg"], "1250.000");
    assert_eq!(sh["lines"].as_array().unwrap().len(), 1);
    assert_eq!(sh["lines"][0]["container_id"], "D-001");
    assert!(s(&sh["lines"][0]["generation_batch"]).starts_with("HWCS"), "the chain back to generation: {sh}");
    // Shipping the same manifest again is refused.
    let args = ship(&[]);
    cli.refused(2, &args.iter().map(String::as_str).collect::<Vec<_>>());
    let list = cli.json(&["waste", "shipments", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "in_transit");
    let text = cli.ok(&["waste", "shipments"]);
    assert!(text.starts_with(&format!("manifest {manifest}  in_transit  ")), "{text}");
    assert!(text.contains(&format!("→ {RECEIVER}  1250.000 kg  disposal  due ")), "{text}");
    let text = cli.ok(&["waste", "shipment", &manifest]);
    assert!(text.contains(" D-001        900-249-08     1250.000 kg  chain HWCK"), "{text}");
    let err = cli.refused(
        2,
        &["waste", "confirm", "--manifest", &manifest, "--received-on", &today.to_string(), "--weight", "D-001"],
    );
    assert_eq!(err, "error: lines: --weight #1: 'D-001' is not CONTAINER=MASS (e.g. D-001=498.5kg)\n");
    let c = cli.json(&[
        "waste",
        "confirm",
        "--manifest",
        &manifest,
        "--received-on",
        &today.to_string(),
        "--weight",
        "D-001=1248kg",
        "--json",
    ]);
    assert_eq!(c["status"], "confirmed");
    assert_eq!(c["received_total_g"], 1_248_000);
    assert_eq!(c["receipt"]["received_on"], today.to_string());
    let text = cli.ok(&["waste", "shipments"]);
    assert!(text.contains("  confirmed  ") && text.contains("/ received 1248.000 kg"), "{text}");

    // A second shipment, despite the licence (admin override with a written reason), then voided:
    // its container goes back into stock.
    let m2 = format!("{}4403000124", today.year());
    let err = cli.refused(
        2,
        &[
            "waste",
            "ship",
            "--manifest",
            &m2,
            "--receiver",
            RECEIVER,
            "--own-transport",
            "--vehicle",
            "粤B00001",
            "--method",
            "D10",
            "--container",
            "T-7",
            "--override",
            "ok",
        ],
    );
    assert!(err.starts_with("error: override_reason: "), "{err}");
    let sh = cli.json(&[
        "waste",
        "ship",
        "--manifest",
        &m2,
        "--receiver",
        RECEIVER,
        "--own-transport",
        "--vehicle",
        "粤B00001",
        "--method",
        "D10",
        "--container",
        "T-7",
        "--override",
        "one-off approval by the bureau",
        "--json",
    ]);
    assert_eq!(sh["override_reason"], "one-off approval by the bureau");
    assert_eq!(sh["total_kg"], "500.000");
    let text = cli.ok(&["waste", "shipment", &m2]);
    assert!(text.ends_with("  licence override: one-off approval by the bureau\n"), "{text}");
    assert_eq!(cli.json(&["waste", "balance", "--json"]), serde_json::json!([]));
    let text = cli.ok(&["waste", "void-shipment", "--manifest", &m2, "--reason", "wrong truck"]);
    assert_eq!(text, format!("voided manifest {m2}; 1 containers back in stock\n"));
    assert_eq!(cli.json(&["waste", "shipments", "--json"]).as_array().unwrap().len(), 1);
    assert_eq!(cli.json(&["waste", "shipments", "--json", "--include-voided"]).as_array().unwrap().len(), 2);

    // Own treatment (B.4) of the container that came back.
    let t = cli.json(&[
        "waste",
        "treat",
        "--container",
        "T-7",
        "--purpose",
        "utilisation",
        "--facility",
        "RX-01",
        "--method",
        "R4",
        "--json",
    ]);
    assert_eq!(t["container_id"], "T-7");
    assert_eq!(t["quantity_kg"], "500.000");
    assert_eq!(t["facility_code"], "RX-01");
    assert_eq!(t["purpose"], "utilisation");
    assert!(s(&t["out_batch"]).starts_with("HWCK"), "{t}");
    assert_eq!(cli.json(&["waste", "balance", "--json"]), serde_json::json!([]));

    // --- general solid waste and GRI 306
    let text = cli.ok(&["solid", "stream", "--code", "398-001-S17", "--name", "废纸箱"]);
    assert!(text.starts_with("398-001-S17 废纸箱 ("), "{text}");
    let g = cli.json(&["solid", "add", "--stream", "废纸箱", "--quantity", "3t", "--at", &at("11:00"), "--json"]);
    assert_eq!(g["kind"], "generation");
    assert_eq!(g["quantity_g"], 3_000_000);
    assert_eq!(g["code"], "398-001-S17");
    let o = cli.json(&[
        "solid",
        "ship",
        "--stream",
        "废纸箱",
        "--quantity",
        "2t",
        "--route",
        "recycling",
        "--receiver",
        "再生资源公司",
        "--json",
    ]);
    assert_eq!(o["route"], "recycling");
    assert_eq!(o["receiver_name"], "再生资源公司");
    assert_eq!(o["quantity_g"], 2_000_000);
    let err =
        cli.refused(2, &["solid", "ship", "--stream", "废纸箱", "--quantity", "5t", "--route", "landfill", "--onsite"]);
    assert!(err.starts_with("error: quantity: "), "{err}");
    let streams = cli.json(&["solid", "streams", "--json"]);
    assert_eq!(streams[0]["stock_g"], 1_000_000);
    let text = cli.ok(&["solid", "streams"]);
    assert!(text.starts_with("398-001-S17 废纸箱") && text.contains(" t in store"), "{text}");
    let (from, to) = (yday.to_string(), today.to_string());
    let list = cli.json(&["solid", "list", "--from", &from, "--to", &to, "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let text = cli.ok(&["solid", "list", "--from", &from, "--to", &to]);
    assert!(text.contains(" recycling → 再生资源公司"), "{text}");
    let gri = cli.json(&["solid", "gri", "--from", &from, "--to", &to, "--json"]);
    assert_eq!(gri["generated_non_hazardous_g"], 3_000_000);
    assert_eq!(gri["generated_hazardous_g"], 2_050_000);
    assert!(
        gri["routes"].as_array().unwrap().iter().any(|r| r["route"] == "recycling" && r["grams"] == 2_000_000),
        "{gri}"
    );
    let text = cli.ok(&["solid", "gri", "--from", &from, "--to", &to]);
    assert!(text.starts_with(&format!("GRI 306 waste, {from} – {to}\n")), "{text}");
    assert!(text.contains("GRI diversion (306-4 / 306-3): "), "{text}");

    // --- settings and the working-day calendar
    let all = cli.json(&["settings", "list", "--json"]);
    let setting = |all: &Value, k: &str| all.as_array().unwrap().iter().find(|x| x["key"] == k).cloned().unwrap();
    assert_eq!(setting(&all, "licence_warn_days")["value"], "30");
    assert_eq!(setting(&all, "uscc")["is_default"], true);
    assert_eq!(cli.ok(&["settings", "set", "uscc", USCC]), format!("uscc = {USCC}\n"));
    let err = cli.refused(2, &["settings", "set", "licence_warn_days", "soon"]);
    assert!(err.starts_with("error: "), "{err}");
    let all = cli.json(&["settings", "list", "--json"]);
    assert_eq!(setting(&all, "uscc")["value"], USCC);
    assert_eq!(setting(&all, "uscc")["is_default"], false);
    let text = cli.ok(&["settings", "list"]);
    assert!(text.lines().any(|l| l.starts_with("licence_warn_days") && l.ends_with(" (default)")), "{text}");
    let holiday = format!("{}-10-01", today.year() + 1);
    let text = cli.ok(&["calendar", "add", &holiday, "--note", "国庆"]);
    assert!(text.starts_with(&format!("{holiday} holiday 国庆 (")), "{text}");
    let days = cli.json(&["calendar", "list", "--json"]);
    assert_eq!(days[0]["day"], holiday.as_str());
    assert_eq!(days[0]["kind"], "holiday");
    let text = cli.ok(&["calendar", "list"]);
    assert!(text.starts_with(&format!("{holiday} holiday  国庆  (")), "{text}");
    let id = s(&days[0]["id"]).to_string();
    assert_eq!(cli.ok(&["calendar", "void", "--id", &id, "--reason", "moved"]), format!("voided {id}\n"));
    assert_eq!(cli.json(&["calendar", "list", "--json"]), serde_json::json!([]));

    // --- documents
    let month = yday.format("%Y-%m").to_string();
    let xlsx = cli.path("ledger.xlsx");
    let text = cli.ok(&["export", "ledger", "--month", &month, "--out", xlsx.to_str().unwrap()]);
    assert!(text.starts_with(&format!("{} (", xlsx.display())) && text.ends_with(" bytes)\n"), "{text}");
    assert_eq!(magic(&xlsx), b"PK\x03\x04");
    let pdf = cli.path("ledger.pdf");
    cli.ok(&["export", "ledger", "--month", &month, "--format", "pdf", "--out", pdf.to_str().unwrap()]);
    assert_eq!(magic(&pdf), b"%PDF");
    let b3 = cli.path("b3.xlsx");
    cli.ok(&["export", "ledger", "--from", &from, "--to", &to, "--table", "b3", "--out", b3.to_str().unwrap()]);
    assert_eq!(magic(&b3), b"PK\x03\x04");
    let mpdf = cli.path("manifest.pdf");
    cli.ok(&["export", "manifest", "--manifest", &manifest, "--out", mpdf.to_str().unwrap()]);
    assert_eq!(magic(&mpdf), b"%PDF");
    let labels = cli.path("labels.pdf");
    // A never-labelled container needs its volume (the label size follows it); nothing written.
    let err = cli.refused(2, &["export", "labels", "--container", "D-001", "--out", labels.to_str().unwrap()]);
    assert!(err.starts_with("error: band: ") && err.contains("D-001"), "{err}");
    assert!(!labels.exists());
    let bad = cli.refused(2, &["export", "labels", "--container", "D-001", "--volume", "D-001=lots"]);
    assert!(bad.starts_with("error: volume: "), "{bad}");
    cli.ok(&["export", "labels", "--container", "D-001", "--volume-l", "200", "--out", labels.to_str().unwrap()]);
    assert_eq!(magic(&labels), b"%PDF");
    // Above 450 L: the 200 mm label, twice (two opposite sides); the same 数字识别码 as before.
    let big = cli.path("big.pdf");
    cli.ok(&["export", "labels", "--container", "D-001", "--volume", "D-001=1000", "--out", big.to_str().unwrap()]);
    if let Ok(out) = std::process::Command::new("pdfinfo").arg(&big).output() {
        let info = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(info.contains("Pages:           2") && info.contains("566.929 x 566.929"), "{info}");
    }
    let nope = cli.path("nope.xlsx");
    let err =
        cli.refused(2, &["export", "ledger", "--month", &month, "--format", "docx", "--out", nope.to_str().unwrap()]);
    assert!(err.starts_with("error: format: "), "{err}");
    assert!(!nope.exists());
    // Without --out, the export folder under the name the app gives the file (one rule, the core's).
    let text = cli.ok(&["export", "manifest", "--manifest", &manifest]);
    let saved = cli.path("exports").join(format!("联单-{manifest}.pdf"));
    assert!(text.starts_with(saved.to_str().unwrap()), "{text}");
    assert_eq!(magic(&saved), b"%PDF");
    let names: Vec<_> = std::fs::read_dir(cli.path("exports")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "no .partial left behind: {names:?}");

    // --- import (preview writes nothing; bad rows exit 1; commit imports)
    let csv = cli.path("history.csv");
    std::fs::write(
        &csv,
        "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码\n\
         2024-05-06 09:30,900-249-08,180.5,kg,H-0001,机加车间,\n\
         2024-05-07,900-041-49,0.35,t,H-0002,涂装线,\n",
    )
    .unwrap();
    let before = cli.bytes();
    let text = cli.ok(&["import", "--file", csv.to_str().unwrap()]);
    assert_eq!(text, "2 rows, 530.500 kg: all rows pass; run again with --commit to import\n");
    assert_eq!(cli.bytes(), before, "a preview writes nothing");
    let badcsv = cli.path("bad.csv");
    std::fs::write(
        &badcsv,
        "产生时间,废物代码,产生量,单位,容器编码,产生设施/区域,产生批次编码\n2024-05-06 09:30,999-999-99,1,kg,H-9,x,\n",
    )
    .unwrap();
    // A preview with bad rows lists them and exits 1.
    let o = cli.run(&["import", "--file", badcsv.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(1), "bad rows exit 1");
    assert_eq!(cli.bytes(), before, "bad rows: nothing written");
    let p: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(p["errors"][0]["row"], 2, "{p}");
    assert_eq!(p["errors"][0]["column"], "废物代码", "{p}");
    let text = cli.refused(1, &["import", "--file", badcsv.to_str().unwrap()]);
    assert_eq!(text, "", "the rows are listed on stdout");
    // With --commit the core refuses the file as a whole: an error (exit 2) naming the first row.
    let err = cli.refused(2, &["import", "--file", badcsv.to_str().unwrap(), "--commit", "--json"]);
    assert!(err.starts_with("error: file: 1 problem(s), nothing imported; first: row 2, 废物代码: "), "{err}");
    let p = cli.json(&["import", "--file", csv.to_str().unwrap(), "--commit", "--json"]);
    assert_eq!(p["rows"], 2);
    assert_eq!(cli.json(&["waste", "list", "--json"])["total"], 4);

    // --- the audit chain
    let text = cli.ok(&["audit", "verify"]);
    assert!(text.starts_with("audit chain holds: "), "{text}");
    assert!(text.ends_with("derived day totals and storage totals match the ledger\n"), "{text}");
    // Someone with the file rewrites an audited row: verify names it and exits 1.
    {
        let c = rusqlite::Connection::open(&cli.db).unwrap();
        c.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
        c.execute("UPDATE audit_log SET after_json = replace(after_json, 'SZ01', 'SZ99') WHERE seq = 1", []).unwrap();
    }
    let o = cli.run(&["audit", "verify"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.starts_with("audit chain broken at row 1: "), "{err}");
}

#[test]
fn demo_seeds_an_empty_database_with_live_alerts() {
    let cli = Cli::new();
    let text = cli.ok(&["demo", "--months", "2"]);
    assert!(text.starts_with("demo plant "), "{text}");
    assert!(text.contains(" manifests (") && text.contains(" confirmed), "), "{text}");
    assert!(text.contains("sign in as "), "{text}");
    // Seeding again is refused: the database is no longer empty.
    let err = cli.refused(2, &["demo"]);
    assert!(err.starts_with("error: "), "{err}");
    let alerts = cli.json(&["waste", "alerts", "--json"]);
    let pending: Vec<&serde_json::Value> =
        alerts.as_array().unwrap().iter().filter(|a| s(&a["kind"]).starts_with("manifest_")).collect();
    assert!(!pending.is_empty(), "the call-out awaits confirmation: {alerts}");
    assert!(pending.iter().all(|a| a["severity"] == "warning" || a["severity"] == "critical"), "{alerts}");
    let text = cli.ok(&["waste", "alerts"]);
    assert!(text.contains(" manifest shipped ") && text.contains(": confirmation due "), "{text}");
    assert!(text.lines().all(|l| l[..8].trim() == l[..8].trim().to_uppercase()), "severity first, upper case: {text}");
    let text = cli.ok(&["audit", "verify"]);
    assert!(text.starts_with("audit chain holds: "), "{text}");
}

// Guards issue 9 items 1 and 14: `waste confirm --rejected-line CONTAINER` books the container
// back into stock (named in the shipment's text and JSON), and only the rest counts as accepted.
#[test]
fn confirm_with_a_rejected_line_brings_that_container_back_into_stock() {
    let cli = Cli::new();
    cli.ok(&["demo", "--months", "2"]);
    let alerts = cli.json(&["waste", "alerts", "--json"]);
    let pending = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| s(&a["kind"]).starts_with("manifest_"))
        .unwrap_or_else(|| panic!("the demo leaves a manifest to confirm: {alerts}"));
    let manifest = s(&pending["params"]["manifest_no"]).to_string();
    let sh = cli.json(&["waste", "shipment", &manifest, "--json"]);
    let lines = sh["lines"].as_array().unwrap();
    let first = s(&lines[0]["container_id"]).to_string();
    let first_g = lines[0]["quantity_g"].as_i64().unwrap();
    let stock_before: i64 = cli
        .json(&["waste", "balance", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["stock_g"].as_i64().unwrap())
        .sum();
    let shipped_on = s(&sh["shipped_on"]).to_string();
    // A rejected line needs the receiver's reason; nothing is written without it.
    let before = cli.bytes();
    let err = cli.refused(
        2,
        &[
            "waste",
            "confirm",
            "--manifest",
            &manifest,
            "--received-on",
            &shipped_on,
            "--as-shipped",
            "--rejected-line",
            &first,
        ],
    );
    assert!(err.starts_with("error: note: "), "{err}");
    assert_eq!(cli.bytes(), before);
    let c = cli.json(&[
        "waste",
        "confirm",
        "--manifest",
        &manifest,
        "--received-on",
        &shipped_on,
        "--as-shipped",
        "--rejected-line",
        &first,
        "--note",
        "容器破损，接收单位拒收",
        "--json",
    ]);
    let want = if lines.len() == 1 { "rejected" } else { "partly_rejected" };
    assert_eq!(c["status"], want, "{c}");
    assert_eq!(c["accepted_total_g"].as_i64().unwrap(), c["total_g"].as_i64().unwrap() - first_g);
    assert_eq!(c["lines"][0]["rejected"], true);
    let back = s(&c["lines"][0]["return_batch"]).to_string();
    assert!(back.starts_with("HWRK"), "{c}");
    let stock_after: i64 = cli
        .json(&["waste", "balance", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["stock_g"].as_i64().unwrap())
        .sum();
    assert_eq!(stock_after, stock_before + first_g, "the rejected container is back in stock");
    let text = cli.ok(&["waste", "shipment", &manifest]);
    assert!(text.contains(&format!("REJECTED, back in stock {back}")), "{text}");
    // Booking it back twice is refused.
    let err = cli.refused(2, &["waste", "return", "--manifest", &manifest, "--container", &first]);
    assert!(err.contains("already back in stock"), "{err}");
}

/// Guards issue 9 item 12: `--at ''` is refused (it was taken as now), naming the field, and
/// writes nothing.
#[test]
fn an_empty_at_is_refused_not_taken_as_now() {
    let cli = Cli::new();
    cli.init();
    let err = cli.refused(
        2,
        &[
            "waste",
            "add",
            "--code",
            "900-249-08",
            "--quantity",
            "5kg",
            "--container",
            "D-1",
            "--area",
            "A1",
            "--at",
            "",
        ],
    );
    assert!(err.starts_with("error: generated_at: ") && err.contains("blank"), "{err}");
}

/// Guards issue 9 item 12: a message never echoes a 5,000-character input back in full.
#[test]
fn messages_never_echo_a_5000_character_input_in_full() {
    let cli = Cli::new();
    cli.init();
    let long = "9".repeat(5_000);
    let qty = format!("{long}x1kg");
    for (flag, value) in [("--at", long.as_str()), ("--quantity", qty.as_str()), ("--code", long.as_str())] {
        let mut args = vec!["waste", "add", "--code", "900-249-08", "--quantity", "5kg", "--container", "D-1"];
        args.extend(["--area", "A1"]);
        match flag {
            "--code" => args[3] = value,
            "--quantity" => args[5] = value,
            _ => args.extend([flag, value]),
        }
        let err = cli.refused(2, &args);
        assert!(err.starts_with("error: ") && !err.contains("Usage"), "refused by the core, not clap: {err}");
        assert!(err.chars().count() < 500, "{flag}: {} characters echoed", err.chars().count());
    }
}

/// Guards issue 9 item 12: an interrupted `demo` can be run again. It was seeded in place, so a
/// kill left a partial plant and every later run was refused; now it is built in a side file
/// and moved into place when complete, and a finished demo plant says how to start over.
#[test]
fn an_interrupted_demo_can_be_run_again() {
    let cli = Cli::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
        .arg("--db")
        .arg(&cli.db)
        .args(["demo", "--months", "12"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run has written something, then kill it mid-way.
    let side = cli.path("plant.sqlite3.demo-partial");
    let t = std::time::Instant::now();
    while !(side.exists() || cli.db.exists()) && t.elapsed().as_secs() < 30 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "the demo must still be running when it is killed");
    child.kill().unwrap();
    child.wait().unwrap();
    let text = cli.ok(&["demo", "--months", "1"]);
    assert!(text.starts_with("demo plant SZ-LH01 "), "{text}");
    assert!(!side.exists(), "the side file is gone");
    assert!(cli.ok(&["audit", "verify"]).starts_with("audit chain holds: "));
    let err = cli.refused(2, &["demo"]);
    assert!(err.contains("already holds the demo plant SZ-LH01") && err.contains("delete"), "{err}");
}

/// Guards issue 9 item 14 (and item 2): the category's inputs are set with `settings set`, and
/// `waste category` shows them with the reason the category came out as it did.
#[test]
fn waste_category_json_shows_the_inputs_and_the_reason() {
    let cli = Cli::new();
    cli.init();
    assert_eq!(cli.ok(&["settings", "set", "eia_annual_estimate_t", "12.5"]), "eia_annual_estimate_t = 12.5\n");
    let err = cli.refused(2, &["settings", "set", "authority_category", "key"]);
    assert!(err.starts_with("error: value: ") && err.contains("authority_category_doc"), "{err}");
    let cat = cli.json(&["waste", "category", "--json"]);
    assert_eq!(cat["category"], "simplified", "{cat}");
    assert_eq!(cat["reason_key"], "ge10", "{cat}");
    assert_eq!(cat["basis"], "eia_estimate", "{cat}");
    assert_eq!(cat["basis_t"], "12.500000", "{cat}");
    assert_eq!(cat["inputs"]["eia_estimate_t"], "12.500000", "{cat}");
    assert_eq!(cat["inputs"]["years_of_ledger"], 0, "{cat}");
    assert_eq!(cat["inputs"]["authority_category"], Value::Null, "{cat}");
    assert_eq!(cat["inputs"]["operating_licence"], false, "{cat}");
    let text = cli.ok(&["waste", "category"]);
    assert!(text.lines().next().unwrap().contains("EIA"), "the reason next to the category: {text}");

    cli.ok(&["settings", "set", "authority_category_doc", "深环函〔2025〕12号"]);
    cli.ok(&["settings", "set", "authority_category", "key"]);
    let cat = cli.json(&["waste", "category", "--json"]);
    assert_eq!((s(&cat["category"]), s(&cat["reason_key"])), ("key", "authority"), "{cat}");
    assert_eq!(cat["reason_params"]["doc"], "深环函〔2025〕12号", "{cat}");
    assert_eq!(cat["computed"], "simplified", "{cat}");
    let text = cli.ok(&["waste", "category"]);
    assert!(text.contains("深环函〔2025〕12号"), "{text}");
}

/// Guards issue 9 item 3: a US plant's generator status is printed with every age alert.
#[test]
fn waste_alerts_print_the_us_generator_status_with_age_alerts() {
    let cli = Cli::new();
    let o = cli.run(&[
        "init",
        "--plant-code",
        "US01",
        "--plant-name",
        "Austin plant",
        "--segment",
        "Smartphones",
        "--jurisdiction",
        "US",
        "--timezone",
        "America/Chicago",
        "--admin-password",
        ADMIN_PASSWORD,
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let today = Utc::now().with_timezone(&chrono_tz::America::Chicago).date_naive();
    cli.ok(&["waste", "facility", "add", "--code", "TS001", "--name", "HW storage"]);
    cli.ok(&["waste", "add", "--code", "900-249-08", "--quantity", "50kg", "--container", "D-1", "--area", "A1"]);
    cli.ok(&["waste", "store", "--container", "D-1", "--facility", "TS001"]);
    let on = |days: i64| (today + Duration::days(days)).to_string();
    let age = |alerts: &Value| -> Vec<Value> {
        alerts.as_array().unwrap().iter().filter(|a| s(&a["kind"]).starts_with("age_")).cloned().collect()
    };

    let a = age(&cli.json(&["waste", "alerts", "--on", &on(100), "--json"]));
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0]["params"]["generator_status"], "lqg", "assumed until chosen: {a:?}");
    let text = cli.ok(&["waste", "alerts", "--on", &on(100)]);
    assert!(text.contains("LQG"), "{text}");

    assert_eq!(cli.ok(&["settings", "set", "us_generator_status", "sqg"]), "us_generator_status = sqg\n");
    assert!(age(&cli.json(&["waste", "alerts", "--on", &on(100), "--json"])).is_empty(), "SQG: 180 days");
    let a = age(&cli.json(&["waste", "alerts", "--on", &on(200), "--json"]));
    assert_eq!((s(&a[0]["kind"]), s(&a[0]["params"]["generator_status"])), ("age_overdue", "sqg"), "{a:?}");
    let text = cli.ok(&["waste", "alerts", "--on", &on(200)]);
    assert!(text.lines().any(|l| l.starts_with("CRITICAL") && l.contains("SQG")), "{text}");
}

/// Issue 9 items 5, 7 and 14: the transfer rules and the put-away checks through the CLI — the
/// new shipment flags (--own-transport, --approval), the approval and plan registers, `waste store
/// --dry-run` showing the warnings and a real put-away printing them, the incompatibility pairs.
#[test]
fn transfer_rules_and_put_away_checks_through_the_cli() {
    let cli = Cli::new();
    let today = today();
    let yday = today - Duration::days(1);
    let at = |hhmm: &str| format!("{yday}T{hhmm}");
    cli.init();
    cli.ok(&["settings", "set", "region_code", "440300"]);
    cli.ok(&["waste", "facility", "add", "--code", "P1", "--name", "车间贮存点", "--kind", "point"]);
    for (c, code, q) in [("A-1", "900-300-34", "2.9t"), ("B-1", "900-352-35", "200kg"), ("O-1", "900-249-08", "1t")] {
        let args =
            ["waste", "add", "--code", code, "--quantity", q, "--container", c, "--area", "A1", "--at", &at("08:00")];
        cli.ok(&args);
    }
    cli.ok(&["waste", "store", "--container", "A-1", "--facility", "P1", "--at", &at("09:00")]);
    cli.ok(&["waste", "facility", "add", "--code", "WH1", "--name", "危废库"]);
    cli.ok(&["waste", "store", "--container", "O-1", "--facility", "WH1", "--at", &at("09:00")]);
    // Put-away checks: a dry run shows both warnings and writes nothing; the real run prints them.
    let dry = ["waste", "store", "--container", "B-1", "--facility", "P1", "--at", &at("09:30"), "--dry-run"];
    let before = cli.bytes();
    let text = cli.ok(&dry);
    assert_eq!(cli.bytes(), before, "a dry run writes nothing");
    assert!(text.starts_with("B-1 → P1  900-352-35  200.000 kg\n"), "{text}");
    assert!(text.contains("warning: the 贮存点 would hold 3100.000 kg, over the 3 t cap"), "{text}");
    assert!(text.contains("warning: 900-352-35 must not be stored with 900-300-34"), "{text}");
    let j = cli.json(&[&dry[..], &["--json"]].concat());
    assert_eq!(j["warnings"].as_array().unwrap().len(), 2, "{j}");
    let o = cli.run(&["waste", "store", "--container", "B-1", "--facility", "P1", "--at", &at("09:30"), "--json"]);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("warning: the 贮存点 would hold 3100.000 kg"), "{err}");
    let m: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(m["container_id"], "B-1", "stdout stays one JSON document");
    // The pairs: list, add, void (audited in the core).
    let list = cli.json(&["waste", "incompat", "list", "--json"]);
    let acid_base = list.as_array().unwrap().iter().find(|p| p["side_b"] == "HW35").unwrap()["id"].clone();
    assert!(cli.ok(&["waste", "incompat", "add", "--a", "HW08:I", "--b", "hw34"]).starts_with("HW08:I ✕ HW34  "));
    let err = cli.refused(2, &["waste", "incompat", "add", "--a", "HW99", "--b", "HW34"]);
    assert!(err.starts_with("error: side_a: "), "{err}");
    cli.ok(&["waste", "incompat", "void", "--id", s(&acid_base), "--reason", "中和后分区存放"]);
    assert_eq!(cli.json(&["waste", "incompat", "list", "--json"]).as_array().unwrap().len(), 5);

    // Shipping: the receiver is in 湖南, so a cross-province transfer.
    cli.ok(&[
        "receiver",
        "add",
        "--name",
        RECEIVER,
        "--address",
        "湖南省长沙市",
        "--region-code",
        "430100",
        "--licence",
        "HN-HW-001",
        "--licence-type",
        "comprehensive",
        "--valid-from",
        "2024-01-01",
        "--valid-to",
        "2099-12-31",
        "--categories",
        "HW08",
        "--methods",
        "R9",
    ]);
    let manifest = format!("{}4403000201", today.year());
    let ship = |extra: &[&str]| {
        let mut a = vec!["waste", "ship", "--manifest", &manifest, "--receiver", RECEIVER, "--method", "R9"];
        a.extend_from_slice(&["--container", "O-1"]);
        a.extend_from_slice(extra);
        a.iter().map(|x| x.to_string()).collect::<Vec<String>>()
    };
    let run = |args: Vec<String>| args;
    let args = run(ship(&["--vehicle", "粤B12345"]));
    let err = cli.refused(2, &args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(err.starts_with("error: transporter: refused: name the transporter"), "{err}");
    let args = run(ship(&["--own-transport", "--vehicle", "粤B12345", "--dry-run"]));
    let text = cli.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(text.contains("; cross_province\n"), "{text}");
    assert!(text.contains("refused: cross-province transfer without an approval in force"), "{text}");
    let year = today.year();
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let a = cli.json(&[
        "waste",
        "approval",
        "add",
        "--no",
        "湘环审-001",
        "--receiver",
        RECEIVER,
        "--code",
        "900-249-08",
        "--quantity-t",
        "5",
        "--valid-from",
        &from,
        "--valid-to",
        &to,
        "--json",
    ]);
    assert_eq!(a["approval_no"], "湘环审-001");
    let err = cli.refused(
        2,
        &[
            "waste",
            "approval",
            "add",
            "--no",
            "X",
            "--receiver",
            RECEIVER,
            "--code",
            "900-249-08",
            "--valid-from",
            &from,
            "--valid-to",
            &format!("{}-01-01", year + 1),
        ],
    );
    assert!(err.starts_with("error: valid_to: an approval is valid for at most 12 months"), "{err}");
    cli.ok(&["waste", "plan", "set", "--year", &year.to_string(), "--code", "900-249-08", "--quantity-t", "0.5"]);
    let args = run(ship(&["--own-transport", "--vehicle", "粤B12345", "--approval", "湘环审-001", "--dry-run"]));
    let text = cli.ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(!text.contains("refused"), "{text}");
    assert!(text.contains("warning: 900-249-08: 0.000000 t shipped in"), "{text}");
    let args = run(ship(&["--own-transport", "--vehicle", "粤B12345", "--approval", "湘环审-001", "--json"]));
    let sh = cli.json(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(
        (sh["transfer_type"].as_str(), sh["approval_no"].as_str()),
        (Some("cross_province"), Some("湘环审-001"))
    );
    assert_eq!(sh["own_transport"], true);
    let text = cli.ok(&["waste", "approval", "list"]);
    assert!(
        text.starts_with(&format!("湘环审-001  → {RECEIVER}  {from} … {to}  900-249-08  1.000000 t of 5.000000 t")),
        "{text}"
    );
    let text = cli.ok(&["waste", "plan", "list", "--year", &year.to_string()]);
    assert_eq!(text, format!("{year} 900-249-08  plan 0.500000 t, shipped 1.000000 t\n"));
    assert!(cli.ok(&["audit", "verify"]).starts_with("audit chain holds: "), "the chain verifies");
}
