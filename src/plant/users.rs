//! Users, roles and local sign-in. Secrets (password or PIN) are argon2id-hashed; after
//! [`MAX_FAILED_ATTEMPTS`] wrong tries an account is locked for [`LOCKOUT_MINUTES`], so a
//! 6-digit PIN cannot be walked through the app. Sign-in never needs a network.

use crate::audit::{self, Action};
use crate::db::Store;
use crate::error::{Error, Result};
use crate::{new_id, time};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Duration, Utc};
use rand_core::OsRng;
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

/// Wrong secrets in a row before the account locks.
pub const MAX_FAILED_ATTEMPTS: i64 = 5;
/// How long a locked account stays locked.
pub const LOCKOUT_MINUTES: i64 = 15;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    EhsOfficer,
    Inspector,
    PlantManager,
    HqAnalyst,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::EhsOfficer => "ehs_officer",
            Role::Inspector => "inspector",
            Role::PlantManager => "plant_manager",
            Role::HqAnalyst => "hq_analyst",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Role> {
        match s.trim() {
            "admin" => Ok(Role::Admin),
            "ehs_officer" => Ok(Role::EhsOfficer),
            "inspector" => Ok(Role::Inspector),
            "plant_manager" => Ok(Role::PlantManager),
            "hq_analyst" => Ok(Role::HqAnalyst),
            other => Err(Error::invalid(field, crate::msg::plant::not_role_admin_ehs(&other))),
        }
    }
}

/// A signed-in user; every write takes one as its actor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Session {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
}

impl Session {
    /// Refuses unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
            Err(Error::forbidden(crate::msg::plant::may_not_do_needs(
                &self.username,
                &self.role.as_str(),
                &names.join(", "),
            )))
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SignInInput {
    pub username: String,
    pub password: String,
}

/// A user to create. `secret` is a password (≥ 8 characters) or a PIN (6–12 digits).
#[derive(Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub secret: String,
}

/// A user to create, as the app's settings screen sends it. `password` is a password
/// (≥ 8 characters) or a PIN (6–12 digits); it becomes [`NewUser::secret`].
#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

impl From<NewUserInput> for NewUser {
    fn from(i: NewUserInput) -> NewUser {
        NewUser { username: i.username, display_name: i.display_name, role: i.role, secret: i.password }
    }
}

/// A validated user, ready to insert.
pub struct ValidUser {
    username: String,
    display_name: String,
    role: Role,
    secret_kind: &'static str,
    secret_hash: String,
}

// Secrets never reach logs or panic messages: Debug prints the username only.
macro_rules! debug_without_secret {
    ($($t:ty),*) => {$(
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($t)).field("username", &self.username).finish_non_exhaustive()
            }
        }
    )*};
}
debug_without_secret!(SignInInput, NewUser, NewUserInput);

/// Checks a new user's fields and hashes the secret.
pub(crate) fn validate_new(u: NewUser) -> Result<ValidUser> {
    let username = u.username.trim().to_string();
    let ok = !username.is_empty()
        && username.len() <= 64
        && username.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !ok {
        return Err(Error::invalid("username", crate::msg::plant::must_1_64_letters(&username)));
    }
    let display_name = match u.display_name.trim() {
        "" => username.clone(),
        d => d.to_string(),
    };
    let secret_kind = secret_kind(&u.secret)?;
    let salt = SaltString::generate(&mut OsRng);
    let secret_hash = Argon2::default()
        .hash_password(u.secret.as_bytes(), &salt)
        .map_err(|e| Error::Internal(format!("argon2: {e}")))?
        .to_string();
    Ok(ValidUser { username, display_name, role: u.role, secret_kind, secret_hash })
}

fn secret_kind(secret: &str) -> Result<&'static str> {
    if !secret.is_empty() && secret.bytes().all(|b| b.is_ascii_digit()) {
        if (6..=12).contains(&secret.len()) {
            Ok("pin")
        } else {
            Err(Error::invalid("password", crate::msg::plant::pin_has_6_12()))
        }
    } else if secret.chars().count() >= 8 {
        Ok("password")
    } else {
        Err(Error::invalid("password", crate::msg::plant::password_has_least_8()))
    }
}

/// Inserts a validated user inside `tx` and audits it; returns the new user's session.
pub(crate) fn insert(tx: &Transaction<'_>, actor: &str, u: ValidUser, now: DateTime<Utc>) -> Result<Session> {
    let taken: bool =
        tx.query_row("SELECT 1 FROM app_user WHERE username = ?1", [&u.username], |_| Ok(())).optional()?.is_some();
    if taken {
        return Err(Error::invalid("username", crate::msg::plant::username_taken(&u.username)));
    }
    let id = new_id();
    tx.execute(
        "INSERT INTO app_user (id, username, display_name, role, secret_kind, secret_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, u.username, u.display_name, u.role.as_str(), u.secret_kind, u.secret_hash, time::to_db(now)],
    )?;
    audit::record(tx, now, actor, Action::Insert, "app_user", &id, None, None)?;
    Ok(Session { user_id: id, username: u.username, display_name: u.display_name, role: u.role })
}

/// The username of the system actor's row (parentheses: no user can be given this name).
pub const SYSTEM_USERNAME: &str = "(system)";

/// The session scheduled work runs as (the weekly schedule's packets and reports): user id
/// [`audit::SYSTEM_ACTOR`], so its audit rows name `system`, with the role that builds packets.
///
/// Records that name their author (`sync_packet.built_by`) point at `app_user`, so the system
/// actor has a row there: inserted on first use (audited), **voided at birth** so nobody can
/// sign in as it, be given its session (`session_for`) or see it among the users (`list`), and
/// with no usable secret. Crate-private: the shells never hold this session; a user's role is
/// still checked on everything they ask for.
pub(crate) fn system_session(store: &mut Store, now: DateTime<Utc>) -> Result<Session> {
    let session = Session {
        user_id: audit::SYSTEM_ACTOR.into(),
        username: SYSTEM_USERNAME.into(),
        display_name: "EHS Ledger (scheduled)".into(),
        role: Role::EhsOfficer,
    };
    let exists = |c: &Connection| -> Result<bool> {
        Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM app_user WHERE id = ?1)", [audit::SYSTEM_ACTOR], |r| r.get(0))?)
    };
    if exists(store.conn())? {
        return Ok(session);
    }
    let tx = store.write_tx()?;
    if !exists(&tx)? {
        let at = time::to_db(now);
        tx.execute(
            "INSERT INTO app_user (id, username, display_name, role, secret_kind, secret_hash, created_at, voided_at, void_reason)
             VALUES (?1, ?2, ?3, ?4, 'password', '!', ?5, ?5, ?6)",
            params![
                session.user_id,
                session.username,
                session.display_name,
                session.role.as_str(),
                at,
                "the system actor of scheduled work: never signs in"
            ],
        )?;
        audit::record(&tx, now, audit::SYSTEM_ACTOR, Action::Insert, "app_user", audit::SYSTEM_ACTOR, None, None)?;
        tx.commit()?;
    }
    Ok(session)
}

/// Creates a user. Admins only.
pub fn create(store: &mut Store, actor: &Session, new: NewUser, now: DateTime<Utc>) -> Result<Session> {
    actor.require(&[Role::Admin])?;
    let valid = validate_new(new)?;
    let tx = store.write_tx()?;
    let s = insert(&tx, &actor.user_id, valid, now)?;
    tx.commit()?;
    Ok(s)
}

struct UserRow {
    session: Session,
    secret_hash: String,
    failed_attempts: i64,
    locked_until: Option<String>,
    voided: bool,
}

fn find(conn: &Connection, username: &str) -> Result<Option<UserRow>> {
    conn.query_row(
        "SELECT id, username, display_name, role, secret_hash, failed_attempts, locked_until, voided_at IS NOT NULL
         FROM app_user WHERE username = ?1",
        [username.trim()],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, bool>(7)?,
            ))
        },
    )
    .optional()?
    .map(|(user_id, username, display_name, role, secret_hash, failed_attempts, locked_until, voided)| {
        Ok(UserRow {
            session: Session { user_id, username, display_name, role: Role::parse("role", &role)? },
            secret_hash,
            failed_attempts,
            locked_until,
            voided,
        })
    })
    .transpose()
}

/// The session of an active user by name, without a secret. For the CLI, which runs with the
/// file-level trust of whoever can open the database file (see README).
pub fn session_for(conn: &Connection, username: &str) -> Result<Session> {
    match find(conn, username)? {
        Some(u) if !u.voided => Ok(u.session),
        _ => Err(Error::NotFound { what: "active user", id: username.to_string() }),
    }
}

/// The first active admin (the CLI's default actor).
pub fn first_admin(conn: &Connection) -> Result<Session> {
    let name: Option<String> = conn
        .query_row(
            "SELECT username FROM app_user WHERE role = 'admin' AND voided_at IS NULL ORDER BY created_at, id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    match name {
        Some(n) => session_for(conn, &n),
        None => Err(Error::Conflict(crate::msg::plant::no_active_admin_set())),
    }
}

/// Checks a username and secret. Wrong secrets count towards the lockout; the count and the
/// lock are committed even though the sign-in is refused.
pub fn sign_in(store: &mut Store, input: &SignInInput, now: DateTime<Utc>) -> Result<Session> {
    let refused = || Error::Forbidden { field: Some("password"), msg: crate::msg::plant::wrong_username_password() };
    let tx = store.write_tx()?;
    let Some(user) = find(&tx, &input.username)? else {
        // Same answer as a wrong password: do not reveal which usernames exist.
        return Err(refused());
    };
    if user.voided {
        return Err(refused());
    }
    if let Some(until) = &user.locked_until {
        let until_t = time::from_db(until)?;
        if until_t > now {
            return Err(Error::Forbidden {
                field: Some("password"),
                msg: crate::msg::plant::account_locked_after_wrong(
                    &MAX_FAILED_ATTEMPTS,
                    &until_t.format("%Y-%m-%d %H:%M"),
                ),
            });
        }
    }
    let ok = PasswordHash::new(&user.secret_hash)
        .map(|h| Argon2::default().verify_password(input.password.as_bytes(), &h).is_ok())
        .map_err(|e| Error::Internal(format!("stored hash of {} is unreadable: {e}", user.session.username)))?;
    let id = user.session.user_id.clone();
    let (failed, locked_until, reason) = if ok {
        if user.failed_attempts == 0 && user.locked_until.is_none() {
            return Ok(user.session); // nothing to record; the read transaction just ends
        }
        (0, None, "sign-in succeeded: attempt counter reset")
    } else {
        let failed = user.failed_attempts + 1;
        if failed >= MAX_FAILED_ATTEMPTS {
            (0, Some(time::to_db(now + Duration::minutes(LOCKOUT_MINUTES))), "too many wrong attempts: account locked")
        } else {
            (failed, None, "wrong secret")
        }
    };
    let before = audit::row_json(&tx, "app_user", &id)?;
    tx.execute(
        "UPDATE app_user SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
        params![id, failed, locked_until],
    )?;
    audit::record(&tx, now, &id, Action::Update, "app_user", &id, before, Some(reason))?;
    tx.commit()?;
    if ok {
        Ok(user.session)
    } else if locked_until.is_some() {
        Err(Error::Forbidden {
            field: Some("password"),
            msg: crate::msg::plant::wrong_username_password_account(&LOCKOUT_MINUTES),
        })
    } else {
        Err(refused())
    }
}

/// Users for the admin screen (no secrets).
pub fn list(conn: &Connection) -> Result<Vec<Session>> {
    let mut stmt = conn
        .prepare("SELECT id, username, display_name, role FROM app_user WHERE voided_at IS NULL ORDER BY username")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?)))?;
    rows.map(|r| {
        let (user_id, username, display_name, role) = r?;
        Ok(Session { user_id, username, display_name, role: Role::parse("role", &role)? })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_secret() {
        let i = SignInInput { username: "li".into(), password: "hunter2-secret".into() };
        let d = format!("{i:?}");
        assert!(d.contains("li") && !d.contains("hunter2"), "{d}");
    }

    #[test]
    fn secret_rules_accept_passwords_and_pins() {
        assert_eq!(secret_kind("correct horse").unwrap(), "password");
        assert_eq!(secret_kind("123456").unwrap(), "pin");
        assert_eq!(secret_kind("12345").unwrap_err().field(), Some("password"));
        assert_eq!(secret_kind("short").unwrap_err().field(), Some("password"));
    }

    #[test]
    fn new_user_input_reads_the_ipc_shape_and_keeps_the_password_as_secret() {
        let i: NewUserInput = serde_json::from_value(serde_json::json!({
            "username": "zhao", "display_name": "赵工", "role": "plant_manager", "password": "123456"
        }))
        .unwrap();
        let u = NewUser::from(i);
        assert_eq!((u.username.as_str(), u.role), ("zhao", Role::PlantManager));
        assert_eq!((u.display_name.as_str(), u.secret.as_str()), ("赵工", "123456"));
    }

    #[test]
    fn role_check_names_the_needed_roles() {
        let s =
            Session { user_id: "u".into(), username: "li".into(), display_name: "Li".into(), role: Role::Inspector };
        let e = s.require(&[Role::Admin, Role::EhsOfficer]).unwrap_err();
        assert!(e.to_string().contains("admin, ehs_officer"), "{e}");
        assert!(s.require(&[Role::Inspector]).is_ok());
    }
}
