//! The weekly loop in the browser, without JavaScript: the coachee prepares the agenda, the coach
//! reorders and works through it, what was not discussed moves to the next session, which starts
//! by reviewing the actions still open; each person's Actions page shows what is theirs to do.

use chrono::{Days, Utc};

use crate::support::{Browser, Page, Stack};

/// The `<li>` of `page` that holds `text` (a topic or an action), as HTML.
fn item_with<'a>(page: &'a Page, text: &str) -> &'a str {
    page.body
        .split("<li class=\"entry")
        .find(|item| item.contains(text))
        .unwrap_or_else(|| panic!("no item {text:?}"))
}

/// The address of the form in `item` whose action ends with `suffix`.
fn form_path(item: &str, suffix: &str) -> String {
    item.split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .find(|path| path.ends_with(suffix))
        .unwrap_or_else(|| panic!("no form ending in {suffix} in {item}"))
        .to_owned()
}

/// Schedules a session on `date` as the coach, in the dashboard's first relationship; its path.
async fn schedule(coach: &Browser, date: &str) -> String {
    let dashboard = coach.get("/").await;
    let relationship = dashboard.value_after("<option value=\"");
    let fields = [
        ("relationship_id", relationship.as_str()),
        ("date", date),
        ("time", "09:00"),
        ("duration_minutes", "45"),
    ];
    coach.submit(&dashboard, "/sessions", &fields).await.location().to_owned()
}

#[tokio::test]
async fn agenda_review_and_actions_carry_the_week_forward() {
    let stack = Stack::start().await;
    let coach = stack.logged_in("coach@example.com").await;
    let first = schedule(&coach, "2031-06-02").await;
    let next = schedule(&coach, "2031-06-09").await;
    let page = coach.get(&first).await;
    let coachee = stack.logged_in(page.coachee_email()).await;

    // The coachee brings two topics; the coach puts the second first and discusses it.
    let seen = coachee.get(&first).await;
    for topic in ["Delegating the weekly report", "Feedback from the offsite"] {
        let added = coachee.submit(&seen, &format!("{first}/agenda"), &[("body", topic)]).await;
        assert_eq!(added.location(), format!("{first}#agenda"));
    }
    let page = coach.get(&first).await;
    let feedback = item_with(&page, "Feedback from the offsite");
    assert!(
        !item_with(&page, "Delegating the weekly report").contains("/delete\""),
        "only its author deletes a topic"
    );
    coach.submit(&page, &form_path(feedback, "/move"), &[("direction", "up")]).await;
    let page = coach.get(&first).await;
    let agenda = page.body.split("id=\"agenda\"").nth(1).expect("the agenda");
    let order = |text: &str| agenda.find(text).expect("a topic");
    assert!(order("Feedback from the offsite") < order("Delegating the weekly report"), "moved up");
    let feedback = item_with(&page, "Feedback from the offsite");
    coach.submit(&page, &form_path(feedback, "/discussed"), &[("discussed", "true")]).await;

    // An action for the coachee, due in three days: due this week.
    let due =
        Utc::now().date_naive().checked_add_days(Days::new(3)).expect("a day").format("%Y-%m-%d").to_string();
    let fields = [("body", "Ask two people for feedback"), ("due_on", due.as_str()), ("assignee", "coachee")];
    assert_eq!(coach.submit(&page, &format!("{first}/actions"), &fields).await.status, 303);

    // What was not discussed moves on; the next session starts with the open action.
    let page = coach.get(&first).await;
    let carried = coach.submit(&page, &format!("{first}/agenda/carry-over"), &[]).await;
    assert_eq!(carried.location(), format!("{first}#agenda"));
    assert!(coach.get(&first).await.body.contains("1 topic moved to the next session."));
    let upcoming = coachee.get(&next).await;
    let agenda = upcoming.body.split("id=\"agenda\"").nth(1).expect("the agenda");
    assert!(agenda.split("id=\"review\"").next().expect("agenda").contains("Delegating the weekly report"));
    let review = upcoming.body.split("id=\"review\"").nth(1).expect("a review of open actions");
    let action = review.split("</section>").next().expect("the review");
    assert!(action.contains("Ask two people for feedback") && action.contains("for coachee"), "{action}");

    // The coachee's dashboard answers "what now": it is due this week.
    let dashboard = coachee.get("/").await;
    let what_now = dashboard.body.split("id=\"what-now\"").nth(1).expect("what now");
    let what_now = what_now.split("</section>").next().expect("section");
    assert!(what_now.contains("Next:") && what_now.contains("Ask two people for feedback"), "{what_now}");

    // The coachee's Actions page has it due this week; the coach makes it shared and overdue.
    let actions = coachee.get("/actions").await;
    let this_week = actions.body.split("id=\"this-week\"").nth(1).expect("due this week");
    assert!(this_week.split("</section>").next().expect("section").contains("Ask two people for feedback"));
    let coach_actions = coach.get("/actions?show=all").await;
    let row = item_with(&coach_actions, "Ask two people for feedback");
    let yesterday = Utc::now().date_naive().pred_opt().expect("a day").format("%Y-%m-%d").to_string();
    let edit = [
        ("body", "Ask two people for feedback"),
        ("due_on", yesterday.as_str()),
        ("assignee", "both"),
        ("status", "in_progress"),
        ("goal_id", ""),
    ];
    let saved = coach.submit(&coach_actions, &form_path(row, "/edit"), &edit).await;
    assert_eq!(saved.location(), "/actions");
    let actions = coachee.get("/actions").await;
    let overdue = actions.body.split("id=\"overdue\"").nth(1).expect("overdue");
    let overdue = overdue.split("</section>").next().expect("section");
    assert!(overdue.contains("Ask two people for feedback") && overdue.contains("for both"), "{overdue}");

    // Done, it leaves the open lists and the next session's review.
    let row = item_with(&actions, "Ask two people for feedback");
    coachee.submit(&actions, &form_path(row, "/status"), &[("status", "completed")]).await;
    assert!(!coachee.get("/actions").await.body.contains("Ask two people for feedback"));
    assert!(coachee.get("/actions?status=done").await.body.contains("Ask two people for feedback"));
    assert!(!coachee.get(&next).await.body.contains("Ask two people for feedback"));
}

#[tokio::test]
async fn a_relationships_goals_show_their_progress_history_and_sessions() {
    let stack = Stack::start().await;
    let (coach, session, page) = stack.in_first_session("coach@example.com").await;
    let goals_link = page.first_link("/relationships/");
    assert!(goals_link.ends_with("/goals"), "{goals_link}");

    // A new goal for this session, reworded and moved on from the goals page.
    let relationship = goals_link.trim_start_matches("/relationships/").trim_end_matches("/goals");
    let fields = [("title", "Delegate more"), ("relationship_id", relationship)];
    let added = coach.submit(&page, &format!("{session}/goals"), &fields).await;
    assert_eq!(added.status, 303);
    let goals = coach.get(&goals_link).await;
    let card = goals.card_with("goal", "Delegate more");
    assert!(
        card.contains("No actions work towards it yet.") && card.contains("Not started · Casey Coach"),
        "{card}"
    );
    let edit = form_path(card, "/edit");
    let fields = [
        ("title", "Delegate the weekly report"),
        ("body", "Two reports a month"),
        ("target_date", "2031-03-31"),
        ("status", "in_progress"),
    ];
    assert_eq!(coach.submit(&goals, &edit, &fields).await.status, 303);
    let goals = coach.get(&goals_link).await;
    let card = goals.card_with("goal", "Delegate the weekly report");
    assert!(card.contains("target 31 Mar 2031") && card.contains("In progress · Casey Coach"), "{card}");
    assert!(card.contains(&format!("href=\"{session}\"")), "it came up in the session: {card}");

    // Unlinked from the session, it no longer names it.
    let page = coach.get(&session).await;
    let goal = item_with(&page, "Delegate the weekly report");
    coach.submit(&page, &form_path(goal, "/unlink"), &[]).await;
    let goals = coach.get(&goals_link).await;
    let card = goals.card_with("goal", "Delegate the weekly report");
    assert!(!card.contains(&format!("href=\"{session}\"")), "{card}");
}
