//! Notes worth writing, as a browser meets them: Markdown and its preview without script, drafts
//! filled back in, the page showing both texts when an edit met a newer version, private notes.

use crate::support::{Browser, Page, Stack};

/// The coach's first session (its path and page) with the email of its coachee.
async fn coachs_session(stack: &Stack) -> (Browser, String, Page, String) {
    let (coach, session, page) = stack.in_first_session("coach@example.com").await;
    let coachee = page.coachee_email().to_owned();
    (coach, session, page, coachee)
}

/// What the form for a new note holds on `page`.
fn new_note_text(page: &Page) -> &str {
    let form = page.body.split("id=\"new-notes\"").nth(1).expect("a form for a new note");
    let text = form.split_once('>').map(|(_, rest)| rest).unwrap_or_default();
    text.split("</textarea>").next().unwrap_or_default()
}

fn notes_with(stack: &Stack, text: &str) -> String {
    stack.database.sql(&format!("SELECT count(*) FROM notes WHERE body LIKE '%{text}%'")).expect("sql")
}

#[tokio::test]
async fn markdown_is_previewed_without_script_and_saved_sanitized() {
    let stack = Stack::start().await;
    let (coach, session, page, _) = coachs_session(&stack).await;
    let text = "**Plan** for Q3\n\n- one\n- [the docs](https://example.com/docs)\n\n<script>alert(1)</script> [bad](javascript:alert(1))";
    let notes = format!("{session}/notes");

    let preview = coach.submit(&page, &notes, &[("body", text), ("intent", "preview")]).await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview.body.contains("Preview (not saved yet)"), "{}", preview.body);
    assert!(preview.body.contains("<strong>Plan</strong> for Q3"), "{}", preview.body);
    assert!(
        preview.body.contains(
            r#"<a href="https://example.com/docs" rel="noopener noreferrer nofollow">the docs</a>"#
        ),
        "{}",
        preview.body
    );
    assert!(!preview.body.contains("<script>alert") && !preview.body.contains("href=\"javascript"));
    // The typed text is still in the form, escaped.
    assert!(preview.body.contains("**Plan** for Q3\n\n- one"), "{}", preview.body);
    assert!(preview.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "{}", preview.body);
    assert_eq!(notes_with(&stack, "Plan** for Q3"), "0", "a preview saves nothing");

    let saved = coach.submit(&page, &notes, &[("body", text), ("intent", "save")]).await;
    assert_eq!(saved.status, 303);
    let shown = coach.get(&session).await;
    assert!(shown.body.contains("<li>one</li>") && shown.body.contains("<strong>Plan</strong>"));
    assert!(shown.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "raw HTML shows as text");
    assert!(!shown.body.contains("<script>alert") && !shown.body.contains("href=\"javascript"));

    // An edit's preview shows on the note's own page, its version kept.
    let note_id = stack.database.sql("SELECT id FROM notes WHERE body LIKE '%Plan** for Q3%'").expect("sql");
    let edit = format!("{session}/notes/{note_id}");
    let previewed =
        coach.submit(&page, &edit, &[("body", "_revised_"), ("version", "1"), ("intent", "preview")]).await;
    assert_eq!(previewed.status, 200);
    assert!(previewed.body.contains("<em>revised</em>") && previewed.body.contains(">_revised_</textarea>"));
    assert!(previewed.body.contains("name=\"version\" value=\"1\""), "{}", previewed.body);
    assert_eq!(notes_with(&stack, "_revised_"), "0");
}

#[tokio::test]
async fn drafts_come_back_without_script_and_go_once_saved() {
    let stack = Stack::start().await;
    let (coach, session, page, _) = coachs_session(&stack).await;
    let csp = page.headers["content-security-policy"].to_str().expect("ascii").to_owned();
    assert!(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"), "{csp}");
    assert!(page.body.contains(&format!("data-draft=\"{session}/drafts\"")), "the script knows where");
    let script = coach.get("/static/app.js").await;
    assert!(script.body.contains("textarea[data-draft]"));

    // A note of the coach's, to edit below.
    coach.submit(&page, &format!("{session}/notes"), &[("body", "a note to edit")]).await;

    // What the script posts as one types.
    let drafts = format!("{session}/drafts");
    let kept = coach.submit(&page, &drafts, &[("body", "Half a thought about *focus*")]).await;
    assert_eq!(kept.status, 204);
    let back = coach.get(&session).await;
    assert_eq!(new_note_text(&back), "Half a thought about *focus*");
    assert!(back.body.contains("Your unsaved draft is back"));

    // An edit's draft comes back in that note's form, here and on its own page.
    let note_id = stack.database.sql("SELECT id FROM notes WHERE body = 'a note to edit'").expect("sql");
    let fields = [("note_id", note_id.as_str()), ("body", "an edit in progress")];
    assert_eq!(coach.submit(&page, &drafts, &fields).await.status, 204);
    let restored = coach.get(&session).await;
    assert!(restored.body.contains(">an edit in progress</textarea>"), "{}", restored.body);
    let own = coach.get(&format!("{session}/notes/{note_id}")).await;
    assert!(own.body.contains(">an edit in progress</textarea>"), "{}", own.body);
    assert_eq!(new_note_text(&restored), "Half a thought about *focus*", "each draft in its own form");

    // Saving the note forgets its draft.
    let saved =
        coach.submit(&page, &format!("{session}/notes"), &[("body", "Half a thought about *focus*")]).await;
    assert_eq!(saved.status, 303);
    let after = coach.get(&session).await;
    assert_eq!(new_note_text(&after), "");
    assert!(after.body.contains("<em>focus</em>"));
    // A cleared text forgets it too; nobody else's page shows it.
    assert_eq!(coach.submit(&page, &drafts, &[("body", "gone soon")]).await.status, 204);
    assert_eq!(coach.submit(&page, &drafts, &[("body", "  ")]).await.status, 204);
    assert!(!coach.get(&session).await.body.contains("gone soon"));
}

#[tokio::test]
async fn an_edit_that_met_a_newer_version_shows_both_texts_to_merge() {
    let stack = Stack::start().await;
    let (coach, session, page, _) = coachs_session(&stack).await;
    let notes = format!("{session}/notes");
    coach.submit(&page, &notes, &[("body", "the first text")]).await;
    let note_id = stack.database.sql("SELECT id FROM notes WHERE body = 'the first text'").expect("sql");
    let edit = format!("{session}/notes/{note_id}");

    // The laptop saves; the phone, still on version 1, is shown both texts.
    assert_eq!(
        coach.submit(&page, &edit, &[("body", "from the laptop"), ("version", "1")]).await.status,
        303
    );
    let conflict = coach.submit(&page, &edit, &[("body", "from the phone"), ("version", "1")]).await;
    assert_eq!(conflict.status, 409, "{}", conflict.body);
    assert!(conflict.body.contains("was saved meanwhile"), "{}", conflict.body);
    assert!(conflict.body.contains("<pre class=\"current\">from the laptop</pre>"), "{}", conflict.body);
    assert!(conflict.body.contains(">from the phone</textarea>"), "{}", conflict.body);
    assert!(conflict.body.contains("name=\"version\" value=\"2\""), "{}", conflict.body);
    assert_eq!(notes_with(&stack, "from the phone"), "0", "nothing was overwritten");

    let merged = coach.submit(&page, &edit, &[("body", "laptop and phone"), ("version", "2")]).await;
    assert_eq!(merged.status, 303);
    assert!(coach.get(&session).await.body.contains("laptop and phone"));
}

#[tokio::test]
async fn a_private_note_is_marked_for_its_coach_and_invisible_to_everyone_else() {
    let stack = Stack::start().await;
    let (coach, session, page, coachee_email) = coachs_session(&stack).await;
    assert!(page.body.contains("Private (only you can read it)"), "the coach may keep one");
    let coachee = stack.logged_in(&coachee_email).await;
    let theirs = coachee.get(&session).await;
    assert!(theirs.body.contains("Add note") && !theirs.body.contains("Private (only you can read it)"));

    let secret = "only-for-the-coach: energy dropped";
    let fields = [("body", secret), ("private", "on")];
    assert_eq!(coach.submit(&page, &format!("{session}/notes"), &fields).await.status, 303);
    let own = coach.get(&session).await;
    let entry =
        own.body.split("<li class=\"entry\">").find(|entry| entry.contains(secret)).expect("the note");
    assert!(entry.contains("class=\"private\""), "marked private: {entry}");
    let note_id = stack.database.sql(&format!("SELECT id FROM notes WHERE body = '{secret}'")).expect("sql");
    let note_page = format!("{session}/notes/{note_id}");
    assert!(coach.get(&note_page).await.body.contains("class=\"private\""));

    let admin = stack.logged_in("admin@example.com").await;
    for (who, browser) in [("coachee", &coachee), ("admin", &admin)] {
        let seen = browser.get(&session).await;
        assert_eq!(seen.status, 200, "{who}");
        assert!(!seen.body.contains(secret) && !seen.body.contains(&note_id), "{who} reads it");
        assert_eq!(browser.get(&note_page).await.status, 404, "{who}");
    }
}
