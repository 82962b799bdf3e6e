//! Security review as a test (issue 14 item 7): the window's content security policy and the
//! app's security switches stay what the review accepted. `command_lists.rs` checks the other
//! half (every granted permission is a command the UI calls, or a named plugin use).
//!
//! Accepted policy, directive by directive, with why each source is there:
//! - `default-src 'self'`: everything not named below comes from the embedded UI only.
//! - `script-src 'self'`: no inline script, no eval (`'unsafe-eval'` would let an injected string
//!   run); Vite's build emits only module files.
//! - `style-src 'self' 'unsafe-inline'`: React `style={…}` attributes and uPlot's sizing write
//!   inline styles; styles cannot run code.
//! - `img-src 'self' data: blob:`: hazard photo thumbnails and chart exports are data/blob URLs
//!   made in the page; no remote image can be fetched (a tracking pixel, or a leak by URL).
//! - `font-src 'self' data:`: the bundled UI font.
//! - `connect-src ipc: http://ipc.localhost`: the Tauri IPC only; no fetch to any host.
//! - `object-src 'none'`, `base-uri 'self'`, `form-action 'none'`, `frame-ancestors 'none'`.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

fn json(rel: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn directives(csp: &str) -> BTreeMap<String, Vec<String>> {
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| {
            let mut words = d.split_whitespace().map(str::to_owned);
            let name = words.next().unwrap();
            (name, words.collect())
        })
        .collect()
}

const ACCEPTED: &[(&str, &[&str])] = &[
    ("default-src", &["'self'"]),
    ("script-src", &["'self'"]),
    ("style-src", &["'self'", "'unsafe-inline'"]),
    ("img-src", &["'self'", "data:", "blob:"]),
    ("font-src", &["'self'", "data:"]),
    ("connect-src", &["ipc:", "http://ipc.localhost"]),
    ("object-src", &["'none'"]),
    ("base-uri", &["'self'"]),
    ("form-action", &["'none'"]),
    ("frame-ancestors", &["'none'"]),
];

#[test]
fn the_window_csp_is_the_reviewed_one() {
    let conf = json("../tauri.conf.json");
    let csp = conf["app"]["security"]["csp"].as_str().expect("app.security.csp is set (a null CSP allows everything)");
    let got = directives(csp);
    let want: BTreeMap<String, Vec<String>> =
        ACCEPTED.iter().map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect())).collect();
    assert_eq!(got, want, "the CSP changed: review it and update ACCEPTED with the reason for each new source");
    for (name, sources) in &got {
        for s in sources {
            assert!(s != "'unsafe-eval'" && s != "*" && !s.starts_with("https:"), "{name} allows {s}");
        }
    }
}

#[test]
fn the_app_keeps_its_security_switches() {
    let conf = json("../tauri.conf.json");
    let sec = &conf["app"]["security"];
    assert_eq!(sec["freezePrototype"], Value::Bool(true), "freezePrototype guards the IPC against prototype pollution");
    assert_eq!(conf["app"]["withGlobalTauri"], Value::Bool(false), "no window.__TAURI__ for injected scripts");
    for off in ["dangerousDisableAssetCspModification", "assetProtocol", "dangerousRemoteDomainIpcAccess"] {
        assert!(sec.get(off).is_none(), "app.security.{off} is set: the review did not accept it");
    }
    for w in conf["app"]["windows"].as_array().unwrap() {
        assert!(w.get("url").is_none(), "window {} loads a URL instead of the embedded UI", w["label"]);
    }
}

#[test]
fn the_capability_is_the_main_window_only_and_local() {
    let cap = json("capabilities/default.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(cap.get("remote").is_none(), "a remote origin may call commands");
    for p in cap["permissions"].as_array().unwrap() {
        let p = p.as_str().expect("permissions are plain identifiers (no scoped fs/shell/http grants)");
        for banned in
            ["fs:", "shell:", "http:", "opener:", "process:", "dialog:", "core:default", "core:webview", "core:window:"]
        {
            assert!(!p.starts_with(banned), "{p} is granted: the UI needs no {banned} permission");
        }
    }
}

#[test]
fn the_csp_reader_sees_a_widened_policy() {
    // Guards the guard: an added remote source is a difference.
    let wider = directives("default-src 'self'; connect-src ipc: http://ipc.localhost https://example.com");
    assert_eq!(wider["connect-src"].len(), 3);
    assert_ne!(wider.get("connect-src").unwrap(), &vec!["ipc:".to_string(), "http://ipc.localhost".to_string()]);
}
