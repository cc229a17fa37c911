//! Password reset links organization admins make for their members and hand over.

use serde_json::json;

use crate::support::{Client, PERSON_PASSWORD, World};

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
    let login = json!({ "email": "coach@matrix.test", "password": PERSON_PASSWORD });
    assert_eq!(anonymous.post("/login", login).await.status.as_u16(), 401);

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
