//! Headers, cookies and forms that keep visitors safe.

use crate::support::{PASSWORD, Stack, login_fields};

#[tokio::test]
async fn every_page_carries_the_security_headers() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    for path in ["/login", "/no/such/page", "/static/app.css"] {
        let page = browser.get(path).await;
        let header = |name: &str| {
            page.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or("").to_owned()
        };
        let policy = header("content-security-policy");
        for directive in
            ["default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'self'"]
        {
            assert!(policy.contains(directive), "{path}: CSP lacks {directive}: {policy}");
        }
        assert_eq!(header("x-frame-options"), "DENY", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
    }
}

#[tokio::test]
async fn forms_without_their_csrf_token_are_refused() {
    let stack = Stack::start().await;
    let browser = stack.logged_in("coach@example.com").await;
    let session = browser.first_session().await;

    let missing = browser.post(&format!("{session}/notes"), &[("body", "forged")]).await;
    assert_eq!(missing.status, 403);
    assert!(missing.body.contains("Form expired"));
    let wrong = browser
        .post(&format!("{session}/notes"), &[("csrf_token", &"0".repeat(64)), ("body", "forged")])
        .await;
    assert_eq!(wrong.status, 403);
    let login_without_token =
        stack.browser().post("/login", &[("email", "coach@example.com"), ("password", PASSWORD)]).await;
    assert_eq!(login_without_token.status, 403);
    assert!(!browser.get(&session).await.body.contains("forged"), "nothing was written");
}

#[tokio::test]
async fn cookies_are_http_only_and_same_site() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    let form = browser.get("/login").await;
    let csrf =
        form.set_cookies().into_iter().find(|cookie| cookie.starts_with("csrf=")).expect("csrf cookie");
    assert!(
        csrf.contains("HttpOnly") && csrf.contains("SameSite=Strict") && !csrf.contains("Secure"),
        "{csrf}"
    );
    let login =
        browser.submit(&form, "/login", &[("email", "coach@example.com"), ("password", PASSWORD)]).await;
    let login_cookie = login
        .set_cookies()
        .into_iter()
        .find(|cookie| cookie.starts_with("web_session="))
        .expect("login cookie");
    assert!(login_cookie.contains("HttpOnly") && login_cookie.contains("SameSite=Lax"), "{login_cookie}");
}

#[tokio::test]
async fn production_cookies_are_host_cookies_and_forms_come_from_the_public_origin() {
    const PUBLIC: &str = "https://coaching.example";
    let production = Stack::start_with(&[
        ("RUNTIME_ENV", "production".to_owned()),
        ("PUBLIC_WEB_ORIGIN", PUBLIC.to_owned()),
    ])
    .await;
    let form = production.browser().get("/login").await;
    let csrf = form
        .set_cookies()
        .into_iter()
        .find(|cookie| cookie.starts_with("__Host-csrf="))
        .expect("pre-login cookie");
    assert!(csrf.contains("Secure") && csrf.contains("Path=/") && !csrf.contains("Domain"), "{csrf}");
    let pre_login = form.cookie_set("__Host-csrf");
    let token = form.csrf_token();
    let fields = login_fields(&token, "coach@example.com");

    // The configured origin is the site's, not whatever the request was sent to.
    let here = production.web.base_url.as_str();
    let refused = production.post_with_cookie(Some(here), "/login", &pre_login, &fields).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    // A cookie without the prefix, as a plain-http page or a subdomain could plant, does not count.
    let plain = format!("csrf={token}");
    let refused = production.post_with_cookie(Some(PUBLIC), "/login", &plain, &fields).await;
    assert_eq!(refused.status, 403, "{}", refused.body);

    let login = production.post_with_cookie(Some(PUBLIC), "/login", &pre_login, &fields).await;
    assert_eq!((login.status.as_u16(), login.location()), (303, "/"), "{}", login.body);
    let login_cookie = login
        .set_cookies()
        .into_iter()
        .find(|cookie| cookie.starts_with("__Host-web_session="))
        .expect("login cookie");
    assert!(
        login_cookie.contains("Secure")
            && login_cookie.contains("HttpOnly")
            && login_cookie.contains("Path=/"),
        "{login_cookie}"
    );
    let signed_in = login.cookie_set("__Host-web_session");
    assert_eq!(production.get_with_cookie("/", &signed_in).await.status, 200, "the login works");
    let unprefixed = signed_in.trim_start_matches("__Host-");
    assert_eq!(production.get_with_cookie("/", unprefixed).await.status, 303, "only __Host- cookies count");

    // Error answers too: being sent to log in forgets the login cookie, over HTTPS only.
    let bounced = production.browser().get("/").await;
    let removals = bounced.set_cookies();
    assert!(removals.iter().any(|cookie| cookie.starts_with("__Host-web_session=")), "{removals:?}");
    assert!(removals.iter().all(|cookie| cookie.contains("Secure")), "{removals:?}");
}

#[tokio::test]
async fn a_planted_csrf_cookie_cannot_forge_a_signed_in_form() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    let victim_login = browser.login("coach@example.com", PASSWORD, "/").await.cookie_set("web_session");
    let session = browser.first_session().await;
    let notes = format!("{session}/notes");

    // A page on another port of this host planted `csrf` (sent first) and posts the same value.
    let planted = "a".repeat(64);
    let cookie = format!("csrf={planted}; {victim_login}");
    let forged = stack
        .post_with_cookie(None, &notes, &cookie, &[("csrf_token", &planted), ("body", "planted note")])
        .await;
    assert_eq!(forged.status, 403, "{}", forged.body);

    let page = browser.get(&session).await;
    let added = browser.submit(&page, &notes, &[("body", "a note by the coach")]).await;
    assert_eq!(added.status, 303, "the real form still works: {}", added.body);
    let shown = browser.get(&session).await.body;
    assert!(shown.contains("a note by the coach"), "{shown}");
    assert!(!shown.contains("planted note"), "nothing forged was written");
}

#[tokio::test]
async fn a_token_from_another_login_is_refused() {
    let stack = Stack::start().await;
    let browser = stack.logged_in("coach@example.com").await;
    let session = browser.first_session().await;
    let notes = format!("{session}/notes");
    let earlier = browser.get(&session).await;

    // The same browser logs in again: the earlier login's token no longer fits.
    assert_eq!(browser.login("coach@example.com", PASSWORD, "/").await.location(), "/");
    let stale = browser.submit(&earlier, &notes, &[("body", "with an earlier login's token")]).await;
    assert_eq!(stale.status, 403, "{}", stale.body);

    // Someone else's login hands out tokens that fit only theirs (every signed-in page has one).
    let other = stack.logged_in("coachee@example.com").await;
    let others_page = other.get("/").await;
    let foreign = browser.submit(&others_page, &notes, &[("body", "with another person's token")]).await;
    assert_eq!(foreign.status, 403, "{}", foreign.body);

    let shown = browser.get(&session).await.body;
    assert!(!shown.contains("earlier login") && !shown.contains("another person"), "nothing was written");
}

#[tokio::test]
async fn forms_posted_from_another_origin_are_refused() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    let form = browser.get("/login").await;
    let token = form.csrf_token();
    let fields = login_fields(&token, "coach@example.com");
    // Another port of this host, another site, a sandboxed frame or `data:` page.
    for origin in ["http://127.0.0.1:1", "http://evil.example", "null"] {
        let refused = browser.post_from(origin, "/login", &fields).await;
        assert_eq!(refused.status, 403, "{origin}: {}", refused.body);
        assert!(refused.body.contains("another site"), "{origin}: {}", refused.body);
        assert!(!refused.set_cookies().iter().any(|cookie| cookie.starts_with("web_session=")), "{origin}");
    }
    let login = browser.post_from(&stack.web.base_url, "/login", &fields).await;
    assert_eq!((login.status.as_u16(), login.location()), (303, "/"), "same origin: {}", login.body);

    let session = browser.first_session().await;
    let token = browser.get(&session).await.csrf_token();
    let notes = format!("{session}/notes");
    let fields = [("csrf_token", token.as_str()), ("body", "cross-origin note")];
    let refused = browser.post_from("http://127.0.0.1:1", &notes, &fields).await;
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(!browser.get(&session).await.body.contains("cross-origin note"), "nothing was written");
    let added = browser.post_from(&stack.web.base_url, &notes, &fields).await;
    assert_eq!(added.status, 303, "same origin: {}", added.body);
}

#[tokio::test]
async fn login_never_redirects_to_another_site() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    let login = browser.login("coach@example.com", PASSWORD, "//evil.example/steal").await;
    assert_eq!(login.location(), "/");
}

#[tokio::test]
async fn login_keeps_next_on_this_site_whatever_its_encoding() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    // As a browser sends them: each must land on `/`, never elsewhere.
    for next in [
        "/%09/evil.example",
        "/%0A/evil.example",
        "%2F%2Fevil.example",
        "/%5Cevil.example",
        "https://evil.example",
    ] {
        let form = browser.get(&format!("/login?next={next}")).await;
        assert_eq!(form.value_after("name=\"next\" value=\""), "/", "{next}: the form carries it");
        let login = browser
            .submit(
                &form,
                "/login",
                &[("email", "coach@example.com"), ("password", PASSWORD), ("next", next)],
            )
            .await;
        assert_eq!(login.status, 303, "{next}");
        assert_eq!(login.location(), "/", "{next}");
        // The form field decoded once more, as a forged post would send it.
        let decoded = next.replace("%09", "\t").replace("%0A", "\n").replace("%2F", "/").replace("%5C", "\\");
        let form = browser.get("/login").await;
        let login = browser
            .submit(
                &form,
                "/login",
                &[("email", "coach@example.com"), ("password", PASSWORD), ("next", &decoded)],
            )
            .await;
        assert_eq!(login.location(), "/", "{decoded:?}");
    }
    let form = browser.get("/login?next=/sessions").await;
    let login = browser
        .submit(
            &form,
            "/login",
            &[("email", "coach@example.com"), ("password", PASSWORD), ("next", "/sessions")],
        )
        .await;
    assert_eq!(login.location(), "/sessions", "a path on this site is kept");
}

#[tokio::test]
async fn a_malformed_login_cookie_is_no_login() {
    let stack = Stack::start().await;
    for cookie in ["web_session=zz%00", "web_session=zz%01", "web_session=zz%0A", "web_session=a%3Bb%20c"] {
        let page = stack.get_with_cookie("/", cookie).await;
        assert_eq!(page.status, 303, "{cookie}: {}", page.body);
        assert!(page.location().starts_with("/login"), "{cookie}: {}", page.location());
    }
}

#[tokio::test]
async fn logging_in_again_ends_the_previous_login() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    let login_cookie = |page: &crate::support::Page| page.cookie_set("web_session");
    let first = login_cookie(&browser.login("coach@example.com", PASSWORD, "/").await);
    assert_eq!(stack.get_with_cookie("/", &first).await.status, 200, "the first login works");
    let second = login_cookie(&browser.login("coach@example.com", PASSWORD, "/").await);
    assert_ne!(first, second);
    let replaced = stack.get_with_cookie("/", &first).await;
    assert_eq!(replaced.status, 303, "the first login has ended");
    assert!(replaced.location().starts_with("/login"), "{}", replaced.location());
    assert_eq!(browser.get("/").await.status, 200, "the second login works");
}

#[tokio::test]
async fn oversize_forms_get_413_with_a_page_that_says_so() {
    let stack = Stack::start().await;
    let (browser, session, page) = stack.in_first_session("coach@example.com").await;
    let huge = "x".repeat(300 * 1024);
    let refused = browser.submit(&page, &format!("{session}/notes"), &[("body", &huge)]).await;
    assert_eq!(refused.status, 413, "{}", refused.body);
    assert!(refused.body.contains("Too much text"), "{}", refused.body);
    assert!(!browser.get(&session).await.body.contains(&huge[..1000]), "nothing was written");
}
