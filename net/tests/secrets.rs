//! `net::secrets` with keyring-core's mock store (errors injected per credential) and with no
//! keyring at all (a headless Linux box).

use std::sync::Arc;

use ehs_ledger_net::secrets::{SecretState, SecretStore, SERVICE};
use keyring_core::{mock, CredentialStore, Entry, Error};

const ACCOUNT: &str = "smtp:ehs@plant.example";
const SECRET: &str = "Pa55-秘密-never-shown";

fn mock_store() -> Arc<CredentialStore> {
    mock::Store::new().expect("mock store")
}

/// The mock credential behind (SERVICE, ACCOUNT), to inject the next call's error.
fn with_next_error(store: &Arc<CredentialStore>, err: Error) {
    let entry = Entry::new_in_store(store, SERVICE, ACCOUNT).expect("entry");
    let cred: &mock::Cred = entry.as_any().downcast_ref().expect("a mock credential");
    cred.set_error(err);
}

fn platform_error() -> Box<dyn std::error::Error + Send + Sync> {
    "org.freedesktop.Secret.Error.IsLocked".into()
}

#[test]
fn a_working_keyring_keeps_the_secret_across_a_restart() {
    let keyring = mock_store();
    let store = SecretStore::with_keyring(Some(keyring.clone()));
    assert_eq!(store.state(ACCOUNT).unwrap(), SecretState::Missing);
    assert_eq!(store.set(ACCOUNT, SECRET).unwrap(), SecretState::Keyring);
    assert_eq!(store.state(ACCOUNT).unwrap(), SecretState::Keyring);
    assert_eq!(store.get(ACCOUNT).unwrap().as_deref(), Some(SECRET));
    // Filed under the service `ehs-ledger`.
    let entry = Entry::new_in_store(&keyring, SERVICE, ACCOUNT).unwrap();
    assert_eq!(entry.get_password().unwrap(), SECRET);

    // A restart: a new store over the same keyring still has it.
    let after_restart = SecretStore::with_keyring(Some(keyring));
    assert_eq!(after_restart.state(ACCOUNT).unwrap(), SecretState::Keyring);
    assert_eq!(after_restart.get(ACCOUNT).unwrap().as_deref(), Some(SECRET));
}

#[test]
fn a_locked_keyring_keeps_the_secret_for_the_session_only() {
    let keyring = mock_store();
    with_next_error(&keyring, Error::NoStorageAccess(platform_error()));
    let store = SecretStore::with_keyring(Some(keyring.clone()));
    assert_eq!(store.set(ACCOUNT, SECRET).unwrap(), SecretState::SessionOnly);
    assert_eq!(store.state(ACCOUNT).unwrap(), SecretState::SessionOnly);
    assert_eq!(store.get(ACCOUNT).unwrap().as_deref(), Some(SECRET));
    // Not in the keyring, so after a restart the user is asked again.
    let after_restart = SecretStore::with_keyring(Some(keyring));
    assert_eq!(after_restart.state(ACCOUNT).unwrap(), SecretState::Missing);
    assert_eq!(after_restart.get(ACCOUNT).unwrap(), None);
}

#[test]
fn no_keyring_on_a_headless_box_keeps_the_secret_in_memory() {
    // The platform store could not be opened at all.
    let store = SecretStore::with_keyring(None);
    assert!(!store.has_keyring());
    assert_eq!(store.set(ACCOUNT, SECRET).unwrap(), SecretState::SessionOnly);
    assert_eq!(store.get(ACCOUNT).unwrap().as_deref(), Some(SECRET));
    store.delete(ACCOUNT).unwrap();
    assert_eq!(store.state(ACCOUNT).unwrap(), SecretState::Missing);

    // A store that reports NoDefaultStore on use behaves the same.
    let keyring = mock_store();
    with_next_error(&keyring, Error::NoDefaultStore);
    let store = SecretStore::with_keyring(Some(keyring));
    assert_eq!(store.set(ACCOUNT, SECRET).unwrap(), SecretState::SessionOnly);
}

#[test]
fn a_later_keyring_write_replaces_the_session_copy() {
    let keyring = mock_store();
    with_next_error(&keyring, Error::PlatformFailure(platform_error()));
    let store = SecretStore::with_keyring(Some(keyring));
    assert_eq!(store.set(ACCOUNT, "first").unwrap(), SecretState::SessionOnly);
    assert_eq!(store.set(ACCOUNT, "second").unwrap(), SecretState::Keyring);
    assert_eq!(store.state(ACCOUNT).unwrap(), SecretState::Keyring);
    assert_eq!(store.get(ACCOUNT).unwrap().as_deref(), Some("second"));
}

#[test]
fn delete_forgets_the_secret_everywhere() {
    let keyring = mock_store();
    let store = SecretStore::with_keyring(Some(keyring.clone()));
    store.set(ACCOUNT, SECRET).unwrap();
    store.delete(ACCOUNT).unwrap();
    assert_eq!(store.state(ACCOUNT).unwrap(), SecretState::Missing);
    assert!(matches!(Entry::new_in_store(&keyring, SERVICE, ACCOUNT).unwrap().get_password(), Err(Error::NoEntry)));
    // Deleting what is not there is fine.
    store.delete(ACCOUNT).unwrap();
}

#[test]
fn a_keyring_that_refuses_the_delete_is_an_error_naming_the_account() {
    let keyring = mock_store();
    let store = SecretStore::with_keyring(Some(keyring.clone()));
    store.set(ACCOUNT, SECRET).unwrap();
    with_next_error(&keyring, Error::NoStorageAccess(platform_error()));
    let err = store.delete(ACCOUNT).unwrap_err();
    assert!(err.to_string().contains(ACCOUNT), "{err}");
    assert!(err.to_string().contains("locked"), "{err}");
}

#[test]
fn the_secret_never_appears_in_errors_or_debug_output() {
    let keyring = mock_store();
    let store = SecretStore::with_keyring(Some(keyring.clone()));
    store.set(ACCOUNT, SECRET).unwrap();
    // A keyring error that carries the stored bytes.
    with_next_error(&keyring, Error::BadEncoding(SECRET.as_bytes().to_vec()));
    let err = store.get(ACCOUNT).unwrap_err();
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(SECRET), "secret leaked: {shown}");
        assert!(!shown.contains("never-shown"), "secret leaked: {shown}");
    }
    // The session copy is not printed either.
    let memory = SecretStore::with_keyring(None);
    memory.set(ACCOUNT, SECRET).unwrap();
    let shown = format!("{memory:?}");
    assert!(!shown.contains(SECRET) && shown.contains(ACCOUNT), "{shown}");
}

#[test]
fn bad_account_or_empty_secret_is_refused_and_nothing_is_stored() {
    let keyring = mock_store();
    let store = SecretStore::with_keyring(Some(keyring));
    assert_eq!(store.set("", SECRET).unwrap_err().field, "account");
    assert_eq!(store.set("a\nb", SECRET).unwrap_err().field, "account");
    assert_eq!(store.set(ACCOUNT, "").unwrap_err().field, "secret");
    assert_eq!(store.state(ACCOUNT).unwrap(), SecretState::Missing);
}

#[test]
fn the_os_store_opens_or_falls_back_without_failing() {
    // On this headless box there is no Secret Service: the store falls back to memory. On a
    // desktop it uses the keyring. Either way setting a secret works and says where it went.
    let store = SecretStore::os();
    let account = "ehs-ledger-net-test:os-store";
    let state = store.set(account, "throwaway").unwrap();
    match state {
        SecretState::Keyring => assert!(store.has_keyring()),
        SecretState::SessionOnly => {}
        SecretState::Missing => panic!("a set secret cannot be missing"),
    }
    assert_eq!(store.state(account).unwrap(), state);
    store.delete(account).unwrap();
}
