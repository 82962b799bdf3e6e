//! The four lists of the app's commands cannot drift apart: the handler table in `main.rs`
//! (what the app answers), `COMMANDS` in `build.rs` (what gets an `allow-…` permission), the
//! capability `capabilities/default.json` (what the window may call) and the UI's invoke
//! wrappers in `ui/src/ipc/` (what the UI calls). A command missing from any of them is either
//! unreachable or refused at run time; this test names it.

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The quoted words after each `marker` in `text` (e.g. `invoke<…>("name"` → name).
fn quoted_after(text: &str, marker: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split(marker).skip(1) {
        let Some(start) = part.find('"') else { continue };
        // Skip a type argument such as `invoke<Foo[]>(` before the name.
        let head = &part[..start];
        if head.contains(';') || head.contains('\n') {
            continue;
        }
        let rest = &part[start + 1..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

fn handler_table() -> Vec<String> {
    let main = read("src/main.rs");
    let start = main.find("generate_handler![").expect("generate_handler! in main.rs");
    let end = main[start..].find(']').expect("end of generate_handler!") + start;
    main[start + "generate_handler![".len()..end]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_string())
        .collect()
}

fn build_rs_commands() -> Vec<String> {
    let b = read("build.rs");
    let start = b.find("const COMMANDS").expect("COMMANDS in build.rs");
    let end = b[start..].find("];").expect("end of COMMANDS") + start;
    quoted_after(&b[start..end], "\n    ")
}

/// The core and plugin (non-command) permissions the window is granted, each with the UI file
/// and the use in it that needs it: listening to the window's file-drop event (HQ's packet
/// import) and the notification plugin's notify with its permission check (hazard clocks).
const CORE_PERMISSIONS: &[(&str, &str, &str)] = &[
    ("core:event:allow-listen", "../ui/src/ipc/drop.ts", "onDragDropEvent"),
    ("core:event:allow-unlisten", "../ui/src/ipc/drop.ts", "onDragDropEvent"),
    ("notification:allow-is-permission-granted", "../ui/src/ipc/osNotify.ts", "isPermissionGranted"),
    ("notification:allow-request-permission", "../ui/src/ipc/osNotify.ts", "requestPermission"),
    ("notification:allow-notify", "../ui/src/ipc/osNotify.ts", "sendNotification"),
];

fn capability() -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&read("capabilities/default.json")).expect("capability JSON");
    json["permissions"]
        .as_array()
        .expect("permissions array")
        .iter()
        .filter_map(|p| {
            let p = p.as_str().expect("permission names are strings");
            if let Some((_, file, used_by)) = CORE_PERMISSIONS.iter().find(|(name, _, _)| *name == p) {
                let ui = read(file);
                assert!(ui.contains(used_by), "{p} is granted for {used_by}, which the UI no longer uses: remove it");
                return None;
            }
            Some(p.strip_prefix("allow-").unwrap_or_else(|| panic!("{p}: only allow-… permissions")).replace('-', "_"))
        })
        .collect()
}

fn ui_invokes() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/ipc");
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("ui/src/ipc") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        if !name.ends_with(".ts") || name.ends_with(".test.ts") || name == "mockBackend.ts" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("ipc file");
        out.extend(quoted_after(&text, "invoke<"));
        out.extend(quoted_after(&text, "invoke("));
        // Wrappers that pass the command name through a helper: `importCall("import_preview", …)`.
        out.extend(quoted_after(&text, "Call("));
    }
    out
}

fn set(v: &[String]) -> BTreeSet<String> {
    v.iter().cloned().collect()
}

fn assert_same(what: &str, a: &BTreeSet<String>, b: &BTreeSet<String>) {
    let only_a: Vec<_> = a.difference(b).collect();
    let only_b: Vec<_> = b.difference(a).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{what}: only in the first {only_a:?}, only in the second {only_b:?}"
    );
}

#[test]
fn handler_table_build_list_capability_and_ui_name_the_same_commands() {
    let handlers = handler_table();
    assert!(handlers.len() > 40, "the handler table was read ({} commands)", handlers.len());
    let unique = set(&handlers);
    assert_eq!(unique.len(), handlers.len(), "a command is registered twice");
    let built = build_rs_commands();
    assert_eq!(built, handlers, "build.rs COMMANDS lists the handler table, in its order");
    assert_same("handler table vs capability", &unique, &set(&capability()));
    assert_same("handler table vs ui/src/ipc invokes", &unique, &ui_invokes());
}

#[test]
fn the_reader_finds_a_missing_command() {
    // Guards the test itself: a list that lacks one name is reported.
    let a: BTreeSet<String> = ["x".to_string(), "y".to_string()].into();
    let b: BTreeSet<String> = ["x".to_string()].into();
    let r = std::panic::catch_unwind(|| assert_same("t", &a, &b));
    assert!(r.is_err());
    assert_eq!(quoted_after("invoke<Foo[]>(\"list_foo\", {})", "invoke<"), ["list_foo"]);
    assert_eq!(quoted_after("  invoke(\"bar\")", "invoke("), ["bar"]);
}
