//! The network edge of EHS Ledger. The core (`ehs_ledger`) is synchronous and never touches a
//! socket; everything that talks to another machine lives here, async on tokio, and is used by
//! both shells (the CLI builds a runtime per command, the app owns long-running tasks).
//!
//! - [`smtp`]: one mail (or an ordered run) over SMTP with lettre, every step bounded by the
//!   mail's `send_timeout`, each failure classified `Transient` (retry) or `Permanent` (stop).
//! - [`secrets`]: the SMTP password in the OS keyring, or in memory for the session where no
//!   keyring works.
//!
//! - [`imap`]: HQ's mailbox read over IMAP (async-imap on tokio-rustls), one pass at a time, each
//!   new message handed to the caller and moved (or flagged) once it is processed; at-least-once,
//!   every step bounded, failures `Transient` or `Permanent` like [`smtp`]'s.
//!
//! - [`hq_fetch`]: one pass of the HQ mailbox into the HQ database (each message imported by
//!   the core before it is moved; refused and non-packet mail left and listed).
//!
//! - [`outbox`]: the core's outbox drained in order — mail over SMTP, notices to a group robot
//!   over [`webhook`] —, each attempt recorded by the core before the next; the app's background
//!   [`outbox::Worker`].
//!
//! - [`webhook`]: one notice POSTed to a WeCom or DingTalk group robot (JSON text message,
//!   DingTalk's HMAC-SHA256 signature), bounded by a timeout, classified transient/permanent.
//!
//! - [`water_listener`]: the HJ 212 TCP listener for online wastewater monitors (the app's
//!   background task and `water listen`): frames stored by one writer through the core's
//!   `ingest_frames`, malformed packets counted by reason, stoppable.
//!
//! [`smtp`] and [`secrets`] know nothing of the core's types; [`outbox`] maps the outbox's rows to
//! [`smtp::Mail`] and the settings to [`smtp::SmtpConfig`].

pub mod hq_fetch;
pub mod imap;
pub mod outbox;
pub mod secrets;
pub mod smtp;
pub mod water_listener;
pub mod webhook;
