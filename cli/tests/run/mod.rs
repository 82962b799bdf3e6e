//! Runs the real `ehs-ledger` binary on a database file, with none of the CLI's environment
//! variables set (shared by the CLI's test files that take a plant from ../tests/common).

use std::path::Path;
use std::process::{Command, Output};

/// `ehs-ledger --db DB ARGS…`.
pub fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ehs-ledger"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("EHS_LEDGER_DB")
        .env_remove("EHS_LEDGER_USER")
        .output()
        .unwrap()
}
