//! The installed package (issue 14 item 1), run by `scripts/check-package.sh` after `dpkg -i`:
//! the CLI on the PATH seeds a demo plant, then the installed app binary opens under Xvfb, shows
//! the sign-in form, and signs in. Ignored in the ordinary E2E run (it needs the package
//! installed); the script runs it with `--ignored` and `EHS_E2E_APP=/usr/bin/ehs-ledger-desktop`.

use ehs_ledger_e2e::{app_binary, click, open_app, screenshot, sign_in, wait, wait_text, Driver};
use std::process::Command;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the installed package: scripts/check-package.sh"]
async fn the_installed_app_opens_at_its_sign_in_and_the_installed_cli_seeds_its_database() {
    let app = app_binary();
    assert!(app.starts_with("/usr/bin"), "EHS_E2E_APP is the installed app, not a build: {}", app.display());

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("plant.sqlite3");
    // The CLI as a user runs it: by name, from the PATH.
    let out = Command::new("ehs-ledger").arg("--db").arg(&db).arg("demo").output().expect("ehs-ledger on the PATH");
    assert!(out.status.success(), "ehs-ledger demo: {}", String::from_utf8_lossy(&out.stderr));

    let driver = Driver::start();
    let c = open_app(&driver, &db).await;
    wait(&c, "signin-username").await;
    let place = wait_text(&c, "signin-place", |t| !t.trim().is_empty()).await;
    screenshot(&c, "installed-signin").await;
    sign_in(&c, "wang.li", "demo-ehs-2025").await;
    click(&c, "nav-waste").await;
    wait(&c, "ledger-row").await;
    screenshot(&c, "installed-ledger").await;
    println!("installed app {} signed in at {place:?}", app.display());
    c.close().await.unwrap();
}
