//! People management: super admins create organizations with their first admin, organization
//! admins pair coaches with coachees and end pairings, and the navigation offers each person the
//! pages the api lets them use.

use crate::support::{Browser, Stack};

const STRONG: &str = "violet kettle orbits quietly 1984";

/// Makes `email` an admin of the organization `slug` (the seed has no organization admin who is
/// not also a super admin).
fn promote(stack: &Stack, email: &str, slug: &str) {
    stack
        .database
        .sql(&format!(
            "UPDATE organization_memberships SET role = 'admin'
             WHERE user_id = (SELECT id FROM users WHERE email = '{email}')
               AND organization_id = (SELECT id FROM organizations WHERE slug = '{slug}')"
        ))
        .expect("sql");
}

#[tokio::test]
async fn a_super_admin_creates_an_organization_and_invites_its_first_admin() {
    let stack = Stack::start().await;
    let admin = stack.logged_in("admin@example.com").await;
    let page = admin.get("/admin/organizations").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Acme Coaching") && page.body.contains("Northwind Leadership"));

    let fields = [("name", "Harbor Coaching"), ("admin_email", "olive@example.com")];
    assert_eq!(admin.post("/admin/organizations", &fields).await.status, 403, "CSRF");

    // Refusals are shown next to the field at fault, with what was typed kept; no organization is
    // left without its admin.
    for (name, email, reason, field) in [
        (" ", "olive@example.com", "Name: name must not be empty", "organization-name"),
        ("Harbor Coaching", "olive", "is not an email address", "organization-admin-email"),
    ] {
        let refused =
            admin.submit(&page, "/admin/organizations", &[("name", name), ("admin_email", email)]).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains(reason), "{}", refused.body);
        assert!(refused.body.contains(&format!("aria-describedby=\"{field}-error\"")), "{}", refused.body);
        assert!(refused.body.contains(&format!("value=\"{email}\"")), "{}", refused.body);
        assert!(!refused.body.contains(&format!("<td>{name}</td>")), "{}", refused.body);
    }

    // Without a mailer the invitation link is shown to hand over.
    let created = admin.submit(&page, "/admin/organizations", &fields).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(created.body.contains("olive@example.com"), "{}", created.body);
    let link = created.first_link("/invitations/");
    assert!(admin.get("/admin/organizations").await.body.contains("<td>Harbor Coaching</td>"));

    let olive = stack.browser();
    let form = olive.get(&link).await;
    assert!(form.body.contains("Harbor Coaching"), "{}", form.body);
    let fields =
        [("first_name", "Olive"), ("last_name", "Owner"), ("password", STRONG), ("confirmation", STRONG)];
    assert_eq!(olive.submit(&form, &link, &fields).await.location(), "/login");
    assert_eq!(olive.login("olive@example.com", STRONG, "/").await.location(), "/");

    // The first admin manages the new organization, and nothing of the platform.
    let dashboard = olive.get("/").await;
    let members = dashboard.first_link("/organizations/");
    assert!(members.ends_with("/members"), "{members}");
    let members_page = olive.get(&members).await;
    assert_eq!(members_page.status, 200);
    assert!(
        members_page.body.contains("Members of Harbor Coaching") && members_page.body.contains("Olive Owner")
    );
    assert_eq!(olive.get("/admin/organizations").await.status, 403);
}

#[tokio::test]
async fn with_mail_set_up_the_first_admin_gets_the_invitation_by_email() {
    let (stack, mail) = Stack::start_with_mail().await;
    let admin = stack.logged_in("admin@example.com").await;
    let page = admin.get("/admin/organizations").await;
    let fields = [("name", "Harbor Coaching"), ("admin_email", "olive@example.com")];
    let created = admin.submit(&page, "/admin/organizations", &fields).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert!(
        created.body.contains("Invitation emailed to <strong>olive@example.com</strong>"),
        "{}",
        created.body
    );
    assert!(!created.body.contains("href=\"/invitations/"), "the link goes only to the invited address");

    let message = mail.message_to("olive@example.com").await;
    assert!(message.text.contains("Harbor Coaching"), "{}", message.text);
    let link = message.links()[0];
    let path = &link[link.find("/invitations/").unwrap_or_else(|| panic!("{link}"))..];
    let form = stack.browser().get(path).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("Harbor Coaching") && form.body.contains("Create my account"),
        "{}",
        form.body
    );
}

#[tokio::test]
async fn a_mail_that_cannot_go_out_is_reported_on_the_form_and_creates_nothing() {
    let stack = Stack::start_with_unreachable_mail().await;
    let admin = stack.logged_in("admin@example.com").await;
    let page = admin.get("/admin/organizations").await;
    let fields = [("name", "Quiet Coaching"), ("admin_email", "quinn@example.com")];
    let refused = admin.submit(&page, "/admin/organizations", &fields).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("No mail could be sent"), "{}", refused.body);
    assert!(refused.body.contains("try again later"), "{}", refused.body);
    let left =
        stack.database.sql("SELECT count(*) FROM organizations WHERE name = 'Quiet Coaching'").expect("sql");
    assert_eq!(left, "0", "the organization went again with its invitation");
}

#[tokio::test]
async fn only_super_admins_reach_the_organizations_page() {
    let stack = Stack::start().await;
    promote(&stack, "coach2@example.com", "northwind-leadership");
    for email in ["coach@example.com", "coach2@example.com"] {
        let browser = stack.logged_in(email).await;
        let page = browser.get("/admin/organizations").await;
        assert_eq!(page.status, 403, "{email}: {}", page.body);
        assert!(!page.body.contains("Acme Coaching"), "{email} sees no organization list");
        let dashboard = browser.get("/").await;
        let fields = [("name", "Sneaky Org"), ("admin_email", "sneaky@example.com")];
        let refused = browser.submit(&dashboard, "/admin/organizations", &fields).await;
        assert_eq!(refused.status, 403, "{email}: the api refuses to create it");
    }
    let admin = stack.logged_in("admin@example.com").await;
    assert!(!admin.get("/admin/organizations").await.body.contains("Sneaky Org"));
}

#[tokio::test]
async fn the_organizations_list_is_paged() {
    let stack = Stack::start().await;
    stack
        .database
        .sql(
            "INSERT INTO organizations (name, slug)
             SELECT 'Bulk Org ' || lpad(n::text, 3, '0'), 'bulk-org-' || n FROM generate_series(1, 70) n",
        )
        .expect("sql");
    let admin = stack.logged_in("admin@example.com").await;
    let count = |page: &str| page.matches("<td>Bulk Org ").count();
    let mut page = admin.get("/admin/organizations").await;
    let (mut seen, mut pages) = (count(&page.body), 1);
    while page.body.contains("href=\"/admin/organizations?cursor=") {
        let cursor = page.value_after("href=\"/admin/organizations?cursor=");
        page = admin.get(&format!("/admin/organizations?cursor={cursor}")).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(count(&page.body) > 0, "{}", page.body);
        (seen, pages) = (seen + count(&page.body), pages + 1);
    }
    assert!(pages > 1, "more than one page");
    assert_eq!(seen, 70, "every organization once");
}

#[tokio::test]
async fn the_navigation_offers_what_each_role_may_use() {
    let stack = Stack::start().await;
    promote(&stack, "coach2@example.com", "northwind-leadership");
    let links = |page: &crate::support::Page| {
        [
            "href=\"/\"",
            "href=\"/account\"",
            "/members\"",
            "/relationships\"",
            "/admin/organizations\"",
            "/admin/users\"",
        ]
        .map(|link| page.body.contains(link))
    };

    let member = stack.logged_in("coach@example.com").await.get("/").await;
    assert_eq!(links(&member), [true, true, false, false, false, false], "a member:\n{}", member.body);
    assert!(member.body.contains("Log out"));

    let organization_admin = stack.logged_in("coach2@example.com").await.get("/").await;
    assert_eq!(links(&organization_admin), [true, true, true, true, false, false]);
    assert_eq!(
        organization_admin.body.matches("/members\"").count(),
        2,
        "the nav and the dashboard, one organization"
    );
    assert!(organization_admin.body.contains("Northwind Leadership:"));

    let super_admin = stack.logged_in("admin@example.com").await.get("/").await;
    assert_eq!(links(&super_admin), [true, true, true, true, true, true]);
}

#[tokio::test]
async fn an_admin_pairs_a_coach_with_a_coachee_and_ends_the_pairing() {
    let stack = Stack::start().await;
    promote(&stack, "coach2@example.com", "northwind-leadership");
    let admin = stack.logged_in("coach2@example.com").await;
    let members = admin.get("/").await.first_link("/organizations/");
    let pairings = members.replace("/members", "/relationships");
    assert!(
        admin.get(&members).await.body.contains(&format!("href=\"{pairings}\"")),
        "the members page links"
    );
    let page = admin.get(&pairings).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Pairings in Northwind Leadership") && page.body.contains("Sam Patel"));

    // Every member is offered as coach and as coachee, by name and email.
    let id_of = |page: &str, label: &str| {
        let end = page.find(&format!("\">{label}")).unwrap_or_else(|| panic!("no {label} option:\n{page}"));
        page[..end].rsplit('"').next().unwrap_or_default().to_owned()
    };
    let casey = id_of(&page.body, "Casey Coach (coach@example.com)");
    let sam = id_of(&page.body, "Sam Patel (coachee3@example.com)");
    let pair = [("coach_id", casey.as_str()), ("coachee_id", sam.as_str())];
    assert_eq!(admin.post(&pairings, &pair).await.status, 403, "CSRF");

    let myself = admin.submit(&page, &pairings, &[("coach_id", &casey), ("coachee_id", &casey)]).await;
    assert_eq!((myself.status.as_u16(), myself.location()), (303, pairings.as_str()));
    assert!(admin.get(&pairings).await.body.contains("two different people"));
    let unchosen = admin.submit(&page, &pairings, &[("coach_id", &casey), ("coachee_id", "")]).await;
    assert_eq!(unchosen.location(), pairings);
    assert!(admin.get(&pairings).await.body.contains("Choose a coachee."));

    let paired = admin.submit(&page, &pairings, &pair).await;
    assert_eq!((paired.status.as_u16(), paired.location()), (303, pairings.as_str()));
    let page = admin.get(&pairings).await;
    assert!(page.body.contains("Paired."), "{}", page.body);
    assert!(admin.submit(&page, &pairings, &pair).await.status == 303);
    assert!(admin.get(&pairings).await.body.contains("already coaches this coachee"), "no second pairing");

    // The coach now schedules with Sam.
    let coach = stack.logged_in("coach@example.com").await;
    let dashboard = coach.get("/").await;
    assert!(dashboard.body.contains("Sam Patel (Northwind Leadership)</option>"), "{}", dashboard.body);

    // Ending: the pairing stays, labelled, read-only; nobody schedules in it.
    let page = admin.get(&pairings).await;
    let casey_row = |page: &str| {
        let start = page.find("<td>Casey Coach</td>").expect("Casey's pairing is listed");
        page[start..page[start..].find("</tr>").map_or(page.len(), |end| start + end)].to_owned()
    };
    let row = casey_row(&page.body);
    let end = row.split("action=\"").nth(1).and_then(|rest| rest.split('"').next()).expect("an end button");
    assert!(end.starts_with(&pairings) && end.ends_with("/end"), "{end}");
    assert_eq!(admin.post(end, &[]).await.status, 403, "CSRF");
    let ended = admin.submit(&page, end, &[]).await;
    assert_eq!((ended.status.as_u16(), ended.location()), (303, pairings.as_str()));
    let page = admin.get(&pairings).await;
    assert!(page.body.contains("Pairing ended."), "{}", page.body);
    let row = casey_row(&page.body);
    assert!(row.contains("status-ended\">Ended ") && !row.contains("action="), "{row}");

    let dashboard = coach.get("/").await;
    assert!(
        dashboard
            .body
            .contains("Sam Patel <span>Northwind Leadership</span> <span class=\"status-ended\">Ended ")
    );
    assert!(
        !dashboard.body.contains("Sam Patel (Northwind Leadership)</option>"),
        "no scheduling in an ended pairing"
    );

    // Members who do not administer the organization may not manage its pairings.
    let sam_browser: Browser = stack.logged_in("coachee3@example.com").await;
    assert_eq!(sam_browser.get(&pairings).await.status, 403);
    let outsider = stack.logged_in("coachee2@example.com").await;
    assert_eq!(outsider.get(&pairings).await.status, 404);
}
