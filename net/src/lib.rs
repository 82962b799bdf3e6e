//! The network edge of EHS Ledger. The core (`ehs_ledger`) is synchronous and never touches a
//! socket; everything that talks to another machine lives here, async on tokio, and is used by
//! both shells (the CLI builds a runtime per command, the app owns long-running tasks).
