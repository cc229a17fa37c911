//! What coaches, coachees and admins see and do.

use contract::SESSION_PAGE_BUDGET_BYTES;
use contract::limits::{MAX_BODY_CHARS, MAX_TITLE_CHARS};

use crate::support::{Browser, PASSWORD, Stack, start_web};

#[tokio::test]
async fn logging_in_leads_to_the_dashboard_and_logging_out_ends_it() {
    let stack = Stack::start().await;
    let browser = stack.browser();

    let anonymous = browser.get("/").await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(anonymous.location(), "/login?next=%2F");

    let login = browser.login("coach@example.com", PASSWORD, "/").await;
    assert_eq!((login.status.as_u16(), login.location()), (303, "/"));
    let dashboard = browser.get("/").await;
    assert_eq!(dashboard.status, 200);
    for expected in [
        "Welcome, Casey",
        "Upcoming sessions",
        "Past sessions",
        "As coach",
        "Jamie Rivera",
        "Acme Coaching",
        "Schedule a session",
    ] {
        assert!(dashboard.body.contains(expected), "dashboard lacks {expected:?}");
    }
    assert!(dashboard.body.contains("America/New_York"), "dates are in the coach's time zone");
    let footer = format!("Coaching platform {}", env!("CARGO_PKG_VERSION"));
    assert!(dashboard.body.contains(&footer), "the footer names the release");

    let logout = browser.submit(&dashboard, "/logout", &[]).await;
    assert_eq!((logout.status.as_u16(), logout.location()), (303, "/login"));
    assert_eq!(browser.get("/").await.status, 303, "logged out");
}

#[tokio::test]
async fn a_wrong_password_says_so_clearly() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    let refused = browser.login("coach@example.com", "not the password", "/").await;
    assert_eq!(refused.status, 303);
    assert!(refused.location().starts_with("/login"), "{}", refused.location());
    let page = browser.get(refused.location()).await;
    assert!(page.body.contains("Email or password is wrong."), "{}", page.body);
    // The message shows once.
    assert!(!browser.get("/login").await.body.contains("Email or password is wrong."));
}

#[tokio::test]
async fn an_expired_login_returns_to_the_same_page_after_logging_in_again() {
    let stack = Stack::start().await;
    let browser = stack.logged_in("coachee@example.com").await;
    let session = browser.first_session().await;

    stack
        .database
        .sql("UPDATE auth_sessions SET expires_at = now() - interval '1 minute'")
        .expect("expire logins");
    let bounced = browser.get(&session).await;
    assert_eq!(bounced.status, 303);
    assert_eq!(bounced.location(), format!("/login?next={}", session.replace('/', "%2F")));

    let again = browser.login("coachee@example.com", PASSWORD, &session).await;
    assert_eq!(again.location(), session);
    assert_eq!(browser.get(&session).await.status, 200);
}

#[tokio::test]
async fn coach_and_coachee_work_on_a_session_together() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let dashboard = coach.get("/").await;
    let session = dashboard.session_links().into_iter().next().expect("a session");
    let page = coach.get(&session).await;
    assert_eq!(page.status, 200);
    // The forms follow what the api says the viewer may do.
    assert!(page.body.contains("Add note") && page.body.contains("Rename, move or delete this session"));
    assert!(page.body.contains("<a href=\"/\">← Dashboard</a>"), "the way back");

    let added =
        coach.submit(&page, &format!("{session}/notes"), &[("body", "Coach's note <b>bold?</b>")]).await;
    assert_eq!((added.status.as_u16(), added.location()), (303, format!("{session}#notes").as_str()));
    let action = coach
        .submit(&page, &format!("{session}/actions"), &[("body", "Draft the plan"), ("due_on", "2030-01-31")])
        .await;
    assert_eq!(action.status, 303);
    let page = coach.get(&session).await;
    assert!(page.body.contains("Note added.") || page.body.contains("Action added."), "a flash confirms");
    assert!(page.body.contains("Coach&#39;s note &#60;b&#62;bold?&#60;/b&#62;"), "output is escaped");
    assert!(!page.body.contains("<b>bold?</b>"), "no markup from input reaches the page");
    assert!(page.body.contains("Draft the plan") && page.body.contains("31 Jan 2030"));

    // The id of the action just added (the review above lists earlier sessions' actions).
    let added_action =
        page.body.split("<li class=\"entry action\"").find(|item| item.contains("Draft the plan"));
    let action_id = added_action
        .and_then(|item| item.split("/actions/").nth(1))
        .and_then(|rest| rest.split('/').next())
        .expect("action id")
        .to_owned();
    let done = coach
        .submit(&page, &format!("{session}/actions/{action_id}/status"), &[("status", "completed")])
        .await;
    assert_eq!(done.status, 303);

    // The coach's relationship partner sees both.
    let coachee = stack.logged_in(page.coachee_email()).await;
    let seen = coachee.get(&session).await;
    assert_eq!(seen.status, 200);
    assert!(seen.body.contains("Coach's note"), "coachee sees the coach's note");
    assert!(
        seen.body.contains("Draft the plan") && seen.body.contains("Completed"),
        "and the completed action"
    );
    assert!(seen.body.contains("Add note"), "the coachee writes too");
    assert!(!seen.body.contains("Rename, move or delete this session"), "only the coach moves sessions");

    // Only the author rewrites or deletes an entry: the coachee gets no form for the coach's note.
    let before_note = page.body.split("Coach&#39;s note &#60;b").next().expect("page text");
    let note_id = before_note.rsplit("id=\"notes-").next().and_then(|rest| rest.get(..36)).expect("note id");
    let edit = format!("{session}/notes/{note_id}");
    let (edit_form, delete_form) = (format!("action=\"{edit}\""), format!("action=\"{edit}/delete\""));
    assert!(page.body.contains(&edit_form) && page.body.contains(&delete_form), "the author may change it");
    assert!(!seen.body.contains(&edit_form) && !seen.body.contains(&delete_form), "the coachee may not");
    assert!(!seen.body.contains("class=\"edited\""), "nothing was edited yet");
    let whole = coach.get(&edit).await;
    let back = format!("<a href=\"{session}#notes\">← Back to the session</a>");
    assert!(whole.body.contains(&back), "{}", whole.body);

    // The author's change is marked as edited, next to that entry only.
    let saved = coach.submit(&page, &edit, &[("body", "Coach's note, revised"), ("version", "1")]).await;
    assert_eq!(saved.status, 303);
    let seen = coachee.get(&session).await;
    let entries: Vec<&str> = seen.body.split("<li class=\"entry\">").skip(1).collect();
    for entry in &entries {
        let revised = entry.contains("Coach's note, revised");
        assert_eq!(entry.contains("class=\"edited\">edited<"), revised, "edited marker: {entry}");
    }
    assert!(entries.iter().any(|entry| entry.contains("Coach's note, revised")), "{}", seen.body);
}

#[tokio::test]
async fn a_goal_added_on_a_session_is_linked_to_it_and_a_bad_target_date_is_reported() {
    let stack = Stack::start().await;
    let (coachee, session, page) = stack.in_first_session("coachee@example.com").await;
    let relationship = page.value_after("name=\"relationship_id\" value=\"");
    let add_goal = |target_date: &'static str| {
        let fields = [
            ("relationship_id", relationship.as_str()),
            ("title", "Run a half marathon"),
            ("target_date", target_date),
        ];
        let (coachee, page, path) = (&coachee, &page, format!("{session}/goals"));
        async move { coachee.submit(page, &path, &fields).await }
    };
    let goals_named =
        || stack.database.sql("SELECT count(*) FROM goals WHERE title = 'Run a half marathon'").expect("sql");

    let refused = add_goal("next spring").await;
    assert_eq!(refused.location(), format!("{session}#goals"));
    assert!(coachee.get(&session).await.body.contains("Give the target date as a date."));
    assert_eq!(goals_named(), "0", "nothing is written");

    let added = add_goal("2031-03-01").await;
    assert_eq!(added.location(), format!("{session}#goals"));
    let page = coachee.get(&session).await;
    assert!(page.body.contains("Goal added."), "{}", page.body);
    let goal = page.body.split("Run a half marathon").nth(1).and_then(|rest| rest.split("</li>").next());
    let goal = goal.expect("the goal is listed");
    assert!(goal.contains("target 1 Mar 2031") && goal.contains("discussed in this session"), "{goal}");
    assert_eq!(goals_named(), "1");
}

#[tokio::test]
async fn coaches_schedule_sessions_in_their_own_time_zone() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let dashboard = coach.get("/").await;
    let relationship = dashboard.value_after("<option value=\"");
    let schedule = |duration: &'static str| {
        let fields = [
            ("relationship_id", relationship.as_str()),
            ("date", "2031-06-02"),
            ("time", "09:30"),
            ("duration_minutes", duration),
        ];
        let (coach, dashboard) = (&coach, &dashboard);
        async move { coach.submit(dashboard, "/sessions", &fields).await }
    };
    let stored_start = || {
        stack
            .database
            .sql("SELECT starts_at AT TIME ZONE 'UTC' FROM coaching_sessions WHERE duration_minutes = 50")
            .expect("sql")
    };
    let scheduled = schedule("50").await;
    assert_eq!(scheduled.status, 303);
    let page = coach.get(scheduled.location()).await;
    assert!(page.body.contains("Mon 2 Jun 2031, 09:30") && page.body.contains("50 minutes"), "{}", page.body);
    assert_eq!(stored_start(), "2031-06-02 13:30:00", "09:30 in New York is 13:30 UTC in summer");

    let bad = schedule("0").await;
    assert_eq!(bad.location(), "/#schedule");
    assert!(coach.get("/").await.body.contains("duration_minutes must be between 1 and 1440"));

    // Moving it reads the new time in the coach's zone too; a time that is no time is refused.
    let session = scheduled.location().to_owned();
    let reschedule = format!("{session}/reschedule");
    let when = |time: &'static str| [("date", "2031-06-03"), ("time", time), ("duration_minutes", "50")];
    let refused = coach.submit(&page, &reschedule, &when("25:99")).await;
    assert_eq!(refused.location(), session);
    assert!(coach.get(&session).await.body.contains("Give a valid date and time."));
    let moved = coach.submit(&page, &reschedule, &when("10:00")).await;
    assert_eq!(moved.location(), session);
    assert_eq!(stored_start(), "2031-06-03 14:00:00");

    // The same form gives it a title, which heads its page; a blank one takes it away.
    let titled = [
        ("title", " Mid-year check-in "),
        ("date", "2031-06-03"),
        ("time", "10:00"),
        ("duration_minutes", "50"),
    ];
    assert_eq!(coach.submit(&page, &reschedule, &titled).await.location(), session);
    assert!(coach.get(&session).await.body.contains("<h1>Mid-year check-in</h1>"));
    coach.submit(&page, &reschedule, &when("10:00")).await;
    assert!(!coach.get(&session).await.body.contains("Mid-year check-in"));
}

#[tokio::test]
async fn outsiders_get_not_found_never_the_data() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let session = coach.first_session().await;
    // Sam is in the other organization and not in this relationship.
    let outsider = stack.logged_in("coachee3@example.com").await;
    let page = outsider.get(&session).await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Not found"));
    for private in ["Casey Coach", "Notes", "Talked through"] {
        assert!(!page.body.contains(private), "the 404 page reveals {private:?}");
    }
    outsider.assert_not_found(&["/sessions/not-a-uuid", "/no/such/page"]).await;
}

#[tokio::test]
async fn a_form_post_checks_the_login_then_the_url_then_the_form() {
    let stack = Stack::start().await;
    let malformed = ["/sessions/not-a-uuid/delete", "/organizations/not-a-uuid/members/not-a-uuid/remove"];
    let anonymous = stack.browser();
    for path in malformed {
        let bounced = anonymous.post(path, &[]).await;
        assert_eq!((bounced.status.as_u16(), bounced.location()), (303, "/login?next=%2F"), "{path}");
    }
    // Signed in, the malformed URL is "not found" before the form's missing token is refused.
    let coach = stack.logged_in("coach@example.com").await;
    for path in malformed {
        assert_eq!(coach.post(path, &[]).await.status, 404, "{path}");
    }
}

#[tokio::test]
async fn organization_admins_manage_members() {
    let stack = Stack::start().await;
    let admin = stack.logged_in("admin@example.com").await;
    let members_path = admin.get("/").await.first_link("/organizations/");
    let page = admin.get(&members_path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Casey Coach"));

    assert!(!page.body.contains("type=\"password\""), "admins never choose someone's password");

    // Inviting shows the link once; the person chooses their own name and password.
    let invitations = members_path.replace("/members", "/invitations");
    let invite = [("email", "nina@example.com"), ("role", "member")];
    assert_eq!(admin.post(&invitations, &invite).await.status, 403, "CSRF");
    let created = admin.submit(&page, &invitations, &invite).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(created.body.contains("nina@example.com"));
    assert!(created.body.contains(&format!("<a href=\"{members_path}\">← Members</a>")), "the way back");
    let link = created.first_link("/invitations/");
    let pending = admin.get(&members_path).await;
    assert!(pending.body.contains("Pending invitations") && pending.body.contains("nina@example.com"));
    assert!(!pending.body.contains(&link), "the link shows only once");

    let nina = stack.browser();
    let form = nina.get(&link).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Create my account"), "{}", form.body);
    let strong = "violet kettle orbits quietly 1984";
    let fields =
        [("first_name", "Nina"), ("last_name", "New"), ("password", strong), ("confirmation", strong)];
    assert_eq!(nina.post(&link, &fields).await.status, 403, "CSRF");
    let joined = nina.submit(&form, &link, &fields).await;
    assert_eq!((joined.status.as_u16(), joined.location()), (303, "/login"));
    assert_eq!(nina.get(&link).await.status, 410, "a link works once");
    assert_eq!(nina.login("nina@example.com", strong, "/").await.location(), "/");
    assert!(admin.get(&members_path).await.body.contains("Nina New"));

    // An existing account accepts signed in; a revoked link is gone.
    let page = admin.get(&members_path).await;
    let created =
        admin.submit(&page, &invitations, &[("email", "coachee3@example.com"), ("role", "member")]).await;
    let link = created.first_link("/invitations/");
    assert!(stack.browser().get(&link).await.body.contains("Log in as coachee3@example.com"));
    let sam = stack.logged_in("coachee3@example.com").await;
    let offer = sam.get(&link).await;
    assert!(offer.body.contains(">Accept<"), "{}", offer.body);
    let accepted = sam.submit(&offer, &format!("{link}/accept"), &[]).await;
    assert_eq!((accepted.status.as_u16(), accepted.location()), (303, "/"));

    let page = admin.get(&members_path).await;
    let created =
        admin.submit(&page, &invitations, &[("email", "late@example.com"), ("role", "admin")]).await;
    let link = created.first_link("/invitations/");
    let page = admin.get(&members_path).await;
    let revoke = format!(
        "{invitations}/{}/revoke",
        page.value_after(&format!("action=\"{invitations}/")).trim_end_matches("/revoke")
    );
    let revoked = admin.submit(&page, &revoke, &[]).await;
    assert_eq!(revoked.status, 303);
    assert!(admin.get(&members_path).await.body.contains("Invitation revoked"));
    assert_eq!(stack.browser().get(&link).await.status, 410);

    // A member who is not an admin may not manage members.
    let coach = stack.logged_in("coach@example.com").await;
    assert_eq!(coach.get(&members_path).await.status, 403);
}

#[tokio::test]
async fn the_api_being_down_gives_a_friendly_page_not_a_crash() {
    let stack = Stack::start().await;
    let browser = stack.logged_in("coach@example.com").await;
    // A second web in front of an api address where nothing listens.
    let orphan = start_web(&format!("http://127.0.0.1:{}", testkit::free_port()), &[]).await;
    let lonely = Browser::new(&orphan.base_url);
    assert_eq!(lonely.get("/health").await.status, 200);
    assert_eq!(lonely.get("/ready").await.status, 503);
    let login = lonely.login("coach@example.com", PASSWORD, "/").await;
    assert_eq!(login.status, 503);
    assert!(login.body.contains("Temporarily unavailable"), "{}", login.body);
    // The web still serves once the api answers again (here: the working stack).
    assert_eq!(browser.get("/").await.status, 200);
}

#[tokio::test]
async fn a_page_waits_out_an_api_restart_instead_of_failing() {
    let mut stack = Stack::start().await;
    let browser = stack.logged_in("coach@example.com").await;
    // The page is asked for while no api listens; the replacement listens a second later.
    stack.api.stop();
    let (page, ()) =
        tokio::join!(browser.get("/"), stack.restart_api_after(std::time::Duration::from_secs(1)));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Welcome, Casey"), "{}", page.body);
}

#[tokio::test]
async fn long_lists_are_paged_with_links_that_carry_the_api_cursor() {
    let stack = Stack::start().await;
    let sql = |statement: &str| stack.database.sql(statement).expect("sql");
    // Many more past sessions of the coach than the dashboard shows at once.
    sql("INSERT INTO coaching_sessions (coaching_relationship_id, starts_at, duration_minutes)
         SELECT r.id, now() - n * interval '1 hour' - interval '400 days', 30
         FROM coaching_relationships r JOIN users u ON u.id = r.coach_id, generate_series(1, 60) n
         WHERE u.email = 'coach@example.com'");
    let coach = stack.logged_in("coach@example.com").await;
    let dashboard = coach.get("/").await;
    let older = dashboard.value_after("href=\"/?past=");
    let next = coach.get(&format!("/?past={older}")).await;
    assert_eq!(next.status, 200, "{}", next.body);
    let first_links = dashboard.session_links();
    let next_links = next.session_links();
    let past_on_next: Vec<_> = next_links.iter().filter(|link| !first_links.contains(link)).collect();
    assert!(!past_on_next.is_empty(), "the older page shows other sessions");

    // The session page shows each list's first page, and links that walk through the rest.
    let session_path = first_links[0].clone();
    let session_id = session_path.trim_start_matches("/sessions/");
    sql(&format!(
        "INSERT INTO notes (coaching_session_id, author_id, body)
         SELECT '{session_id}', r.coach_id, 'bulk note ' || lpad(n::text, 3, '0')
         FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id,
              generate_series(1, 230) n
         WHERE s.id = '{session_id}'"
    ));
    let session_page = coach.get(&session_path).await;
    assert_eq!(session_page.status, 200);
    // Each note's rendered text (its author also gets it in an edit form).
    let bulk = |page: &str| page.matches("<p>bulk note ").count();
    let (mut seen, mut page, mut pages) = (bulk(&session_page.body), session_page, 1);
    let more = page.value_after("?more=notes&#38;cursor=");
    while page.body.contains("?more=notes&#38;cursor=") {
        let cursor = page.value_after("?more=notes&#38;cursor=");
        page = coach.get(&format!("{session_path}?more=notes&cursor={cursor}")).await;
        assert_eq!(page.status, 200);
        assert!(bulk(&page.body) > 0, "{}", page.body);
        (seen, pages) = (seen + bulk(&page.body), pages + 1);
    }
    assert_eq!(seen, 230, "every note on one of the pages");
    assert!(pages > 2, "pages of the default size, not one page of everything");
    assert_eq!(coach.get(&format!("{session_path}?more=nothing&cursor={more}")).await.status, 404);

    // A cursor is passed on as one encoded value: it cannot smuggle parameters into the api call.
    let smuggled = coach.get("/?past=x%26sort%3Dasc%26limit%3D200").await;
    assert_eq!(smuggled.status, 400, "{}", smuggled.body);

    // Members: one page, then the next.
    sql("INSERT INTO users (email, password_hash, first_name, last_name)
         SELECT 'many-' || n || '@example.com', 'not a hash', 'Many', 'Member ' || lpad(n::text, 3, '0')
         FROM generate_series(1, 70) n;
         INSERT INTO organization_memberships (organization_id, user_id)
         SELECT m.organization_id, u.id FROM organization_memberships m
         JOIN users admin ON admin.id = m.user_id AND admin.email = 'admin@example.com',
         users u WHERE u.email LIKE 'many-%'");
    let admin = stack.logged_in("admin@example.com").await;
    let members_path = admin.get("/").await.first_link("/organizations/");
    // One email cell per member's row.
    let count = |page: &str| page.matches("<td>many-").count();
    let first = admin.get(&members_path).await;
    assert!(first.body.contains("?cursor="), "a next page link:\n{}", first.body);
    let (mut page, mut seen) = (admin.get(&members_path).await, 0);
    loop {
        assert_eq!(page.status, 200);
        assert!(count(&page.body) > 0, "{}", page.body);
        seen += count(&page.body);
        if !page.body.contains("?cursor=") {
            break;
        }
        page = admin.get(&format!("{members_path}?cursor={}", page.value_after("?cursor="))).await;
    }
    assert_eq!(seen, 70, "every member once");
    // A screen reader hears whom each row's buttons are for, not "Remove, Remove, Remove".
    for said in [
        "Save<span class=\"visually-hidden\"> the role of Many Member 001</span>",
        "Remove<span class=\"visually-hidden\"> Many Member 001</span>",
    ] {
        assert!(first.body.contains(said), "{said}");
    }
}

/// One session page could cost 100+ MB (issue 21, point 6): 200 rows of four lists of texts of
/// 50,000 characters. Filled with the longest texts allowed, in the characters that weigh most
/// once escaped, the page and the api's workspace behind it stay within their budget; the whole
/// text is a click away.
#[tokio::test]
async fn the_heaviest_session_allowed_stays_within_the_page_budget() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let session_path = coach.get("/").await.session_links()[0].clone();
    let session_id = session_path.trim_start_matches("/sessions/");
    let long = |character: &str, count: usize| format!("repeat('{character}', {count})");
    let (quotes, clefs, brackets) =
        (long("\"", MAX_BODY_CHARS), long("𝄞", MAX_BODY_CHARS), long("<", MAX_BODY_CHARS));
    let title = long("𝄞", MAX_TITLE_CHARS);
    stack
        .database
        .sql(&format!(
            "WITH s AS (SELECT s.id, s.coaching_relationship_id AS relationship, r.coach_id AS author
                        FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id
                        WHERE s.id = '{session_id}'),
                  n AS (SELECT generate_series(1, 30))
             INSERT INTO notes (coaching_session_id, author_id, body) SELECT s.id, s.author, {quotes} FROM s, n;
             INSERT INTO agreements (coaching_session_id, author_id, body)
               SELECT s.id, r.coach_id, {clefs} FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id,
                      generate_series(1, 30) WHERE s.id = '{session_id}';
             INSERT INTO actions (coaching_relationship_id, coaching_session_id, author_id, body)
               SELECT r.id, s.id, r.coach_id, {brackets} FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id,
                      generate_series(1, 30) WHERE s.id = '{session_id}';
             INSERT INTO goals (coaching_relationship_id, author_id, title, body)
               SELECT r.id, r.coach_id, {title}, {clefs} FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id,
                      generate_series(1, 30) WHERE s.id = '{session_id}'"
        ))
        .expect("the heaviest session");

    let page = coach.get(&session_path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.len() < SESSION_PAGE_BUDGET_BYTES, "the page weighs {} bytes", page.body.len());
    let api = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let login = serde_json::json!({ "email": "coach@example.com", "password": PASSWORD });
    api.post(format!("{}/login", stack.api.base_url)).json(&login).send().await.expect("logged in");
    let workspace = api
        .get(format!("{}/sessions/{session_id}/workspace", stack.api.base_url))
        .send()
        .await
        .expect("answered");
    let workspace = workspace.bytes().await.expect("the workspace");
    assert!(workspace.len() < SESSION_PAGE_BUDGET_BYTES, "the workspace weighs {} bytes", workspace.len());

    // The whole text is on the item's own page, where its author edits it.
    let show_all = page.value_after(&format!("href=\"{session_path}/notes/"));
    let whole = coach.get(&format!("{session_path}/notes/{show_all}")).await;
    assert_eq!(whole.status, 200);
    assert!(whole.body.contains("Save note"), "the author edits it there");
    assert!(whole.body.matches("&#34;").count() >= MAX_BODY_CHARS, "the whole text is there");
}
