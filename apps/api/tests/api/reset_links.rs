//! Password reset links organization admins make for their members and hand over: the rule they
//! follow when made and again when used, and what retires them (issue 21, point 2).

use serde_json::json;

use crate::support::{Client, DEMO_PASSWORD, PERSON_PASSWORD, TestApi, World, invite};

const STRONG: &str = "violet kettle orbits quietly 1984";

fn reset_path(world: &World, user_id: &str) -> String {
    format!("/organizations/{}/members/{user_id}/password-reset", world.organization_id)
}

/// Makes a reset link as `admin` and returns its api path.
async fn make_link(world: &World, admin: &Client, user_id: &str) -> String {
    let link = admin.post(&reset_path(world, user_id), json!({})).await.expect(201);
    let path = link["link_path"].as_str().expect("link_path");
    let token =
        path.strip_prefix("/account/password/").unwrap_or_else(|| panic!("a web password link: {path}"));
    format!("/account/password-links/{token}")
}

/// The link no longer sets a password (410), and `email` still logs in with the one it had.
async fn assert_void(world: &World, link: &str, email: &str) {
    world.api.anonymous().post(link, json!({ "password": STRONG })).await.expect_error(410, "link_gone");
    assert_eq!(world.api.login_status(email, PERSON_PASSWORD).await, 200, "the password is unchanged");
}

#[tokio::test]
async fn an_admin_hands_a_member_a_link_that_sets_their_password_once() {
    let w = World::build().await;
    let named = w.org_admin.post(&reset_path(&w, &w.coach_id), json!({})).await.expect(201);
    assert_eq!((&named["first_name"], &named["last_name"]), (&json!("Test"), &json!("coach@matrix.test")));
    let link = make_link(&w, &w.org_admin, &w.coach_id).await;
    let anonymous = w.api.anonymous();
    assert_eq!(anonymous.get(&link).await.expect(200)["email"], "coach@matrix.test");
    anonymous.post(&link, json!({ "password": STRONG })).await.expect(204);
    w.coach.get("/me").await.expect_error(401, "session_expired");
    anonymous.post(&link, json!({ "password": STRONG })).await.expect_error(410, "link_gone");
    assert_eq!(w.api.login_status("coach@matrix.test", PERSON_PASSWORD).await, 401);

    let expired = make_link(&w, &w.org_admin, &w.coachee_id).await;
    w.api.sql("UPDATE one_time_links SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    anonymous.post(&expired, json!({ "password": STRONG })).await.expect_error(410, "link_gone");
}

#[tokio::test]
async fn reset_links_never_reach_beyond_what_the_admin_manages() {
    let w = World::build().await;
    let id_of = |email: &str| w.api.sql(&format!("SELECT id FROM users WHERE email = '{email}'"));
    let (super_admin_id, admin_id) = (id_of("admin@example.com"), id_of("org-admin@matrix.test"));
    let (organization, elsewhere) = (&w.organization_id, id_of("outsider@elsewhere.test"));
    let elsewhere_org = w
        .api
        .sql(&format!("SELECT organization_id FROM organization_memberships WHERE user_id = '{elsewhere}'"));
    w.api.sql(&format!(
        "INSERT INTO organization_memberships (organization_id, user_id, role) VALUES
         ('{organization}', '{super_admin_id}', 'member'), ('{elsewhere_org}', '{}', 'member')",
        w.coachee_id
    ));
    let refused = |reply: crate::support::Reply, what: &str| {
        assert_eq!(reply.status.as_u16(), 403, "{what}: {}", reply.body);
        assert_eq!(reply.body["error"], "forbidden", "{what}");
    };
    refused(w.org_admin.post(&reset_path(&w, &super_admin_id), json!({})).await, "a super admin");
    refused(w.org_admin.post(&reset_path(&w, &admin_id), json!({})).await, "oneself");
    refused(w.org_admin.post(&reset_path(&w, &w.coachee_id), json!({})).await, "a member of another org");
    // A super admin manages every organization, so that member is theirs to help.
    make_link(&w, &w.super_admin, &w.coachee_id).await;
    // Someone who is not a member here is not found here.
    w.org_admin.post(&reset_path(&w, &elsewhere), json!({})).await.expect_error(404, "not_found");
}

/// The reproduced takeover (issue 21, point 2): the admin of org X kept a fresh link for member T;
/// once T joined org Y, the link still set T's password and X's admin read Y's notes. A membership
/// change now retires the member's admin links.
#[tokio::test]
async fn a_reset_link_dies_when_the_member_joins_an_organization_the_admin_does_not_run() {
    let w = World::build().await;
    let link = make_link(&w, &w.org_admin, &w.coach_id).await;
    let elsewhere = w.api.sql("SELECT id FROM organizations WHERE name = 'Elsewhere'");
    let invitation = invite(&w.outsider, &elsewhere, "coach@matrix.test", "member").await;
    w.coach.post(&format!("{invitation}/accept"), json!({})).await.expect(204);

    assert_void(&w, &link, "coach@matrix.test").await;
}

/// Any change of the member's membership or role retires it, and a member has one admin link at a time.
#[tokio::test]
async fn a_role_change_or_a_newer_link_retires_an_admin_link() {
    let w = World::build().await;
    let older = make_link(&w, &w.org_admin, &w.coach_id).await;
    let newer = make_link(&w, &w.org_admin, &w.coach_id).await;
    w.api.anonymous().get(&older).await.expect_error(410, "link_gone");
    w.api.anonymous().get(&newer).await.expect(200);
    let role = format!("/organizations/{}/members/{}", w.organization_id, w.coach_id);
    w.org_admin.put(&role, json!({ "role": "admin" })).await.expect(200);
    w.api.anonymous().get(&newer).await.expect_error(410, "link_gone");
}

/// What no membership change shows, the rule sees when the link is used: the admin's account was
/// deactivated, or the member became a super admin.
#[tokio::test]
async fn a_reset_link_is_checked_again_when_it_is_used() {
    let w = World::build().await;
    let link = make_link(&w, &w.org_admin, &w.coach_id).await;
    let admin_id = w.api.sql("SELECT id FROM users WHERE email = 'org-admin@matrix.test'");
    w.super_admin.post(&format!("/users/{admin_id}/deactivate"), json!({})).await.expect(200);
    w.api.anonymous().post(&link, json!({ "password": STRONG })).await.expect_error(410, "link_gone");

    let link = make_link(&w, &w.super_admin, &w.coachee_id).await;
    w.api.sql(&format!("UPDATE users SET is_super_admin = true WHERE id = '{}'", w.coachee_id));
    assert_void(&w, &link, "coachee@matrix.test").await;
}

/// The member learns by mail that an admin made a link that sets their password; the mail holds
/// no link, and names the organization and the admin in quotes.
#[tokio::test]
async fn the_member_is_told_by_mail_when_a_link_is_made() {
    let (api, mail) = TestApi::start_seeded_with_mail().await;
    let admin = api.login("admin@example.com", DEMO_PASSWORD).await;
    let organization = api.sql("SELECT id FROM organizations WHERE slug = 'acme-coaching'");
    let member = api.sql("SELECT id FROM users WHERE email = 'coachee2@example.com'");
    let made = admin
        .post(&format!("/organizations/{organization}/members/{member}/password-reset"), json!({}))
        .await;
    assert!(made.expect(201)["link_path"].is_string(), "the admin hands the link over");
    let notice = mail.message_to("coachee2@example.com").await;
    assert!(notice.links().is_empty(), "no link in the notice: {}", notice.text);
    assert!(
        notice.text.contains("\u{201c}Acme Coaching\u{201d}")
            && notice.text.contains("\u{201c}Alex Admin\u{201d}"),
        "{}",
        notice.text
    );
}
