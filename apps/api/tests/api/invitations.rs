//! Invitations (issue 10): an admin invites an email with a role and hands over the link; a new
//! person chooses their own name and password, an existing account accepts signed in. Nobody
//! sets another person's password, so the reproduced account takeover has no path left.

use serde_json::{Value, json};

use crate::support::{PERSON_PASSWORD, World, invite};

fn new_account() -> Value {
    json!({ "first_name": "Xavier", "last_name": "Doe", "password": PERSON_PASSWORD })
}

fn invitations(organization: &str) -> String {
    format!("/organizations/{organization}/invitations")
}

#[tokio::test]
async fn a_link_works_once_and_its_replay_is_gone() {
    let w = World::build().await;
    let link = invite(&w.org_admin, &w.organization_id, "x@example.com", "member").await;
    let offer = w.api.anonymous().get(&link).await.expect(200);
    assert_eq!(
        offer,
        json!({ "organization_name": "Matrix Org", "email": "x@example.com", "role": "member" })
    );
    w.api.anonymous().post(&link, new_account()).await.expect(204);

    let x = w.api.login("x@example.com", PERSON_PASSWORD).await;
    let me = x.get("/me").await.expect(200);
    assert_eq!(me["first_name"], "Xavier");
    assert_eq!(me["memberships"][0]["organization_id"], w.organization_id.as_str());

    w.api.anonymous().get(&link).await.expect_error(410, "link_gone");
    w.api.anonymous().post(&link, new_account()).await.expect_error(410, "link_gone");
    x.post(&format!("{link}/accept"), json!({})).await.expect_error(410, "link_gone");
    let pending = w.org_admin.get(&invitations(&w.organization_id)).await.expect(200);
    assert_eq!(pending["items"], json!([]), "an accepted invitation is no longer pending");
}

#[tokio::test]
async fn an_expired_link_is_gone() {
    let w = World::build().await;
    let link = invite(&w.org_admin, &w.organization_id, "late@example.com", "member").await;
    w.api.sql(
        "UPDATE invitations SET expires_at = now() - interval '1 second' WHERE email = 'late@example.com'",
    );
    w.api.anonymous().get(&link).await.expect_error(410, "link_gone");
    w.api.anonymous().post(&link, new_account()).await.expect_error(410, "link_gone");
    assert_eq!(w.api.sql("SELECT count(*) FROM users WHERE email = 'late@example.com'"), "0");
}

#[tokio::test]
async fn admins_list_and_revoke_pending_invitations() {
    let w = World::build().await;
    let list = invitations(&w.organization_id);
    let first = invite(&w.org_admin, &w.organization_id, "a@example.com", "member").await;
    let link = invite(&w.org_admin, &w.organization_id, "b@example.com", "admin").await;

    let page = w.org_admin.get(&format!("{list}?limit=1")).await.expect(200);
    assert_eq!(page["items"][0]["email"], "a@example.com");
    assert!(page["items"][0].get("link_path").is_none(), "the list never shows links: {page}");
    let cursor = page["next_cursor"].as_str().expect("a next page");
    let rest = w.org_admin.get(&format!("{list}?limit=1&cursor={cursor}")).await.expect(200);
    assert_eq!((&rest["items"][0]["email"], &rest["next_cursor"]), (&json!("b@example.com"), &Value::Null));

    let revoke = format!("{list}/{}", rest["items"][0]["invitation_id"].as_str().expect("id"));
    w.org_admin.delete(&revoke).await.expect(204);
    w.api.anonymous().get(&link).await.expect_error(410, "link_gone");
    w.api.anonymous().post(&link, new_account()).await.expect_error(410, "link_gone");
    w.org_admin.delete(&revoke).await.expect_error(404, "not_found");
    let left = w.org_admin.get(&list).await.expect(200);
    assert_eq!(left["items"].as_array().map(Vec::len), Some(1), "{left}");

    // Inviting the same email again replaces the pending invitation: only the newest link works.
    let newest = invite(&w.org_admin, &w.organization_id, "a@example.com", "member").await;
    w.api.anonymous().get(&first).await.expect_error(410, "link_gone");
    w.api.anonymous().get(&newest).await.expect(200);
}

#[tokio::test]
async fn only_the_invited_account_accepts() {
    let w = World::build().await;
    let elsewhere = w.api.sql("SELECT id FROM organizations WHERE name = 'Elsewhere'");
    let link = invite(&w.outsider, &elsewhere, "coach@matrix.test", "member").await;
    let accept = format!("{link}/accept");

    w.api.anonymous().post(&accept, json!({})).await.expect_error(401, "unauthenticated");
    w.coachee.post(&accept, json!({})).await.expect_error(403, "wrong_account");
    // Nobody creates an account over the existing one either; the answer does not say it exists.
    w.api.anonymous().post(&link, new_account()).await.expect(204);
    assert_eq!(w.api.sql("SELECT first_name FROM users WHERE email = 'coach@matrix.test'"), "Test");
    let joined =
        format!("SELECT count(*) FROM organization_memberships WHERE organization_id = '{elsewhere}'");
    assert_eq!(w.api.sql(&joined), "1", "only the outsider is a member");

    // The refusals did not use the link up: the invited account still accepts.
    w.coach.post(&accept, json!({})).await.expect(204);
    assert_eq!(w.api.sql(&joined), "2");
    let me = w.coach.get("/me").await.expect(200);
    assert_eq!(me["memberships"].as_array().map(Vec::len), Some(2), "{me}");
}

#[tokio::test]
async fn the_answer_is_the_same_whether_or_not_the_email_has_an_account() {
    let w = World::build().await;
    let list = invitations(&w.organization_id);
    let existing = w
        .org_admin
        .post(&list, json!({ "email": "outsider@elsewhere.test", "role": "member" }))
        .await
        .expect(201);
    let fresh =
        w.org_admin.post(&list, json!({ "email": "nobody@example.com", "role": "member" })).await.expect(201);
    let shape = |answer: &Value| {
        let mut keys: Vec<_> = answer.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(shape(&existing), shape(&fresh), "{existing} vs {fresh}");
    assert!(!existing.to_string().contains("Test"), "the answer names the account's owner: {existing}");
}

/// The no-mail mode: the admin holds the link, so the link cannot show whether the email has an
/// account, and an account made through it is not taken to own the address.
#[tokio::test]
async fn a_handed_over_link_reveals_no_account_and_makes_an_unverified_one() {
    let w = World::build().await;
    let verified = "SELECT email_verified FROM users WHERE email = 'outsider@elsewhere.test'";
    let outsider_verified = w.api.sql(verified);
    let existing = invite(&w.org_admin, &w.organization_id, "outsider@elsewhere.test", "member").await;
    let fresh = invite(&w.org_admin, &w.organization_id, "fresh@example.com", "member").await;
    let offers = [w.api.anonymous().get(&existing).await, w.api.anonymous().get(&fresh).await];
    let keys = |offer: &Value| offer.as_object().expect("an object").keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&offers[0].body), keys(&offers[1].body), "the same shape for both");
    assert!(offers.iter().all(|offer| offer.body.get("new_account").is_none()), "{:?}", offers[0].body);
    // Joining answers alike; only the new address gets an account, marked unverified.
    w.api.anonymous().post(&existing, new_account()).await.expect(204);
    w.api.anonymous().post(&fresh, new_account()).await.expect(204);
    assert_eq!(w.api.sql("SELECT email_verified FROM users WHERE email = 'fresh@example.com'"), "f");
    assert_eq!(w.api.sql(verified), outsider_verified, "the existing account is untouched");
    let members = w.org_admin.get(&format!("/organizations/{}/members", w.organization_id)).await.expect(200);
    let fresh_member = members["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|member| member["email"] == "fresh@example.com")
        .expect("the new member is listed");
    assert_eq!(fresh_member["email_verified"], false, "admins see the address is unproven: {fresh_member}");
    // A super admin vouches for the address.
    let id = fresh_member["user_id"].as_str().expect("an id");
    w.org_admin.post(&format!("/users/{id}/confirm-email"), json!({})).await.expect_error(403, "forbidden");
    let confirmed = w.super_admin.post(&format!("/users/{id}/confirm-email"), json!({})).await.expect(200);
    assert_eq!(confirmed["email_verified"], true, "{confirmed}");
}

#[tokio::test]
async fn a_new_person_s_choices_are_checked() {
    let w = World::build().await;
    let link = invite(&w.org_admin, &w.organization_id, "new@example.com", "member").await;
    for body in [
        json!({ "first_name": "N", "last_name": "N", "password": "short" }),
        json!({ "first_name": "N", "last_name": "N", "password": "password1234" }),
        json!({ "first_name": "", "last_name": "N", "password": PERSON_PASSWORD }),
        json!({ "first_name": "N", "last_name": "N", "password": PERSON_PASSWORD, "timezone": "Mars/Base" }),
    ] {
        w.api.anonymous().post(&link, body).await.expect_error(422, "validation_failed");
    }
    // Refused attempts leave the link usable.
    w.api.anonymous().post(&link, new_account()).await.expect(204);
}

/// The reproduced takeover: org A's admin "created" x with a password of their choice, removed x,
/// and logged in as x once org B had added x. Now A's admin never learns x's password: x chooses
/// it, the old endpoint that took a password is gone, and a link A holds for the existing account
/// does nothing without x's login.
#[tokio::test]
async fn an_admin_cannot_take_over_an_account_they_invited() {
    let w = World::build().await;
    let org_a = &w.organization_id;
    let members_a = format!("/organizations/{org_a}/members");
    let chosen_by_a = "admin chosen passphrase for x";
    let old_path = json!({ "email": "x@example.com", "role": "member", "first_name": "X", "last_name": "Y", "password": chosen_by_a });
    let reply = w.org_admin.post(&members_a, old_path).await;
    assert_eq!(reply.status.as_u16(), 405, "members are invited, not created: {}", reply.body);

    // A invites x; x chooses their own password. A then removes x.
    let link = invite(&w.org_admin, org_a, "x@example.com", "member").await;
    let own = "x's very own passphrase";
    w.api
        .anonymous()
        .post(&link, json!({ "first_name": "X", "last_name": "", "password": own }))
        .await
        .expect(204);
    let x_id =
        w.api.login("x@example.com", own).await.get("/me").await.ok()["id"].as_str().expect("id").to_owned();
    w.org_admin.delete(&format!("{members_a}/{x_id}")).await.expect(204);

    // B adds x, who accepts signed in.
    let elsewhere = w.api.sql("SELECT id FROM organizations WHERE name = 'Elsewhere'");
    let b_link = invite(&w.outsider, &elsewhere, "x@example.com", "member").await;
    w.api.login("x@example.com", own).await.post(&format!("{b_link}/accept"), json!({})).await.expect(204);

    // A, holding a fresh link for x, still cannot set x's password nor act as x.
    let a_link = invite(&w.org_admin, org_a, "x@example.com", "member").await;
    let takeover = json!({ "first_name": "X", "last_name": "", "password": chosen_by_a });
    w.api.anonymous().post(&a_link, takeover).await.expect(204);
    w.org_admin.post(&format!("{a_link}/accept"), json!({})).await.expect_error(403, "wrong_account");
    w.api
        .anonymous()
        .post("/login", json!({ "email": "x@example.com", "password": chosen_by_a }))
        .await
        .expect_error(401, "invalid_credentials");
    w.api.login("x@example.com", own).await.get("/me").await.expect(200);
}
