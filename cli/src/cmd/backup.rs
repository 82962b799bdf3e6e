//! `backup`: copies of the plant database to the backup folder, their checks, restore.

use crate::ctx::Ctx;
use crate::print;
use clap::Subcommand;
use ehs_ledger::backup::{self, CopyCheck, RestorePhotos, RestorePreview};
use ehs_ledger::{db, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Back up now to the folder in the settings (`backup_folder`): a consistent copy, checked
    /// (integrity + audit verify on the copy), then older copies rotated (`backup_keep`)
    Now {
        #[arg(long)]
        json: bool,
    },
    /// The copies in the backup folder with their latest check, and the backup log
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check a copy again (integrity, what it is, the audit chain and every record, and every
    /// photo it names in the plant's photo store beside it); exit 1 when it fails
    Verify {
        path: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Restore the database from a copy (admins). Without --confirm it only shows what the copy
    /// holds; with --confirm <PLANT CODE> the current file is kept aside
    /// (`<db>.before-restore-<UTC>`) and the copy put in its place. Close the app first.
    Restore {
        path: PathBuf,
        /// The copy's plant code, typed to confirm
        #[arg(long, value_name = "PLANT_CODE")]
        confirm: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn print_check(c: &CopyCheck) {
    println!("{}", c.path);
    println!("  {} bytes, sha256 {}", c.bytes, c.sha256);
    println!("  integrity: {}", c.integrity);
    if let Some(p) = &c.problem {
        println!("  problem: {p}");
    }
    println!("  audit verify: {}", c.audit_verify);
    if let (Some(code), Some(name)) = (&c.plant_code, &c.plant_name) {
        println!("  plant: {code} {name}; schema {} (this build {})", c.schema_version, c.build_schema_version);
        let counts: Vec<String> = c.counts.iter().map(|n| format!("{} {}", n.table, n.rows)).collect();
        println!("  rows: {}; audit rows {}", counts.join(", "), c.audit_rows);
        println!("  newest record: {}", c.newest_record_at.as_deref().unwrap_or("—"));
    }
    if let Some(ph) = &c.photos {
        println!(
            "  photos: {} files named, {} in the photo store and proved, {} missing, {} not matching their hash ({})",
            ph.files,
            ph.present,
            ph.missing.len(),
            ph.bad.len(),
            ph.store
        );
        for m in &ph.missing {
            println!("    missing: {m}");
        }
        for b in &ph.bad {
            println!("    changed: {b}");
        }
    }
}

fn print_restore_photos(ph: &RestorePhotos) {
    println!(
        "  photos: {} files named, {} already in {}, {} to copy back from the backup photo store",
        ph.files, ph.in_place, ph.photo_dir, ph.from_backup
    );
    if !ph.complete {
        println!("  {} photo files are in neither place and cannot be brought back:", ph.unavailable.len());
        for u in &ph.unavailable {
            println!("    {u}");
        }
    }
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Now { json } => {
            let mut store = ctx.open()?;
            let actor = ctx.actor(&store)?;
            let r = backup::backup_now(&mut store, &actor, ctx.now)?;
            if json {
                print::json(&r)?;
            } else {
                println!(
                    "backed up to {} ({} bytes), checked: integrity ok, audit verify ok",
                    r.copy.path, r.copy.bytes
                );
                if let Some(ph) = &r.copy.photos {
                    println!(
                        "photos: {} files named, {} copied to {}, {} already there",
                        ph.files, r.photos.copied, ph.store, r.photos.already
                    );
                }
                for d in &r.deleted {
                    println!("rotated out {d}");
                }
            }
            // The copy is kept; the photos that could not be backed up are said on stderr.
            if let Some(w) = &r.warning {
                eprintln!("warning: {w}");
            }
        }
        Cmd::List { json } => {
            let store = ctx.open()?;
            let s = backup::status(store.conn(), ctx.now)?;
            if json {
                print::json(&s)?;
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "folder: {}; keep {}; every {} day(s); alert after {} day(s)",
                s.folder.as_deref().unwrap_or("(not set)"),
                s.keep,
                s.interval_days,
                s.stale_days
            );
            if let Some(p) = &s.folder_problem {
                println!("  {p}");
            }
            println!(
                "last good backup: {}; next due: {}",
                s.last_good_at.as_deref().unwrap_or("never"),
                s.next_due_at.as_deref().unwrap_or("—")
            );
            for c in &s.copies {
                let check = match &c.last_check {
                    Some(l) => format!("{} {}", l.outcome, l.finished_at),
                    None => "never checked".into(),
                };
                println!(
                    "{} {:<12} {:>12} bytes  {}",
                    if c.good { "GOOD" } else { "----" },
                    c.taken_at,
                    c.bytes,
                    check
                );
                println!("     {}", c.path);
                if let Some(m) = c.last_check.as_ref().map(|l| &l.message).filter(|m| !m.is_empty()) {
                    println!("     {m}");
                }
            }
        }
        Cmd::Verify { path, json } => {
            let mut store = ctx.open()?;
            let actor = ctx.actor(&store)?;
            let c = backup::verify(&mut store, &actor, &path, ctx.now)?;
            if json {
                print::json(&c)?;
            } else {
                print_check(&c);
            }
            if let Some(f) = c.verdict() {
                eprintln!("the copy fails its check: {f}");
                return Ok(ExitCode::from(1));
            }
            if !json {
                println!("the copy holds: integrity ok, audit chain and records ok, every photo in the photo store");
            }
        }
        Cmd::Restore { path, confirm, json } => {
            let db = db::resolve_db_path(ctx.db.as_deref())?;
            let (pv, actor): (RestorePreview, _) = {
                let store = ctx.open()?;
                (backup::preview(&store, &path)?, ctx.actor(&store)?)
            };
            let Some(confirm) = confirm else {
                if json {
                    print::json(&pv)?;
                } else {
                    print_check(&pv.copy);
                    if let Some(ph) = &pv.photos {
                        print_restore_photos(ph);
                    }
                }
                if let Some(r) = &pv.refusal {
                    eprintln!("cannot restore: {r}");
                    return Ok(ExitCode::from(1));
                }
                if !json {
                    println!(
                        "to restore it, run again with --confirm {} (the current file is kept aside)",
                        pv.copy.plant_code.as_deref().unwrap_or("")
                    );
                }
                return Ok(ExitCode::SUCCESS);
            };
            let r = backup::restore(&db, &actor, &path, &confirm, ctx.now)?;
            if json {
                print::json(&r)?;
            } else {
                println!("restored {} from {}", db.display(), r.restored_from);
                println!("the previous file is kept as {}", r.kept_aside);
                println!("photos copied back: {}", r.photos_copied);
            }
            if !r.photos_unavailable.is_empty() {
                eprintln!(
                    "warning: {} photo files the restored database names were in neither the photo folder nor the backup photo store: {}",
                    r.photos_unavailable.len(),
                    r.photos_unavailable.join(", ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
