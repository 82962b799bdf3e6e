//! Harness for the real-window E2E tests: starts `tauri-driver` (which starts WebKitWebDriver
//! and the app binary) on free ports, opens a WebDriver session on the built app, and stops
//! the driver with SIGTERM (a SIGKILL leaves WebKitWebDriver holding a pipe and hangs the run).
//!
//! Needs a display: run under `xvfb-run -a` (the README's test command does). The app binary
//! must be built with `--features custom-protocol` so that it embeds `ui/dist`.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The app binary: `EHS_E2E_APP`, else `<target>/debug/ehs-ledger-desktop`.
pub fn app_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("EHS_E2E_APP") {
        return PathBuf::from(p);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("debug/ehs-ledger-desktop")
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free local port")
}

/// A running tauri-driver; dropped = SIGTERM and wait. The app it starts gets a fresh profile
/// (XDG data/cache/config homes in a temp dir), so a language chosen or anything stored by the
/// webview in one test or on this machine never leaks into another test.
pub struct Driver {
    child: Child,
    pub port: u16,
    _profile: tempfile::TempDir,
}

impl Driver {
    pub fn start() -> Driver {
        assert!(std::env::var_os("DISPLAY").is_some(), "no DISPLAY: run the E2E tests under xvfb-run -a");
        let port = free_port();
        let native = free_port();
        let profile = tempfile::tempdir().expect("a temp dir for the app profile");
        let child = Command::new("tauri-driver")
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .env("XDG_DATA_HOME", profile.path().join("data"))
            .env("XDG_CACHE_HOME", profile.path().join("cache"))
            .env("XDG_CONFIG_HOME", profile.path().join("config"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("tauri-driver on PATH (cargo install tauri-driver --locked)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen on {port}");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port, _profile: profile }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Opens the app on database `db` and waits until the page is the embedded UI.
pub async fn open_app(driver: &Driver, db: &std::path::Path) -> Client {
    let app = app_binary();
    assert!(
        app.exists(),
        "{} missing: build it with `cargo build -p ehs-ledger-desktop --features custom-protocol`",
        app.display()
    );
    let mut caps = serde_json::Map::new();
    caps.insert("tauri:options".into(), serde_json::json!({ "application": app, "args": ["--db", db] }));
    // One retry: right after another session ends, WebKitWebDriver may refuse the first try.
    let mut attempt = 0;
    let client = loop {
        attempt += 1;
        let r = ClientBuilder::rustls()
            .expect("rustls connector")
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await;
        match r {
            Ok(c) => break c,
            Err(e) if attempt < 3 => {
                eprintln!("WebDriver session attempt {attempt} failed: {e}; retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("no WebDriver session on the app after {attempt} attempts: {e}"),
        }
    };
    let url = client.current_url().await.expect("page url");
    assert!(
        url.as_str().starts_with("tauri://localhost"),
        "the app is not serving the embedded UI (url {url}); build with --features custom-protocol"
    );
    client
}

/// CSS selector of a `data-testid`.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Waits for an element by test id (up to 10 s). On a timeout the window is saved as
/// `artifacts/missing-<id>.png` before the test fails, to show what was there instead.
pub async fn wait(client: &Client, id: &str) -> fantoccini::elements::Element {
    match client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(&tid(id))).await {
        Ok(el) => el,
        Err(e) => {
            screenshot(client, &format!("missing-{id}")).await;
            panic!("element {id} did not appear: {e}")
        }
    }
}

/// Saves a screenshot of the window into `tests/e2e/artifacts/` (for people to look at).
pub async fn screenshot(client: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts");
    let _ = std::fs::create_dir_all(&dir);
    // WebKitWebDriver captures the last painted frame: let the page paint twice (two animation
    // frames, or 1 s if frames are not being produced), then give the compositor a moment.
    let script = "const done = arguments[arguments.length - 1]; const t = setTimeout(done, 1000); \
                  requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(t); done(); }));";
    let _ = client.execute_async(script, vec![]).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    if let Ok(png) = client.screenshot().await {
        let _ = std::fs::write(dir.join(format!("{name}.png")), png);
    }
}

/// Waits (up to 10 s) until the text of element `id` satisfies `pred`; returns that text.
pub async fn wait_text(client: &Client, id: &str, pred: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut last = String::new();
    while Instant::now() < deadline {
        if let Ok(el) = client.find(Locator::Css(&tid(id))).await {
            if let Ok(t) = el.text().await {
                if pred(&t) {
                    return t;
                }
                last = t;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("text of {id} never matched; last seen {last:?}");
}

/// Texts of every element with test id `id`, read in one script run inside the page, so a
/// re-render between "find" and "read" cannot leave a stale element handle behind.
pub async fn texts(client: &Client, id: &str) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.innerText)";
    match client.execute(script, vec![serde_json::Value::String(tid(id))]).await {
        Ok(serde_json::Value::Array(v)) => v.into_iter().map(|t| t.as_str().unwrap_or_default().to_string()).collect(),
        Ok(other) => panic!("texts of {id}: unexpected script result {other}"),
        Err(e) => panic!("texts of {id}: {e}"),
    }
}

/// Waits (up to 10 s) until no element has test id `id`.
pub async fn gone(client: &Client, id: &str) {
    for _ in 0..100 {
        if texts(client, id).await.is_empty() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(client, &format!("still-{id}")).await;
    panic!("{id} is still shown");
}

/// Waits (up to 10 s) until an element with test id `row` contains `key` and its text satisfies
/// `pred`; returns that text (or fails with the last text seen).
pub async fn row_text(client: &Client, row: &str, key: &str, pred: impl Fn(&str) -> bool) -> String {
    let mut last = None;
    for _ in 0..100 {
        if let Some(r) = texts(client, row).await.into_iter().find(|r| r.contains(key)) {
            if pred(&r) {
                return r;
            }
            last = Some(r);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(client, &format!("row-{row}-{key}")).await;
    panic!("no {row} containing {key:?} matched; last seen {last:?}");
}

/// Clicks the element with test id `button` inside the element with test id `row` that contains
/// `key`, retrying (up to 10 s) while the row is not there yet or is being re-rendered.
pub async fn click_in_row(client: &Client, row: &str, key: &str, button: &str) {
    let xpath = format!("//*[@data-testid='{row}'][contains(., '{key}')]//*[@data-testid='{button}']");
    let mut last = String::new();
    for _ in 0..100 {
        match client.find(Locator::XPath(&xpath)).await {
            Ok(el) => match el.click().await {
                Ok(_) => return,
                Err(e) => last = e.to_string(),
            },
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(client, &format!("missing-{button}-{key}")).await;
    panic!("could not click {button} in the {row} with {key:?}: {last}");
}

/// Clicks the element with test id `id`, retrying (up to 10 s) while it is missing, being
/// re-rendered (stale handle) or covered by a closing overlay; WebDriver's own click either way.
pub async fn click(client: &Client, id: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        match client.find(Locator::Css(&tid(id))).await {
            Ok(el) => match el.click().await {
                Ok(_) => return,
                Err(e) => last = e.to_string(),
            },
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(client, &format!("missing-{id}")).await;
    panic!("could not click {id}: {last}");
}

/// Clicks `id` until the element `then` appears (up to three clicks, 5 s each; then [`wait`]'s
/// screenshot and failure): a tab clicked while its screen is still mounting can be lost on a
/// loaded machine.
pub async fn click_for(client: &Client, id: &str, then: &str) -> fantoccini::elements::Element {
    for _ in 0..3 {
        click(client, id).await;
        if let Ok(el) = client.wait().at_most(Duration::from_secs(5)).for_element(Locator::Css(&tid(then))).await {
            return el;
        }
    }
    wait(client, then).await
}

/// Chooses `value` in the `<select>` with test id `id`, retrying (up to 10 s) while the select
/// or its options are still loading (the options of a picker arrive after the dialog opens).
pub async fn choose(client: &Client, id: &str, value: &str) {
    let mut last = String::new();
    for _ in 0..100 {
        match client.find(Locator::Css(&tid(id))).await {
            Ok(el) => match el.select_by_value(value).await {
                Ok(_) => return,
                Err(e) => last = e.to_string(),
            },
            Err(e) => last = e.to_string(),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(client, &format!("missing-{id}-{value}")).await;
    panic!("could not choose {value:?} in {id}: {last}");
}

/// Signs in on the sign-in screen (waits for it) with a user name and password.
pub async fn sign_in(client: &Client, user: &str, password: &str) {
    wait(client, "signin-username").await.send_keys(user).await.unwrap();
    wait(client, "signin-password").await.send_keys(password).await.unwrap();
    click(client, "signin-submit").await;
}

/// "12345.678" → "12,345.678": exact decimal text grouped as the UI shows it.
pub fn grouped(text: &str) -> String {
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if frac.is_empty() {
        out
    } else {
        format!("{out}.{frac}")
    }
}

/// The attribute `name` of the first element with test id `id` ("" when absent).
pub async fn attr(c: &Client, id: &str, name: &str) -> String {
    let script = "const e = document.querySelector(`[data-testid=\"${arguments[0]}\"]`); \
                  return e ? (e.getAttribute(arguments[1]) || '') : '';";
    match c.execute(script, vec![serde_json::Value::from(id), serde_json::Value::from(name)]).await {
        Ok(serde_json::Value::String(s)) => s,
        other => panic!("attribute {name} of {id}: {other:?}"),
    }
}

/// Waits (up to `secs`) for [`attr`] to be `want`; else a screenshot `attr-<id>-<name>` and a failure.
pub async fn wait_attr(c: &Client, id: &str, name: &str, want: &str, secs: u64) {
    for _ in 0..secs * 10 {
        if attr(c, id, name).await == want {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot(c, &format!("attr-{id}-{name}")).await;
    panic!("{id} never had {name}={want}; last {:?}", attr(c, id, name).await);
}

/// Types a date into one of the app's date fields (`DateInput`: YYYY-MM-DD text, whatever the OS
/// locale) as a user does: select what is there, type the digits, leave the field with Tab.
/// Fails (with a screenshot) if the field then shows something else.
pub async fn set_date(c: &Client, id: &str, day: &str) {
    let el = wait(c, id).await;
    // Ctrl+A selects what the field holds, so the digits replace it.
    el.send_keys("\u{E009}a\u{E000}").await.expect("select the date field's text");
    el.send_keys(&day.replace('-', "")).await.expect("type the date");
    el.send_keys("\u{E004}").await.expect("Tab out of the date field");
    let shown = el.prop("value").await.expect("date field value").unwrap_or_default();
    if shown != day {
        screenshot(c, &format!("date-{id}")).await;
        panic!("{id}: typed {day}, the field shows {shown:?}");
    }
}
