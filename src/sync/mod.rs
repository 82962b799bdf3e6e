//! Sync: what leaves the plant for HQ. `key` is the plant's Ed25519 signing key (generated at
//! set-up, or on first use in a database that predates it); `packet` builds and verifies the
//! signed envelope around a week's content (RFC 8785 canonical JSON, SHA-256, Ed25519), with the
//! audit-chain head and the previous packet's anchor in its provenance. No network here.

pub mod key;
pub mod packet;
