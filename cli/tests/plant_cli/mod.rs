//! A set-up plant database driven through the real `ehs-ledger` binary, shared by the area CLI
//! tests (`voc_cli`, `water_cli`): `ok` (must succeed), `json` (`--json` output), `refused`
//! (exit 2 and the file byte-identical).
#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;
use std::process::{Command, Output};
use tempfile::TempDir;

pub struct Cli {
    pub _dir: TempDir,
    pub db: PathBuf,
}

impl Cli {
    pub fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plant.sqlite3");
        let cli = Cli { _dir: dir, db };
        cli.ok(&[
            "init",
            "--plant-code",
            "SZ01",
            "--plant-name",
            "深圳工厂",
            "--segment",
            "EV",
            "--admin-password",
            "correct horse battery",
        ]);
        cli
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env_remove("EHS_LEDGER_DB")
            .env_remove("EHS_LEDGER_USER")
            .env_remove("EHS_LEDGER_ADMIN_PASSWORD")
            .output()
            .unwrap()
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }

    pub fn refused(&self, args: &[&str]) -> String {
        let before = std::fs::read(&self.db).unwrap();
        let o = self.run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&o.stdout));
        assert_eq!(std::fs::read(&self.db).unwrap(), before, "{args:?} changed the file");
        String::from_utf8(o.stderr).unwrap()
    }
}
