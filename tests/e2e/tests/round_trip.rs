//! Issue 19: one claim's whole round trip in the window, the owner's desk
//! and the association's in turn: the owner's submission file → intake →
//! returned with a reason → the answers file → the owner sees the reason
//! and corrects → a new submission file → the association sees the
//! replacement and what changed → the receipt → the owner's claim marked
//! submitted with the receipt's number.
//!
//! Run under a display: `xvfb-run -a cargo test -p claimdesk-e2e`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use claimdesk_e2e::{app_binary, repository, within, Error, Sandbox, Session};
use fantoccini::Locator;
use serde_json::Value;

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// Chooses the (only) listed claim for a submission file and makes it into
/// `file`; the name the dialog suggested.
async fn make_submission_file(session: &Session, file: &std::path::Path) -> Result<String, Error> {
    session.click("nav-claims").await?;
    session
        .eventually(
            "document.querySelectorAll('#claims-rows tr').length === 1",
            10,
        )
        .await?;
    let select = session.client.find(Locator::Css(".claims__select")).await?;
    if !select.is_selected().await? {
        select.click().await?;
    }
    session.sandbox.answer_next_dialog(&[file]);
    session.click("claims-bundle").await?;
    session
        .eventually(
            "!document.getElementById('claims-bundle-made').hidden &&
             document.getElementById('claims-bundle-made').textContent.includes('1건')",
            30,
        )
        .await?;
    let asked = session.sandbox.dialogs_asked();
    let (purpose, name) = asked.last().cloned().unwrap_or_default();
    assert_eq!(purpose, "SaveBundle");
    Ok(name)
}

/// Switches desks with the footer's link, then opens `view` ("assoc",
/// "claims") from the navigation: the desk opens on its first view, which
/// for an owner with no business entered is the business profile.
async fn switch_to(session: &Session, view: &str) -> Result<(), Error> {
    session.click("desk-switch").await?;
    session
        .eventually(
            &format!("!document.getElementById('nav-{view}').hidden && document.getElementById('nav-{view}').offsetParent !== null"),
            10,
        )
        .await?;
    session.click(&format!("nav-{view}")).await?;
    session
        .eventually(
            &format!("!document.getElementById('view-{view}').hidden"),
            10,
        )
        .await?;
    Ok(())
}

/// Takes `file` in at the association and returns the green box's text.
async fn take_in(session: &Session, file: &std::path::Path) -> Result<String, Error> {
    session.sandbox.answer_next_dialog(&[file]);
    session.click("assoc-take-in").await?;
    let result = session
        .eventually(
            "!document.getElementById('assoc-result').hidden &&
             document.getElementById('assoc-take-in').disabled === false &&
             document.getElementById('assoc-result-text').textContent",
            30,
        )
        .await?;
    Ok(text(&result))
}

/// Opens the first row of the work table with the keyboard: ↓ from the
/// search to the first row, then Enter. A refresh still on its way (a filter
/// changed just before) may draw the table again between the two keys; the
/// page keeps the focus on the row it was on, so Enter still opens it.
async fn open_first_row(session: &Session) -> Result<(), Error> {
    session
        .eventually(
            "document.querySelectorAll('#assoc-rows tr').length === 1",
            10,
        )
        .await?;
    session.press("assoc-search", &['\u{E015}']).await?; // ArrowDown
    session
        .eventually(
            "document.activeElement === document.querySelector('#assoc-rows tr')",
            5,
        )
        .await?;
    session.press_here(&['\u{E007}']).await?; // Enter
    session
        .eventually("!document.getElementById('assoc-detail').hidden", 10)
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_claim_goes_round_from_the_shop_to_the_association_and_back() -> Result<(), Error> {
    within(360, async {
        let sandbox = Sandbox::new("round-trip");
        let example = repository().join("tests/fixtures/examples/kakao-cake-prior-week.claim.json");
        sandbox.cli(&["import", example.to_str().unwrap()]);
        // The association's key, trusted by this computer's owner (as the
        // shipped key would be).
        let key = sandbox.root.join("연합회 서명 키.key");
        let public = sandbox
            .cli(&["incident", "keygen", "-o", key.to_str().unwrap()])
            .trim()
            .to_owned();
        // "신뢰합니다: NAME (FINGERPRINT)": the fingerprint shops compare.
        let trusted = sandbox.cli(&["incident", "trust-key", &public, "--name", "소상공인연합회 접수", "--for", "both"]);
        let fingerprint = trusted
            .trim()
            .rsplit_once('(')
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .unwrap_or_else(|| panic!("no fingerprint in {trusted}"))
            .to_owned();
        assert_eq!(fingerprint.len(), 19, "{fingerprint}");
        let mut session = Session::start_in("round-trip", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        let files = session.sandbox.root.join("files");
        std::fs::create_dir_all(&files)?;

        // The owner hands the claim in; the file is named for the shop.
        let first = files.join("first.zip");
        let suggested = make_submission_file(&session, &first).await?;
        assert!(
            suggested.starts_with("행복케이크 망원점 제출 파일 2") && suggested.ends_with(".zip"),
            "{suggested}"
        );

        // The association takes it in and returns it with a reason.
        switch_to(&session, "assoc").await?;
        let result = take_in(&session, &first).await?;
        assert!(result.contains("새 청구서 1건"), "{result}");
        open_first_row(&session).await?;
        let number = session
            .eventually("document.getElementById('assoc-detail-facts').innerText", 5)
            .await?;
        assert!(text(&number).contains("CD-2026-000001"), "{number}");
        session.type_into("assoc-note", "영업 신고증 사본을 붙여 주세요.").await?;
        session.click("assoc-move-returned").await?;
        session
            .eventually(
                "!document.getElementById('assoc-detail-saved').hidden &&
                 !document.getElementById('assoc-undo').hidden &&
                 document.getElementById('assoc-detail-status').textContent.includes('반려')",
                10,
            )
            .await?;
        // The move buttons stayed where they were: "returned" is now disabled
        // in its place, "received" beside it is the way back.
        let places = session
            .eventually(
                "[...document.querySelectorAll('#assoc-review-buttons button')].map((b) => b.id + (b.disabled ? ':off' : ':on')).join(',')",
                5,
            )
            .await?;
        assert_eq!(
            text(&places),
            "assoc-move-checked:off,assoc-move-forwarded:off,assoc-move-returned:off,assoc-move-received:on,assoc-save-note:on"
        );
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.screenshot("returned").await?;

        // The answers file, signed with the key the staff choose.
        session.sandbox.answer_next_dialog(&[&key]);
        session.click("assoc-key-choose").await?;
        session
            .eventually(
                &format!("document.getElementById('assoc-key-state').textContent.includes('{fingerprint}')"),
                10,
            )
            .await?;
        let answers = files.join("answers.json");
        session.sandbox.answer_next_dialog(&[&answers]);
        session.click("assoc-answers").await?;
        session
            .eventually(
                "document.getElementById('assoc-result-text').textContent.includes('회신 파일을 만들었습니다')",
                10,
            )
            .await?;

        // The answers of this shop alone, made from its claim: said beside
        // the button that made them, in view, not in the review's box a
        // screen above (issue 36, item 13).
        let shop_answers = files.join("망원 회신.json");
        session.sandbox.answer_next_dialog(&[&shop_answers]);
        session.click("assoc-answers-shop").await?;
        let beside = session
            .eventually(
                "!document.getElementById('assoc-receipt-made').hidden &&
                 document.getElementById('assoc-receipt-made').textContent.includes('회신 파일을 만들었습니다') &&
                 (() => {
                   const button = document.getElementById('assoc-answers-shop').getBoundingClientRect();
                   const said = document.getElementById('assoc-receipt-made').getBoundingClientRect();
                   return [said.top - button.bottom, said.bottom <= window.innerHeight, said.top >= 0];
                 })()",
                10,
            )
            .await?;
        let gap = beside[0].as_f64().unwrap_or(f64::MAX);
        assert!((0.0..120.0).contains(&gap) && beside[1] == true && beside[2] == true, "{beside}");
        assert!(shop_answers.is_file());

        // Issue 36: a file signed with a key this computer does not trust
        // is refused beside the button, in words (no code), with the key's
        // fingerprint, what to do, and the way to the keys.
        let stranger_key = files.join("모르는 키.key");
        session
            .sandbox
            .cli(&["incident", "keygen", "-o", stranger_key.to_str().unwrap()]);
        let stranger_answers = files.join("stranger-answers.json");
        session.sandbox.cli(&[
            "assoc",
            "answers",
            "-o",
            stranger_answers.to_str().unwrap(),
            "--key",
            stranger_key.to_str().unwrap(),
        ]);
        switch_to(&session, "claims").await?;
        session.sandbox.answer_next_dialog(&[&stranger_answers]);
        session.click("claims-reply-import").await?;
        let refused = session
            .eventually(
                "!document.getElementById('claims-reply-failed').hidden &&
                 document.getElementById('claims-reply-failed').innerText",
                10,
            )
            .await?;
        let refused = text(&refused);
        for part in ["키 지문", "연합회에 전화해", "서명 키 추가하기"] {
            assert!(refused.contains(part), "{part}: {refused}");
        }
        assert!(!refused.contains("E_"), "words, not codes: {refused}");
        assert_eq!(
            session
                .client
                .execute("return document.getElementById('app-error').hidden;", vec![])
                .await?,
            serde_json::json!(true),
            "said beside the button, not at the top"
        );
        session.screenshot("reply-untrusted").await?;
        session.click("claims-reply-keys").await?;
        session
            .eventually(
                "!document.getElementById('view-incidents').hidden &&
                 document.getElementById('keys-box').open &&
                 document.activeElement.id === 'key-public' &&
                 document.getElementById('key-uses-answers').checked",
                10,
            )
            .await?;

        // The owner imports it: the claim is open again, the reason on top.
        session.show_view("claims").await?;
        session.sandbox.answer_next_dialog(&[&answers]);
        session.click("claims-reply-import").await?;
        let imported = session
            .eventually(
                "!document.getElementById('claims-reply-made').hidden &&
                 document.getElementById('claims-reply-made').innerText",
                10,
            )
            .await?;
        assert!(text(&imported).contains("바뀐 청구서 1건"), "{imported}");
        assert!(text(&imported).contains("영업 신고증 사본을 붙여 주세요."), "{imported}");
        session
            .eventually(
                "document.getElementById('claims-rows').innerText.includes('연합회가 돌려보냄')",
                10,
            )
            .await?;
        session.open_first_listed_claim().await?;
        let reason = session
            .eventually(
                "!document.getElementById('editor-returned').hidden &&
                 document.getElementById('editor-returned').innerText",
                10,
            )
            .await?;
        assert!(text(&reason).contains("영업 신고증 사본을 붙여 주세요."), "{reason}");
        session.screenshot("owner-sees-the-reason").await?;
        // Corrected: the description says what was added.
        session.click("step-nav-costs").await?;
        session
            .type_into("narrative", "영업 신고증 사본을 붙였습니다. 카카오톡 채널 주문이 끊겼습니다.")
            .await?;
        session
            .eventually("document.getElementById('editor-saved').dataset.state === 'saved'", 10)
            .await?;

        // Handed in again; the association sees the replacement and what changed.
        let second = files.join("second.zip");
        make_submission_file(&session, &second).await?;
        switch_to(&session, "assoc").await?;
        let result = take_in(&session, &second).await?;
        assert!(result.contains("새 청구서로 바뀐 것 1건"), "{result}");
        open_first_row(&session).await?;
        let changed = session
            .eventually(
                "!document.getElementById('assoc-replaced-box').hidden &&
                 document.getElementById('assoc-replaced').innerText",
                10,
            )
            .await?;
        assert!(text(&changed).contains("피해 설명"), "{changed}");
        assert!(!text(&changed).contains("narrative"), "in words, not paths: {changed}");
        // Changes in words: no arrow a font may draw as "›".
        assert!(!text(&changed).contains('→'), "{changed}");

        // The receipt: a PDF where the staff chose, the signed file beside it.
        let receipt_pdf = files.join("망원 접수증.pdf");
        session.sandbox.answer_next_dialog(&[&receipt_pdf]);
        session.click("assoc-receipt").await?;
        let made = session
            .eventually(
                "!document.getElementById('assoc-receipt-made').hidden &&
                 document.getElementById('assoc-receipt-made').textContent",
                15,
            )
            .await?;
        assert!(text(&made).contains("RC-2026-000001"), "{made}");
        let receipt_file = files.join("망원 접수증.receipt.json");
        assert!(receipt_file.is_file(), "the signed receipt beside the PDF");
        let printed = std::process::Command::new("pdftotext")
            .arg(&receipt_pdf)
            .arg("-")
            .output()?;
        let printed: String = String::from_utf8_lossy(&printed.stdout)
            .split_whitespace()
            .collect();
        assert!(printed.contains(&fingerprint) && printed.contains("RC-2026-000001"), "{printed}");
        // The association's own number, given at the first intake and kept
        // by the correction, is on the receipt for the shop to quote.
        let intake_number = printed
            .find("RX-")
            .map(|at| printed[at..at + "RX-2026-000001".len()].to_owned())
            .expect("the association's number on the receipt");
        assert!(
            intake_number.starts_with("RX-20") && intake_number[8..].chars().all(|c| c.is_ascii_digit()),
            "{intake_number}"
        );
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.screenshot("receipt").await?;

        // The owner imports the receipt: submitted, with its number.
        switch_to(&session, "claims").await?;
        session.sandbox.answer_next_dialog(&[&receipt_file]);
        session.click("claims-reply-import").await?;
        let done = session
            .eventually(
                "!document.getElementById('claims-reply-made').hidden &&
                 document.getElementById('claims-reply-text').textContent",
                10,
            )
            .await?;
        assert!(text(&done).contains("RC-2026-000001") && text(&done).contains(&fingerprint), "{done}");
        assert!(text(&done).contains(&format!("매긴 번호는 {intake_number}입니다")), "{done}");
        let listed = session
            .eventually(
                "document.getElementById('claims-rows').innerText.includes('접수증 RC-2026-000001') &&
                 document.getElementById('claims-rows').innerText",
                10,
            )
            .await?;
        assert!(text(&listed).contains("제출함"), "{listed}");
        assert!(text(&listed).contains(&format!("연합회 번호 {intake_number}")), "{listed}");
        session.close().await
    })
    .await
}

/// Issue 36, item 13: the staff choose the signing key once. After a
/// restart the desk knows it again: its place is kept in the data folder,
/// never its content.
#[tokio::test]
async fn the_signing_key_is_known_again_after_a_restart() -> Result<(), Error> {
    within(180, async {
        let sandbox = Sandbox::new("key-remembered");
        let key = sandbox.root.join("연합회 서명 키.key");
        sandbox.cli(&["incident", "keygen", "-o", key.to_str().unwrap()]);
        let session = Session::start_in("key-remembered", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        switch_to(&session, "assoc").await?;
        let none = session
            .eventually("document.getElementById('assoc-key-state').textContent", 10)
            .await?;
        assert!(text(&none).contains("아직 고르지 않았습니다"), "{none}");
        session.sandbox.answer_next_dialog(&[&key]);
        session.click("assoc-key-choose").await?;
        let chosen = session
            .eventually(
                "document.getElementById('assoc-key-state').textContent.includes('연합회 서명 키.key') &&
                 document.getElementById('assoc-key-state').textContent",
                10,
            )
            .await?;
        let sandbox = session.close_keeping_sandbox().await?;
        let kept = std::fs::read_to_string(sandbox.data_dir().join("signing-key-path.txt"))?;
        assert_eq!(kept, key.to_string_lossy(), "the place, and nothing else");
        // The association's PC opens on its desk again.
        let session = Session::start_in("key-remembered-again", &app_binary(), sandbox).await?;
        session
            .eventually(
                "document.body.dataset.started === 'true' && !document.getElementById('view-assoc').hidden",
                20,
            )
            .await?;
        let again = session
            .eventually(
                "document.getElementById('assoc-key-state').textContent.includes('지문') &&
                 document.getElementById('assoc-key-state').textContent",
                10,
            )
            .await?;
        assert_eq!(again, chosen);
        session.close().await
    })
    .await
}

/// The work table at the association: a search, a filter and an order, the
/// keyboard through the claims, and a claim with errors asked about before
/// it is marked checked.
#[tokio::test]
async fn the_work_table_finds_orders_and_walks_the_claims() -> Result<(), Error> {
    within(240, async {
        let sandbox = Sandbox::new("work-table");
        let shop = sandbox.root.join("shop");
        let run = |args: &[&str]| claimdesk_e2e::cli_in(&shop, args).trim().to_owned();
        let example = |name: &str| {
            repository()
                .join(format!("tests/fixtures/examples/{name}.claim.json"))
                .to_string_lossy()
                .into_owned()
        };
        let ids: Vec<String> = ["kakao-cake-prior-week", "invalid-several-errors", "orders-only-no-sales"]
            .iter()
            .map(|name| run(&["import", &example(name)]))
            .collect();
        let bundle = sandbox.root.join("세 가게.zip");
        let mut args = vec!["bundle"];
        args.extend(ids.iter().map(String::as_str));
        args.extend(["-o", bundle.to_str().unwrap()]);
        run(&args);
        let mut session = Session::start_in("work-table", &app_binary(), sandbox).await?;
        session
            .eventually("document.body.dataset.started === 'true'", 20)
            .await?;
        switch_to(&session, "assoc").await?;
        take_in(&session, &bundle).await?;
        let count = session
            .eventually("document.querySelectorAll('#assoc-rows tr').length", 10)
            .await?;
        let shown = count.as_u64().unwrap_or(0);
        assert!(shown >= 2, "{count}");
        // At 1920×1080 the table uses the width, and its rows are on the
        // first screen under the filters (issue 36, item 13).
        session.set_viewport(1920, 1080).await?;
        let wide = session
            .eventually(
                "window.innerWidth > 1800 && (() => {
                   document.getElementById('assoc-table').scrollIntoView({ block: 'nearest' });
                   document.getElementById('app-body').scrollTop = 0;
                   const row = document.querySelector('#assoc-rows tr').getBoundingClientRect();
                   return [document.getElementById('assoc-table').getBoundingClientRect().width, row.bottom <= window.innerHeight];
                 })()",
                10,
            )
            .await?;
        assert!(wide[0].as_f64().unwrap_or(0.0) > 1400.0 && wide[1] == true, "{wide}");
        // The headings sort: by amount, largest first, marked for screen readers.
        session.click("assoc-sort-claimed").await?;
        session
            .eventually(
                "document.querySelector('th[data-sort=claimed]').getAttribute('aria-sort') === 'descending'",
                5,
            )
            .await?;
        session.screenshot("work-table").await?;
        // A search by registration number, hyphens or not.
        session.type_into("assoc-search", "1052345674").await?;
        let found = session
            .eventually(
                "document.querySelectorAll('#assoc-rows tr').length === 1 &&
                 document.getElementById('assoc-rows').innerText",
                10,
            )
            .await?;
        assert!(text(&found).contains("105-23-45674"), "{found}");
        session
            .client
            .execute(
                "const search = document.getElementById('assoc-search');
                 search.value = '';
                 search.dispatchEvent(new Event('input'));",
                vec![],
            )
            .await?;
        session.select("assoc-errors-filter", "yes").await?;
        session
            .eventually(
                "document.querySelectorAll('#assoc-rows tr').length === 1 &&
                 document.getElementById('assoc-rows').innerText.includes('오류')",
                10,
            )
            .await?;
        // The count says a condition narrows it, with the way back beside;
        // the amber mark is on what needs looking at, not on the tier.
        let narrowed = session
            .eventually(
                "!document.getElementById('assoc-filters-reset').hidden &&
                 document.getElementById('assoc-count').textContent",
                5,
            )
            .await?;
        assert_eq!(text(&narrowed), "조건 1개에 맞는 청구서 1건");
        let marks = session
            .client
            .execute(
                "const row = document.querySelector('#assoc-rows tr');
                 const weight = (td) => getComputedStyle(td).fontWeight;
                 return [row.className, weight(row.querySelector('.assoc-flags')), weight(row.cells[4]), row.cells[5] === row.querySelector('.assoc-flags')];",
                vec![],
            )
            .await?;
        assert_eq!(marks, serde_json::json!(["assoc-row--flagged", "700", "400", true]), "{marks}");
        // A redraw of the table (the same conditions answered again) keeps
        // the keyboard on the row it was on, not on the page's body.
        session.press("assoc-search", &['\u{E015}']).await?; // ArrowDown
        session
            .eventually(
                "document.activeElement === document.querySelector('#assoc-rows tr')",
                5,
            )
            .await?;
        let before = session
            .client
            .execute(
                "return [document.getElementById('assoc-rows').dataset.loaded, document.activeElement.dataset.id];",
                vec![],
            )
            .await?;
        session
            .client
            .execute(
                "document.getElementById('assoc-errors-filter').dispatchEvent(new Event('change'));",
                vec![],
            )
            .await?;
        let after = session
            .eventually(
                &format!(
                    "document.getElementById('assoc-rows').dataset.loaded !== {} &&
                     [document.activeElement.tagName, document.activeElement.dataset.id ?? null]",
                    before[0]
                ),
                5,
            )
            .await?;
        assert_eq!(after, serde_json::json!(["TR", before[1]]), "{after}");
        // A claim with errors: the errors listed in the engine's words, and
        // marking it checked is asked first (Alt+1).
        open_first_row(&session).await?;
        let errors = session
            .eventually(
                "document.querySelectorAll('#assoc-errors li').length > 0 &&
                 document.getElementById('assoc-errors').innerText",
                10,
            )
            .await?;
        assert!(!text(&errors).contains("E_"), "words, not codes: {errors}");
        session.press("assoc-detail-title", &['\u{E00A}', '1']).await?; // Alt+1
        let asked = session
            .eventually(
                "!document.getElementById('assoc-confirm').hidden &&
                 document.getElementById('assoc-confirm-text').textContent",
                5,
            )
            .await?;
        assert!(text(&asked).contains("오류가"), "{asked}");
        session.click("assoc-confirm-no").await?;
        session
            .eventually(
                "document.getElementById('assoc-confirm').hidden &&
                 document.getElementById('assoc-detail-status').textContent.includes('접수')",
                5,
            )
            .await?;
        // Back to the table (Esc), the filter cleared: Alt+↓ walks the claims.
        session.press("assoc-detail-title", &['\u{E00C}']).await?; // Escape
        session
            .eventually("!document.getElementById('assoc-list').hidden", 5)
            .await?;
        session.click("assoc-filters-reset").await?;
        let all = session
            .eventually(
                &format!(
                    "document.querySelectorAll('#assoc-rows tr').length === {shown} &&
                     document.getElementById('assoc-filters-reset').hidden &&
                     document.activeElement.id === 'assoc-search' &&
                     document.getElementById('assoc-errors-filter').value === '' &&
                     document.getElementById('assoc-count').textContent"
                ),
                10,
            )
            .await?;
        assert_eq!(text(&all), format!("{shown}건"));
        open_first_row_of_many(&session).await?;
        let before = session
            .eventually("document.getElementById('assoc-detail-title').textContent", 5)
            .await?;
        session
            .press("assoc-detail-title", &['\u{E00A}', '\u{E015}'])
            .await?; // Alt+ArrowDown
        session
            .eventually(
                &format!(
                    "document.getElementById('assoc-detail-title').textContent !== {before} &&
                     document.getElementById('assoc-position').textContent.includes('2번째')"
                ),
                10,
            )
            .await?;
        let accessibility = session.accessibility_violations().await?;
        assert!(accessibility.is_empty(), "{accessibility:?}");
        session.close().await
    })
    .await
}

/// Opens the first row of a table of several (a click on the row).
async fn open_first_row_of_many(session: &Session) -> Result<(), Error> {
    session.click_css("#assoc-rows tr td:nth-child(2)").await?;
    session
        .eventually("!document.getElementById('assoc-detail').hidden", 10)
        .await?;
    Ok(())
}
