//! Test support: a real SMTP server on 127.0.0.1 (smtp_server.py on Debian's python3-aiosmtpd,
//! see scripts/setup.sh) started per test, a real IMAP server ([`dovecot`]), and a CA + server
//! certificate made with openssl.
#![allow(dead_code)]

pub mod dovecot;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use tempfile::TempDir;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Accept,
    Reject,
    Tempfail,
    Silent,
    Stall,
}

impl Mode {
    fn arg(self) -> &'static str {
        match self {
            Mode::Accept => "accept",
            Mode::Reject => "reject",
            Mode::Tempfail => "tempfail",
            Mode::Silent => "silent",
            Mode::Stall => "stall",
        }
    }
}

#[derive(Default)]
pub struct Options<'a> {
    /// STARTTLS (or implicit TLS with `implicit_tls`) with this certificate.
    pub tls: Option<&'a TestCa>,
    pub implicit_tls: bool,
    /// Require AUTH with this user:password.
    pub auth: Option<(&'a str, &'a str)>,
    /// Listen on this port (a server "coming back" where the plant's settings point); 0 = any.
    pub port: u16,
    /// Also deliver every accepted message over LMTP to this unix socket, for this user (a
    /// [`dovecot::Dovecot`]'s `lmtp_socket` and `user`): mail sent to this server lands in its
    /// IMAP mailbox. A failed delivery there is answered 451.
    pub lmtp: Option<(&'a Path, &'a str)>,
}

/// A running smtp_server.py; killed on drop.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub maildir: TempDir,
}

/// Debian's interpreter has python3-aiosmtpd; a pyenv `python3` first on PATH may not.
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

impl SmtpServer {
    pub fn start(mode: Mode) -> SmtpServer {
        SmtpServer::start_with(mode, Options::default())
    }

    pub fn start_with(mode: Mode, opts: Options<'_>) -> SmtpServer {
        let maildir = tempfile::tempdir().expect("temp dir");
        // Beside this file, whichever crate includes it (net, or the CLI and the E2E crate by
        // `#[path]`): the workspace root is the nearest ancestor of the including crate that has it.
        let script = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|d| d.join("net/tests/support/smtp_server.py"))
            .find(|p| p.exists())
            .expect("net/tests/support/smtp_server.py in the workspace");
        let mut cmd = Command::new(python());
        cmd.arg(&script)
            .args(["--port", &opts.port.to_string(), "--mode", mode.arg()])
            .arg("--maildir")
            .arg(maildir.path());
        if let Some(ca) = opts.tls {
            cmd.arg("--cert").arg(&ca.server_cert).arg("--key").arg(&ca.server_key);
        }
        if opts.implicit_tls {
            cmd.arg("--implicit-tls");
        }
        if let Some((u, p)) = opts.auth {
            cmd.arg("--auth").arg(format!("{u}:{p}"));
        }
        if let Some((socket, user)) = opts.lmtp {
            cmd.arg("--lmtp").arg(socket).arg("--lmtp-user").arg(user);
        }
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/setup.sh installs python3-aiosmtpd)");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(l) => l,
            Err(_) => {
                let _ = child.kill();
                panic!("smtp_server.py did not start listening within 20 s");
            }
        };
        let port = match line.trim().strip_prefix("LISTENING ").and_then(|p| p.parse().ok()) {
            Some(p) => p,
            None => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("smtp_server.py failed to start (is python3-aiosmtpd installed?): {line:?}");
            }
        };
        SmtpServer { child, port, maildir }
    }

    /// The received messages, in arrival order (1.eml, 2.eml, …).
    pub fn received(&self) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        for n in 1.. {
            match std::fs::read(self.maildir.path().join(format!("{n}.eml"))) {
                Ok(b) => out.push(b),
                Err(_) => break,
            }
        }
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = l.local_addr().expect("addr").port();
    drop(l);
    port
}

/// A test CA (self-signed) and a server certificate for 127.0.0.1 / localhost signed by it,
/// like a plant's relay with a corporate CA.
pub struct TestCa {
    pub dir: TempDir,
    pub ca_pem: Vec<u8>,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
}

impl TestCa {
    pub fn new() -> TestCa {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        let run = |args: &[&str]| {
            let out = Command::new("openssl").args(args).current_dir(d).output().expect("openssl");
            assert!(out.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        };
        std::fs::write(
            d.join("server.ext"),
            "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n\
             extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n",
        )
        .expect("ext");
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=EHS Test Plant CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        run(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ]);
        run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ]);
        TestCa {
            ca_pem: std::fs::read(d.join("ca.pem")).expect("ca.pem"),
            server_cert: d.join("server.pem"),
            server_key: d.join("server.key"),
            dir,
        }
    }
}
