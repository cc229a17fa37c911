//! Headers, cookies and forms that keep visitors safe.

use crate::support::{PASSWORD, Stack};

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
    let session = browser.get("/").await.session_links().into_iter().next().expect("a session");

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
    let session = login
        .set_cookies()
        .into_iter()
        .find(|cookie| cookie.starts_with("web_session="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");

    let production = Stack::start_with(&[("RUNTIME_ENV", "production".to_owned())]).await;
    let form = production.browser().get("/login").await;
    let csrf =
        form.set_cookies().into_iter().find(|cookie| cookie.starts_with("csrf=")).expect("csrf cookie");
    assert!(csrf.contains("Secure"), "production cookies are Secure: {csrf}");
    // Error answers too: being sent to log in forgets the login cookie, over HTTPS only.
    let bounced = production.browser().get("/").await;
    let removals = bounced.set_cookies();
    assert!(removals.iter().any(|cookie| cookie.starts_with("web_session=")), "{removals:?}");
    assert!(removals.iter().all(|cookie| cookie.contains("Secure")), "{removals:?}");
}

#[tokio::test]
async fn login_never_redirects_to_another_site() {
    let stack = Stack::start().await;
    let browser = stack.browser();
    let login = browser.login("coach@example.com", PASSWORD, "//evil.example/steal").await;
    assert_eq!(login.location(), "/");
}
