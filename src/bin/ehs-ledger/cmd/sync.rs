//! `sync`: the plant key and signed packets to HQ. `sync sign` signs a content file (a debugging
//! path until the week summary builds the content); `sync verify` checks a packet as HQ would.

use crate::ctx::Ctx;
use crate::print;
use clap::Subcommand;
use ehs_ledger::sync::{key, packet};
use ehs_ledger::{files, plant, Error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// The plant key that signs packets (generated on first use in an older database)
    #[command(subcommand)]
    Key(KeyCmd),
    /// Sign a content file ({"indicators", "details", "methods"?}) as a week's packet
    Sign {
        /// JSON file with the week's content
        #[arg(long, value_name = "FILE.json")]
        payload: PathBuf,
        /// ISO week in the plant's time zone, e.g. 2026-W49
        #[arg(long)]
        week: String,
        /// Revision of the week's packet (1 = first)
        #[arg(long, default_value_t = 1)]
        revision: i64,
        /// Why this revision restates the week (required from revision 2)
        #[arg(long)]
        reason: Option<String>,
        /// The audit seq the previous packet signed as its head (the anchor)
        #[arg(long, value_name = "SEQ")]
        prev_anchor_seq: Option<i64>,
        /// Packet file to write
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Verify a packet file against a public key file (PEM); exit 0 and print the body, 1 if it fails
    Verify {
        #[arg(long, value_name = "FILE")]
        packet: PathBuf,
        /// The plant's public key file (PEM, as `sync key export` writes it)
        #[arg(long, value_name = "FILE.pem")]
        key: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum KeyCmd {
    /// Fingerprint, algorithm and creation time of the active key
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Write the public key file HQ registers (PEM, SubjectPublicKeyInfo)
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

fn read(field: &'static str, path: &PathBuf) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| Error::invalid(field, format!("cannot read {}: {e}", path.display())))
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Key(KeyCmd::Show { json }) => {
            let mut store = ctx.open()?;
            let k = key::ensure(&mut store, ctx.now)?;
            if json {
                print::json(&k.info)?;
            } else {
                println!("plant key {} ({}), created {}", k.info.fingerprint, k.info.algorithm, k.info.created_at);
                println!("public key (base64): {}", k.info.public_key_b64);
            }
        }
        Cmd::Key(KeyCmd::Export { out }) => {
            let mut store = ctx.open()?;
            let k = key::ensure(&mut store, ctx.now)?;
            let plant = plant::require(store.conn())?;
            files::write_atomic(&out, key::export_pem(&plant.code, &k.info, &k.verifying_key()).as_bytes())?;
            println!("wrote {} (plant key {})", out.display(), k.info.fingerprint);
        }
        Cmd::Sign { payload, week, revision, reason, prev_anchor_seq, out } => {
            let bytes = read("payload", &payload)?;
            let content: packet::Content = serde_json::from_slice(&bytes)
                .map_err(|e| Error::invalid("payload", format!("{}: {e}", payload.display())))?;
            let mut store = ctx.open()?;
            let input = packet::PacketInput { week, revision, reason, prev_anchor_seq, content };
            let p = packet::build(&mut store, input, ctx.now)?;
            files::write_atomic(&out, &p.bytes)?;
            println!(
                "wrote {} ({} bytes): {} revision {}, key {}, audit head {}",
                out.display(),
                p.bytes.len(),
                p.body.week,
                p.body.revision,
                p.envelope.key_fingerprint,
                p.body.provenance.audit_head.as_ref().map_or("(empty)".into(), |h| h.seq.to_string())
            );
        }
        Cmd::Verify { packet: file, key: key_file } => {
            let pem =
                String::from_utf8(read("key", &key_file)?).map_err(|_| Error::invalid("key", "not UTF-8 text"))?;
            let public = key::public_from_pem(&pem)?;
            match packet::verify(&read("packet", &file)?, &public) {
                Ok(body) => print::json(&body)?,
                Err(e) => {
                    eprintln!("packet does not verify: {}", ehs_ledger::AppError::from(e).message);
                    return Ok(ExitCode::from(1));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
