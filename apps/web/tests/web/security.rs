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
    let login_cookie = |page: &crate::support::Page| {
        page.set_cookies()
            .into_iter()
            .find(|cookie| cookie.starts_with("web_session="))
            .and_then(|cookie| cookie.split(';').next().map(str::to_owned))
            .expect("login cookie")
    };
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
    let browser = stack.logged_in("coach@example.com").await;
    let session = browser.get("/").await.session_links().into_iter().next().expect("a session");
    let page = browser.get(&session).await;
    let huge = "x".repeat(300 * 1024);
    let refused = browser.submit(&page, &format!("{session}/notes"), &[("body", &huge)]).await;
    assert_eq!(refused.status, 413, "{}", refused.body);
    assert!(refused.body.contains("Too much text"), "{}", refused.body);
    assert!(!browser.get(&session).await.body.contains(&huge[..1000]), "nothing was written");
}
