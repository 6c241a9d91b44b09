//! Files the owner chose in a dialog that Rust opened itself (issue 17,
//! item 15). The page is given a token and the file's name to show, never a
//! path, and a command that reads or writes a file takes the token: a script
//! in the page cannot name `~/.bashrc`, and the capability needs no dialog
//! permission.
//!
//! A token stays good for the purpose it was chosen for while the window
//! runs: the sales preview reads its file again when the owner names the
//! columns, and the token names only what she picked.
//!
//! The end-to-end tests answer the dialogs through a file named by
//! `CLAIMDESK_DIALOG_ANSWERS` (one answer a line: paths separated by a tab,
//! or empty for "cancelled"; each dialog takes the first line): a file the
//! page cannot write, named by the environment the process was started
//! with. When the variable is set no system dialog opens, and a dialog with
//! no answer left is cancelled.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

/// The environment variable naming the end-to-end tests' dialog answers.
pub const ANSWERS_VARIABLE: &str = "CLAIMDESK_DIALOG_ANSWERS";

/// What a dialog is for: its title and its file types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    SalesFile,
    Evidence,
    ClaimFile,
    ClaimPdf,
    IncidentDefinition,
    BackupToRestore,
    AssocIntake,
    SaveClaimPdf,
    SaveBundle,
    SaveClaimExport,
    SaveBackup,
    SaveTableCsv,
    SaveTableXlsx,
    SaveNotice,
    /// The association's secret key file (made by `incident keygen`).
    SigningKey,
    /// Where the association saves a receipt's PDF (its signed file goes
    /// beside it, `.receipt.json`).
    SaveReceipt,
    /// Where the association saves the answers file.
    SaveAnswers,
    /// A receipt or answers file the owner got from the association.
    Reply,
}

impl Purpose {
    /// Whether the dialog saves (else it opens).
    pub fn saves(self) -> bool {
        matches!(
            self,
            Purpose::SaveClaimPdf
                | Purpose::SaveBundle
                | Purpose::SaveClaimExport
                | Purpose::SaveBackup
                | Purpose::SaveTableCsv
                | Purpose::SaveTableXlsx
                | Purpose::SaveNotice
                | Purpose::SaveReceipt
                | Purpose::SaveAnswers
        )
    }

    /// Several files at once (the association's intake only).
    pub fn many(self) -> bool {
        self == Purpose::AssocIntake
    }

    /// The file types offered: a name and the extensions.
    pub fn filter(self, lang: claim_core::Lang) -> (&'static str, &'static [&'static str]) {
        let ko = lang == claim_core::Lang::Ko;
        match self {
            Purpose::SalesFile => (
                if ko { "매출 파일" } else { "Sales file" },
                &["csv", "txt", "xlsx", "xls"],
            ),
            Purpose::Evidence => (
                if ko {
                    "사진·PDF·엑셀·CSV"
                } else {
                    "Images, PDF, Excel, CSV"
                },
                &["jpg", "jpeg", "png", "pdf", "xlsx", "csv"],
            ),
            Purpose::ClaimFile | Purpose::SaveClaimExport | Purpose::IncidentDefinition => {
                ("JSON", &["json"])
            }
            Purpose::ClaimPdf | Purpose::SaveClaimPdf | Purpose::SaveNotice => ("PDF", &["pdf"]),
            Purpose::BackupToRestore | Purpose::SaveBackup => (
                if ko {
                    "ClaimDesk 백업"
                } else {
                    "ClaimDesk backup"
                },
                &["sqlite3"],
            ),
            Purpose::AssocIntake => (
                if ko {
                    "묶음·청구서 PDF·청구서 JSON"
                } else {
                    "Bundles, claim PDFs, claim JSON"
                },
                &["zip", "pdf", "json"],
            ),
            Purpose::SaveBundle => (if ko { "묶음" } else { "Bundle" }, &["zip"]),
            Purpose::SaveTableCsv => ("CSV", &["csv"]),
            Purpose::SaveTableXlsx => ("Excel", &["xlsx"]),
            Purpose::SigningKey => (if ko { "서명 키" } else { "Signing key" }, &["key", "txt"]),
            Purpose::SaveReceipt => (if ko { "접수증 PDF" } else { "Receipt PDF" }, &["pdf"]),
            Purpose::SaveAnswers | Purpose::Reply => (
                if ko {
                    "접수증·회신 파일"
                } else {
                    "Receipt or answers file"
                },
                &["json"],
            ),
        }
    }
}

/// A chosen file as the page knows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Chosen {
    pub token: String,
    /// The file's name alone, to show.
    pub name: String,
}

/// The files chosen in this run of the window, by token, and where the
/// tests' answers come from.
#[derive(Debug, Default)]
pub struct ChosenFiles {
    kept: Mutex<HashMap<String, (Purpose, PathBuf)>>,
    answers: Option<PathBuf>,
}

impl ChosenFiles {
    /// Answering dialogs from `answers` (the tests), or with the system's
    /// dialogs when `None`.
    pub fn new(answers: Option<PathBuf>) -> ChosenFiles {
        ChosenFiles {
            kept: Mutex::new(HashMap::new()),
            answers,
        }
    }

    /// As the environment says: `CLAIMDESK_DIALOG_ANSWERS` if set and not
    /// empty.
    pub fn from_environment() -> ChosenFiles {
        ChosenFiles::new(
            std::env::var_os(ANSWERS_VARIABLE)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from),
        )
    }

    /// The next test answer (`Some(None)`: cancelled), or `None` when the
    /// system's dialog is to be shown.
    pub fn test_answer(&self) -> Option<Option<Vec<PathBuf>>> {
        let file = self.answers.as_ref()?;
        // Under the lock: two dialogs never take the same line.
        let _kept = self.kept.lock().ok()?;
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut lines = text.lines();
        let Some(first) = lines.next() else {
            return Some(None);
        };
        // Every line kept, an empty one (cancelled) too.
        let mut rest = String::new();
        for line in lines {
            rest.push_str(line);
            rest.push('\n');
        }
        if std::fs::write(file, rest).is_err() {
            return Some(None);
        }
        let paths: Vec<PathBuf> = first
            .split('\t')
            .filter(|path| !path.is_empty())
            .map(PathBuf::from)
            .collect();
        Some((!paths.is_empty()).then_some(paths))
    }

    /// Under test answers: notes what a dialog was opened for and the file
    /// name it suggested, one line to `<answers>.asked`, so the tests can
    /// check what the owner would have seen.
    pub fn note_asked(&self, purpose: Purpose, suggested_name: Option<&str>) {
        let Some(file) = self.answers.as_ref() else {
            return;
        };
        let mut asked = file.clone().into_os_string();
        asked.push(".asked");
        let line = format!("{purpose:?}\t{}\n", suggested_name.unwrap_or(""));
        let _ = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(asked)
            .and_then(|mut out| std::io::Write::write_all(&mut out, line.as_bytes()));
    }

    /// Keeps `paths` chosen for `purpose`; their tokens and names.
    pub fn keep(&self, purpose: Purpose, paths: Vec<PathBuf>) -> Vec<Chosen> {
        let Ok(mut kept) = self.kept.lock() else {
            return Vec::new();
        };
        paths
            .into_iter()
            .map(|path| {
                let token = uuid::Uuid::now_v7().to_string();
                let name = path
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned())
                    .unwrap_or_default();
                kept.insert(token.clone(), (purpose, path));
                Chosen { token, name }
            })
            .collect()
    }

    /// The path behind a request's token, chosen for one of `purposes`,
    /// or `E_NOT_CHOSEN`.
    pub fn path(
        &self,
        token: &super::payload::ChosenFile,
        purposes: &[Purpose],
    ) -> Result<PathBuf, super::error::WindowError> {
        self.find(&token.0, purposes)
            .ok_or(super::error::WindowError::NotChosen)
    }

    /// The path behind `token`, if it was chosen for one of `purposes`.
    pub fn find(&self, token: &str, purposes: &[Purpose]) -> Option<PathBuf> {
        let kept = self.kept.lock().ok()?;
        match kept.get(token) {
            Some((purpose, path)) if purposes.contains(purpose) => Some(path.clone()),
            _ => None,
        }
    }
}

/// `choose`: opens the host's dialog for `purpose` (with the page's
/// title, and for a save the suggested file name) and keeps what the owner
/// picked; the tokens and names, or `null` when she cancels. The tests'
/// answers (`CLAIMDESK_DIALOG_ANSWERS`) come first, in every host.
pub fn choose(
    at: &super::Surface,
    super::payload::ChooseRequest {
        purpose,
        title,
        suggested_name,
        lang,
    }: super::payload::ChooseRequest,
) -> super::error::CommandResult<Option<Vec<Chosen>>> {
    let chosen = &at.chosen;
    chosen.note_asked(purpose, suggested_name.as_ref().map(|name| name.0.as_str()));
    let picked = match chosen.test_answer() {
        Some(answer) => answer,
        None => at.host.pick(&super::Dialog {
            purpose,
            title: title.as_ref().map(|title| title.0.as_str()),
            suggested_name: suggested_name.as_ref().map(|name| name.0.as_str()),
            lang: lang.0,
        }),
    };
    Ok(picked.map(|paths| chosen.keep(purpose, paths)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_token_opens_its_file_only_for_its_purpose() {
        let chosen = ChosenFiles::default();
        let given = chosen.keep(
            Purpose::SalesFile,
            vec![PathBuf::from("/home/민지/매출 2022.csv")],
        );
        assert_eq!(given.len(), 1);
        assert_eq!(given[0].name, "매출 2022.csv");
        let token = given[0].token.clone();
        assert_eq!(chosen.find(&token, &[Purpose::SaveBackup]), None);
        assert_eq!(
            chosen.find(&token, &[Purpose::SalesFile]),
            Some(PathBuf::from("/home/민지/매출 2022.csv"))
        );
        assert_eq!(
            chosen.find(&token, &[Purpose::SalesFile]),
            Some(PathBuf::from("/home/민지/매출 2022.csv")),
            "read again when the owner names the columns"
        );
        assert_eq!(
            chosen.find("/home/민지/.bashrc", &[Purpose::SaveClaimExport]),
            None
        );
        assert_eq!(
            chosen.find(&uuid::Uuid::now_v7().to_string(), &[Purpose::SalesFile]),
            None,
            "a token nobody was given"
        );
    }

    #[test]
    fn the_tests_answers_come_in_order_and_an_empty_line_is_cancelled() {
        let dir = std::env::temp_dir().join(format!("chosen-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("answers.txt");
        std::fs::write(&file, "/a/one.zip\t/a/two.pdf\n\n").unwrap();
        let chosen = ChosenFiles::new(Some(file.clone()));
        assert_eq!(
            chosen.test_answer(),
            Some(Some(vec![
                PathBuf::from("/a/one.zip"),
                PathBuf::from("/a/two.pdf")
            ]))
        );
        // A line added after the window started is the dialog after next.
        std::fs::write(
            &file,
            format!("{}/b/out.csv\n", std::fs::read_to_string(&file).unwrap()),
        )
        .unwrap();
        assert_eq!(chosen.test_answer(), Some(None));
        assert_eq!(
            chosen.test_answer(),
            Some(Some(vec![PathBuf::from("/b/out.csv")]))
        );
        assert_eq!(
            chosen.test_answer(),
            Some(None),
            "no answer left: cancelled"
        );
        assert_eq!(
            ChosenFiles::default().test_answer(),
            None,
            "without the variable: the system's dialog"
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
