//! A PostgreSQL server of the test's own: Debian's binaries, `initdb` and
//! `pg_ctl` in a temporary folder, listening on 127.0.0.1 only, stopped
//! when dropped. PostgreSQL refuses to run as root, so as root (CI) both
//! run as the `postgres` user the package makes, in a folder it owns.
//! Shared by the server's tests and the end-to-end suite (tests only).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(Debug)]
pub struct TestPostgres {
    pub port: u16,
    folder: tempfile::TempDir,
    bin: PathBuf,
}

/// The newest of Debian's PostgreSQL binary folders.
fn binaries() -> PathBuf {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("Debian's postgresql package (apt-get install postgresql)")
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop().expect("no initdb under /usr/lib/postgresql")
}

fn as_postgres(program: &Path) -> Command {
    if nix_is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn nix_is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl TestPostgres {
    pub fn start() -> TestPostgres {
        let bin = binaries();
        let folder = tempfile::Builder::new()
            .prefix("claimdesk-pg-")
            .tempdir()
            .unwrap();
        if nix_is_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(folder.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let data = folder.path().join("data");
        let out = as_postgres(&bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-A",
                "trust",
                "-U",
                "claimdesk",
                "-E",
                "UTF8",
                "--no-sync",
                // Hangul is a letter here (pg_trgm finds parts of names);
                // text still compares by code point.
                "--locale=C.UTF-8",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let server = TestPostgres {
            port: free_port(),
            folder,
            bin,
        };
        server.start_again();
        server
    }

    /// Starts the server (again, after [`TestPostgres::stop`]) on its port.
    pub fn start_again(&self) {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=off",
            self.port,
            self.folder.path().display()
        );
        let out = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.folder.path().join("data"))
            .args(["-o", &options, "-l"])
            .arg(self.folder.path().join("server.log"))
            .args(["-w", "-t", "60", "start"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&out.stdout),
            std::fs::read_to_string(self.folder.path().join("server.log")).unwrap_or_default()
        );
    }

    /// Stops the server (a database that went away).
    pub fn stop(&self) {
        let out = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.folder.path().join("data"))
            .args(["-m", "fast", "-w", "stop"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A connection string for a database of this server.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://claimdesk@127.0.0.1:{}/{database}", self.port)
    }

    /// Makes the database `name` (empty).
    pub fn create_database(&self, name: &str) {
        let out = Command::new(self.bin.join("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "claimdesk",
                name,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "createdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.folder.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}
