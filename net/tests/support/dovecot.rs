//! Test support: a real IMAP server on 127.0.0.1 — Debian's dovecot (dovecot-imapd and
//! dovecot-lmtpd, see scripts/setup.sh) — started per test as a child process (`dovecot -F -c`)
//! with its own config, maildir, passwd-file and sockets in a temp dir; killed on drop.
//!
//! Listeners: `imap_port` (plain, STARTTLS offered), `imaps_port` (implicit TLS), both with the
//! test CA's server certificate, and LMTP on the unix socket `lmtp_socket` so that
//! smtp_server.py (`Options::lmtp`) can deliver what it receives into the mailbox. One user,
//! `user`/`password`, maildir under the temp dir.
//!
//! Run as root (CI) the mail processes use `nobody`'s uid (dovecot refuses uid 0 for mail) and
//! the login/auth processes dovecot's own users; run as anyone else, everything is that user and
//! nothing is chrooted. std only: the CLI and E2E crates include this support module by path.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::TestCa;

pub struct DovecotOptions<'a> {
    pub user: &'a str,
    /// No `:` (passwd-file); non-ASCII is fine.
    pub password: &'a str,
    /// Replaces the CAPABILITY list after sign-in (`imap_capability`), e.g. without MOVE.
    pub capability: Option<&'a str>,
}

impl Default for DovecotOptions<'_> {
    fn default() -> Self {
        DovecotOptions { user: "hq-ehs", password: "imap-test-password", capability: None }
    }
}

/// A running dovecot; killed on drop (its own children exit when the master dies).
pub struct Dovecot {
    child: Child,
    pub dir: TempDir,
    pub imap_port: u16,
    pub imaps_port: u16,
    pub lmtp_socket: PathBuf,
    pub user: String,
    pub password: String,
}

/// Debian installs it in /usr/sbin, which is not on every user's PATH.
fn dovecot_binary() -> PathBuf {
    let sbin = Path::new("/usr/sbin/dovecot");
    if sbin.exists() {
        return sbin.to_owned();
    }
    let found = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("dovecot")).find(|p| p.exists()))
        .unwrap_or_default();
    // Like a missing aiosmtpd: a test that needs the server fails, it never skips (and
    // scripts/test.sh sets EHS_REQUIRE_TOOLS=1, which says the same).
    found.unwrap_or_else(|| {
        panic!(
            "dovecot is required for the IMAP tests (EHS_REQUIRE_TOOLS={}): run scripts/setup.sh \
             (apt-get install dovecot-imapd dovecot-lmtpd)",
            std::env::var("EHS_REQUIRE_TOOLS").unwrap_or_default()
        )
    })
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// uid and gid of a user in /etc/passwd.
fn passwd_ids(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        if f.len() > 3 && f[0] == name {
            Some((f[2].parse().ok()?, f[3].parse().ok()?))
        } else {
            None
        }
    })
}

/// The name of a uid (in /etc/passwd) or gid (in /etc/group): dovecot wants names.
fn name_of(file: &str, id: u32) -> String {
    let entries = std::fs::read_to_string(file).unwrap_or_default();
    entries
        .lines()
        .find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.len() > 2 && f[2] == id.to_string()).then(|| f[0].to_owned())
        })
        .unwrap_or_else(|| panic!("no {file} entry for id {id} (dovecot needs a name)"))
}

impl Dovecot {
    pub fn start(ca: &TestCa) -> Dovecot {
        Dovecot::start_with(ca, DovecotOptions::default())
    }

    pub fn start_with(ca: &TestCa, opts: DovecotOptions<'_>) -> Dovecot {
        let binary = dovecot_binary();
        // A free port can be taken between our check and dovecot's bind: try again then.
        let mut last_log = String::new();
        for _ in 0..3 {
            match Dovecot::try_start(&binary, ca, &opts) {
                Ok(d) => return d,
                Err(log) => last_log = log,
            }
        }
        panic!("dovecot did not start (three attempts); its last log:\n{last_log}");
    }

    fn try_start(binary: &Path, ca: &TestCa, opts: &DovecotOptions<'_>) -> Result<Dovecot, String> {
        assert!(!opts.password.contains(':') && !opts.user.contains(':'), "passwd-file fields cannot hold ':'");
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path().to_owned();
        let me = std::fs::metadata(&d).expect("temp dir metadata");
        let root = me.uid() == 0;
        let home = d.join("home");
        std::fs::create_dir(&home).expect("home");
        // Process, user and chroot settings: see the module doc.
        let (mail_uid, mail_gid, users) = if root {
            let (uid, gid) = passwd_ids("nobody").unwrap_or((65534, 65534));
            std::os::unix::fs::chown(&home, Some(uid), Some(gid)).expect("chown home");
            // The auth (dovecot) and mail (nobody) processes must reach files in here.
            std::fs::set_permissions(&d, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            (uid, gid, format!("first_valid_uid = {uid}\nlast_valid_uid = {uid}\n"))
        } else {
            let name = name_of("/etc/passwd", me.uid());
            let users = format!(
                "default_internal_user = {name}\ndefault_login_user = {name}\n\
                 default_internal_group = {group}\nfirst_valid_uid = {uid}\nlast_valid_uid = {uid}\n\
                 service anvil {{\n  chroot =\n}}\nservice imap-login {{\n  chroot =\n}}\n\
                 service ipc {{\n  chroot =\n}}\nservice old-stats {{\n  chroot =\n}}\n",
                group = name_of("/etc/group", me.gid()),
                uid = me.uid(),
            );
            (me.uid(), me.gid(), users)
        };
        std::fs::write(
            d.join("passwd"),
            format!("{}:{{PLAIN}}{}:{mail_uid}:{mail_gid}::{}\n", opts.user, opts.password, home.display()),
        )
        .expect("passwd");
        let (imap_port, imaps_port) = (free_port(), free_port());
        let capability = opts.capability.map(|c| format!("imap_capability = {c}\n")).unwrap_or_default();
        let conf = format!(
            "protocols = imap lmtp\n\
             listen = 127.0.0.1\n\
             base_dir = {d}/run\n\
             state_dir = {d}/state\n\
             instance_name = ehs-test-{imap_port}\n\
             log_path = {d}/dovecot.log\n\
             ssl = yes\n\
             ssl_cert = <{cert}\n\
             ssl_key = <{key}\n\
             auth_mechanisms = plain login\n\
             disable_plaintext_auth = no\n\
             mail_location = maildir:~/Maildir\n\
             {users}\
             {capability}\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {d}/passwd\n}}\n\
             userdb {{\n  driver = passwd-file\n  args = username_format=%u {d}/passwd\n}}\n\
             service imap-login {{\n\
             \x20 inet_listener imap {{\n    address = 127.0.0.1\n    port = {imap_port}\n  }}\n\
             \x20 inet_listener imaps {{\n    address = 127.0.0.1\n    port = {imaps_port}\n    ssl = yes\n  }}\n\
             }}\n\
             service lmtp {{\n  unix_listener lmtp {{\n    mode = 0666\n  }}\n}}\n",
            d = d.display(),
            cert = ca.server_cert.display(),
            key = ca.server_key.display(),
        );
        let conf_path = d.join("dovecot.conf");
        std::fs::write(&conf_path, conf).expect("dovecot.conf");
        let mut child = Command::new(binary)
            .arg("-F")
            .arg("-c")
            .arg(&conf_path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(std::fs::File::create(d.join("stderr.log")).expect("stderr.log")))
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e} (scripts/setup.sh installs dovecot-imapd)", binary.display()));
        let log = |d: &Path| {
            let read = |f: &str| std::fs::read_to_string(d.join(f)).unwrap_or_default();
            format!("{}{}", read("stderr.log"), read("dovecot.log"))
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("exited with {status}\n{}", log(&d)));
            }
            if greets(imap_port) && greets_tls_port(imaps_port) {
                break;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no IMAP greeting on 127.0.0.1:{imap_port} within 20 s\n{}", log(&d)));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Dovecot {
            child,
            lmtp_socket: d.join("run/lmtp"),
            dir,
            imap_port,
            imaps_port,
            user: opts.user.to_owned(),
            password: opts.password.to_owned(),
        })
    }

    /// dovecot's log so far (for a failing assertion's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }
}

/// `* OK` from a plain listener.
fn greets(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    let mut buf = [0u8; 64];
    let ok = matches!(s.read(&mut buf), Ok(n) if buf[..n].starts_with(b"* OK"));
    let _ = s.write_all(b"x LOGOUT\r\n");
    ok
}

/// The implicit-TLS listener accepts connections (the handshake itself is the tests' business).
fn greets_tls_port(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
