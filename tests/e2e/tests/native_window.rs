//! What only the native window has, so these run in WebKit alone (the
//! Chromium runs leave this file out): the window's title and class as the
//! desktop shows them, and a second launch handing over to the running
//! window (single instance over D-Bus).
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e --test native_window`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, until, within, Error, Session};
use serde_json::json;
use std::process::Command;
use std::time::{Duration, Instant};

const TITLE: &str = "ClaimDesk — 피해 접수";

#[tokio::test]
async fn the_window_opens_with_the_korean_title() -> Result<(), Error> {
    within(120, async {
        let mut session = Session::start("title").await?;
        until("the page title", || async {
            Ok(session.client.title().await? == TITLE)
        })
        .await?;
        let lang = session
            .client
            .execute("return document.documentElement.lang;", vec![])
            .await?;
        assert_eq!(lang, json!("ko"));
        until("the first screen", || async {
            Ok(session.text("#business-title").await? == "사업장 정보")
        })
        .await?;
        // The native window's title, as the desktop shows it.
        let windows = Command::new("xdotool")
            .args(["search", "--name", TITLE])
            .output()?;
        assert!(
            !String::from_utf8_lossy(&windows.stdout).trim().is_empty(),
            "no X window titled {TITLE:?}"
        );
        // Started as `claimdesk` (the console program hands over to the
        // window program), the window's class is still `claimdesk`, as the
        // menu entry's StartupWMClass says.
        let classed = Command::new("xdotool")
            .args(["search", "--classname", "^claimdesk$"])
            .output()?;
        assert!(
            !String::from_utf8_lossy(&classed.stdout).trim().is_empty(),
            "no X window of class claimdesk"
        );
        session.screenshot("window").await?;
        session.close().await
    })
    .await
}

#[tokio::test]
async fn a_second_launch_focuses_the_running_window() -> Result<(), Error> {
    within(120, async {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            return Err("single instance needs a D-Bus session: run under dbus-run-session".into());
        }
        let session = Session::start("single-instance").await?;
        until("the first window", || async {
            Ok(session.client.title().await? == TITLE)
        })
        .await?;
        let mut second = Command::new(app_binary());
        session.sandbox.apply(&mut second);
        let mut child = second.spawn()?;
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                return Err("the second launch kept running instead of handing over".into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(status.success(), "{status}");
        // The first window is still there and answers.
        assert_eq!(session.client.title().await?, TITLE);
        until("the hand-over in the log", || async {
            let log = session.sandbox.log_text();
            Ok(log.contains("second launch: focused the running window"))
        })
        .await?;
        session.close().await
    })
    .await
}
