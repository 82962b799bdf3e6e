//! `backup now|list|verify|restore` on the real binary: a copy in the folder (0600), its check
//! (`--json`), a corrupted copy failing `verify` with exit 1, restore's preview without
//! `--confirm`, and the restore itself keeping the old file aside.

mod plant_cli;

use plant_cli::Cli;
use std::path::Path;

fn flip_pages(path: &Path) {
    let mut b = std::fs::read(path).unwrap();
    let page = u16::from_be_bytes([b[16], b[17]]) as usize;
    let mut at = page;
    while at + 8 < b.len() {
        for x in &mut b[at..at + 8] {
            *x ^= 0x5A;
        }
        at += page;
    }
    std::fs::write(path, b).unwrap();
}

#[test]
fn backup_now_list_verify_and_restore() {
    let c = Cli::new();
    let folder = c.db.parent().unwrap().join("usb");
    // No folder set: a clear refusal that names the setting, the file unchanged.
    let e = c.refused(&["backup", "now"]);
    assert!(e.contains("backup_folder"), "{e}");
    std::fs::create_dir(&folder).unwrap();
    c.ok(&["settings", "set", "backup_folder", folder.to_str().unwrap()]);
    c.ok(&["settings", "set", "contact", "备份前"]);

    let r = c.json(&["backup", "now", "--json"]);
    assert_eq!(r["copy"]["ok"], true, "{r}");
    assert_eq!(r["copy"]["plant_code"], "SZ01");
    assert_eq!(r["copy"]["integrity"], "ok");
    assert_eq!(r["copy"]["audit_verify"], "ok");
    let name = r["file_name"].as_str().unwrap().to_string();
    assert!(name.starts_with("ehs-ledger_SZ01_") && name.ends_with("Z.sqlite"), "{name}");
    let copy = folder.join(&name);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&copy).unwrap().permissions().mode() & 0o777, 0o600);
    }

    let l = c.json(&["backup", "list", "--json"]);
    assert_eq!(l["copies"].as_array().unwrap().len(), 1);
    assert_eq!(l["copies"][0]["good"], true);
    assert!(l["last_good_at"].is_string());
    assert!(c.ok(&["backup", "verify", copy.to_str().unwrap()]).contains("audit chain and records ok"));

    // Restore without --confirm: only the preview.
    c.ok(&["settings", "set", "contact", "备份后"]);
    let pv = c.json(&["backup", "restore", copy.to_str().unwrap(), "--json"]);
    assert_eq!(pv["restorable"], true, "{pv}");
    assert_eq!(pv["copy"]["plant_code"], "SZ01");
    assert!(c.ok(&["settings", "list"]).contains("备份后"), "the preview changed nothing");
    // A wrong confirmation is refused, the file unchanged.
    let e = c.refused(&["backup", "restore", copy.to_str().unwrap(), "--confirm", "SZ99"]);
    assert!(e.contains("confirm"), "{e}");

    let out = c.json(&["backup", "restore", copy.to_str().unwrap(), "--confirm", "SZ01", "--json"]);
    let aside = out["kept_aside"].as_str().unwrap();
    assert!(Path::new(aside).exists(), "{out}");
    assert!(c.ok(&["settings", "list"]).contains("备份前"), "the copy is in place");
    c.ok(&["audit", "verify"]);

    // A corrupted copy: verify says so with exit 1, and it cannot be restored.
    let broken = folder.join("ehs-ledger_SZ01_20200101T000000Z.sqlite");
    std::fs::copy(&copy, &broken).unwrap();
    flip_pages(&broken);
    let o = c.run(&["backup", "verify", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", String::from_utf8_lossy(&o.stdout));
    assert!(String::from_utf8_lossy(&o.stderr).contains("fails its check"));
    let o = c.run(&["backup", "restore", broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot restore"));
}
