//! The SMTP password store: the OS keyring where one works, process memory where none does.
//!
//! Owns: where a secret lives and the state the UI shows (`SecretState`). The password is never
//! written to the database, a settings file or a log. Where the OS keyring works (Keychain,
//! Windows Credential Manager, the Secret Service on a Linux desktop) the secret goes there,
//! under service `ehs-ledger` and the caller's account name. Where it does not — a headless
//! Linux box has no Secret Service (`NoDefaultStore`), a locked keyring refuses access
//! (`NoStorageAccess`), D-Bus fails (`PlatformFailure`) — the secret is kept in this process's
//! memory for the session and the state says `SessionOnly`, so the UI can say "will ask again
//! after a restart". Must not: put a secret into an error message or `Debug` output.
//!
//! Calls into the keyring are blocking (D-Bus, Keychain prompts): the app calls this from
//! `spawn_blocking`, never on the async runtime's threads.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use keyring_core::{CredentialStore, Entry, Error as KeyringError};

/// The keyring service name every EHS Ledger secret is filed under.
pub const SERVICE: &str = "ehs-ledger";

/// Where a secret is, as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretState {
    /// In the OS keyring: survives a restart.
    Keyring,
    /// Only in this process's memory: asked for again after a restart.
    SessionOnly,
    /// Not known: the user must enter it.
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SecretError {
    /// `account`, `secret`, or the account name the keyring refused.
    pub field: String,
    /// Never contains the secret.
    pub message: String,
}

/// The store. One per process (the app keeps it in its state); cheap to share behind an `Arc`.
pub struct SecretStore {
    keyring: Option<Arc<CredentialStore>>,
    session: Mutex<HashMap<String, String>>,
}

impl fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let accounts: Vec<String> = self.lock().keys().cloned().collect();
        f.debug_struct("SecretStore")
            .field("keyring", &self.keyring.as_ref().map(|k| k.vendor()))
            .field("session_accounts", &accounts)
            .finish()
    }
}

impl SecretStore {
    /// The platform's keyring (keyring 4, `v1` stores), or memory only where none can be opened.
    pub fn os() -> SecretStore {
        let keyring = match keyring::Entry::store_status() {
            Ok(()) => keyring_core::get_default_store(),
            Err(_) => None,
        };
        SecretStore::with_keyring(keyring)
    }

    /// A given credential store (tests pass keyring-core's mock store), or `None` for memory only.
    pub fn with_keyring(keyring: Option<Arc<CredentialStore>>) -> SecretStore {
        SecretStore { keyring, session: Mutex::new(HashMap::new()) }
    }

    /// Whether an OS keyring was opened at all (`false` on a headless Linux box).
    pub fn has_keyring(&self) -> bool {
        self.keyring.is_some()
    }

    /// Stores `secret` for `account`: in the keyring if it takes it, else for this session.
    /// Returns where it went.
    pub fn set(&self, account: &str, secret: &str) -> Result<SecretState, SecretError> {
        check_account(account)?;
        if secret.is_empty() {
            return Err(SecretError { field: "secret".into(), message: "is empty".into() });
        }
        if let Some(entry) = self.entry(account)? {
            match entry.set_password(secret) {
                Ok(()) => {
                    self.lock().remove(account);
                    return Ok(SecretState::Keyring);
                }
                Err(e) if unavailable(&e) => {}
                Err(e) => return Err(keyring_error(account, "cannot be stored in the keyring", &e)),
            }
        }
        self.lock().insert(account.to_owned(), secret.to_owned());
        Ok(SecretState::SessionOnly)
    }

    /// The secret for `account`, from this session's memory or the keyring; `None` when neither
    /// has it (or the keyring is locked now: the user is asked again).
    pub fn get(&self, account: &str) -> Result<Option<String>, SecretError> {
        Ok(self.lookup(account)?.map(|(secret, _)| secret))
    }

    /// Where the secret for `account` is now.
    pub fn state(&self, account: &str) -> Result<SecretState, SecretError> {
        Ok(self.lookup(account)?.map_or(SecretState::Missing, |(_, state)| state))
    }

    /// Forgets the secret for `account` everywhere. Deleting what is not there is not an error;
    /// a keyring that refuses the delete is (the secret would still be there).
    pub fn delete(&self, account: &str) -> Result<(), SecretError> {
        check_account(account)?;
        self.lock().remove(account);
        if let Some(entry) = self.entry(account)? {
            match entry.delete_credential() {
                Ok(()) | Err(KeyringError::NoEntry) => {}
                Err(KeyringError::NoDefaultStore) => {}
                Err(e) => return Err(keyring_error(account, "cannot be deleted from the keyring", &e)),
            }
        }
        Ok(())
    }

    fn lookup(&self, account: &str) -> Result<Option<(String, SecretState)>, SecretError> {
        check_account(account)?;
        if let Some(s) = self.lock().get(account) {
            return Ok(Some((s.clone(), SecretState::SessionOnly)));
        }
        let Some(entry) = self.entry(account)? else { return Ok(None) };
        match entry.get_password() {
            Ok(s) => Ok(Some((s, SecretState::Keyring))),
            Err(KeyringError::NoEntry) => Ok(None),
            Err(e) if unavailable(&e) => Ok(None),
            Err(e) => Err(keyring_error(account, "cannot be read from the keyring", &e)),
        }
    }

    fn entry(&self, account: &str) -> Result<Option<Entry>, SecretError> {
        let Some(store) = &self.keyring else { return Ok(None) };
        match Entry::new_in_store(store, SERVICE, account) {
            Ok(e) => Ok(Some(e)),
            Err(e) if unavailable(&e) => Ok(None),
            Err(e) => Err(keyring_error(account, "has no keyring entry", &e)),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, String>> {
        // A panic while holding the map cannot leave it half-updated (single insert/remove).
        self.session.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The keyring is not there or not usable now: fall back to memory.
fn unavailable(e: &KeyringError) -> bool {
    matches!(e, KeyringError::NoDefaultStore | KeyringError::NoStorageAccess(_) | KeyringError::PlatformFailure(_))
}

fn check_account(account: &str) -> Result<(), SecretError> {
    if account.trim().is_empty() || account.chars().any(char::is_control) {
        return Err(SecretError { field: "account".into(), message: "is empty or has control characters".into() });
    }
    Ok(())
}

/// An error naming the account and what went wrong, never the secret: the variants that carry
/// the stored bytes (`BadEncoding`, `BadDataFormat`) are described, not printed.
fn keyring_error(account: &str, what: &str, e: &KeyringError) -> SecretError {
    let reason = match e {
        KeyringError::BadEncoding(_) => "the stored secret is not UTF-8".to_owned(),
        KeyringError::BadDataFormat(_, _) => "the stored secret is not in the expected format".to_owned(),
        KeyringError::Ambiguous(_) => "more than one keyring entry matches".to_owned(),
        KeyringError::TooLong(attr, limit) => format!("{attr} is longer than the keyring's limit of {limit}"),
        KeyringError::Invalid(attr, why) => format!("{attr}: {why}"),
        KeyringError::NotSupportedByStore(why) => why.clone(),
        KeyringError::BadStoreFormat(why) => why.clone(),
        KeyringError::NoEntry => "no entry".to_owned(),
        KeyringError::NoDefaultStore => "no keyring".to_owned(),
        KeyringError::NoStorageAccess(_) => "the keyring is locked".to_owned(),
        KeyringError::PlatformFailure(_) => "the keyring failed".to_owned(),
        _ => "the keyring failed".to_owned(),
    };
    SecretError { field: format!("account {account:?}"), message: format!("{what}: {reason}") }
}
