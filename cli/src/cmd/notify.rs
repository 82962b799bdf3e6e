//! `ehs-ledger notify …`: notices (reminders, escalations) through the outbox — a test notice to
//! the configured channels (`sync send` delivers it), and the DingTalk robot's signing secret
//! into the secret store. The robot's kind, URL and the managers' addresses are ordinary settings
//! (`settings set notify_webhook_kind wecom`, …).

use crate::ctx::{split_list, Ctx};
use crate::print;
use clap::Subcommand;
use ehs_ledger::{notify, Error};
use ehs_ledger_net::secrets::SecretStore;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum Cmd {
    /// Queue a test notice to the configured channels (e-mail and the group robot); `sync send`
    /// delivers it
    Test {
        #[arg(long)]
        subject: String,
        #[arg(long, default_value = "")]
        body: String,
        /// E-mail addresses, comma-separated (default: the setting notify_manager_emails)
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Store the DingTalk robot's signing secret (SEC…) in the system keyring, read from standard
    /// input (one line). Where there is no keyring, `sync send` reads it from
    /// EHS_LEDGER_DINGTALK_SECRET
    Secret,
}

pub fn run(ctx: &Ctx, cmd: Cmd) -> Result<ExitCode, Error> {
    match cmd {
        Cmd::Test { subject, body, to, json } => {
            let mut store = ctx.open()?;
            let session = ctx.actor(&store)?;
            let to = to.as_deref().map(split_list).unwrap_or_default();
            let q = notify::queue_test(&mut store, &session, &subject, &body.replace("\\n", "\n"), &to, ctx.now)?;
            if json {
                print::json(&q)?;
            } else {
                if let Some(id) = &q.mail {
                    println!("queued e-mail notice {id}");
                }
                if let Some(id) = &q.webhook {
                    println!("queued group-robot notice {id}");
                }
                println!("`ehs-ledger sync send` delivers it");
            }
        }
        Cmd::Secret => {
            let store = ctx.open()?;
            let target = notify::webhook(store.conn())?;
            if target.kind != notify::WebhookKind::Dingtalk {
                return Err(Error::invalid("notify_webhook_kind", ehs_ledger::msg::cli::only_dingtalk_robot_has()));
            }
            let account = ehs_ledger_net::webhook::secret_account(&target.url);
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| Error::invalid("secret", ehs_ledger::msg::common::io(&e)))?;
            let secret = line.trim();
            let secrets = SecretStore::os();
            if !secrets.has_keyring() {
                return Err(Error::invalid(
                    "secret",
                    ehs_ledger::msg::cli::machine_has_no_system_keyring(&ehs_ledger_net::outbox::DINGTALK_SECRET_ENV),
                ));
            }
            secrets
                .set(&account, secret)
                .map_err(|e| Error::invalid("secret", ehs_ledger::msg::net::keyring(&e.message)))?;
            println!("DingTalk secret for the configured robot saved in the system keyring ({account})");
        }
    }
    Ok(ExitCode::SUCCESS)
}
