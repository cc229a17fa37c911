//! The cookies the web sets (it keeps no state of its own): their names, how they are built and
//! read, and the one layer that marks them `Secure` in production, so nothing else needs to know.

use axum::extract::Request;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite};

/// The visitor's login: their api session token (`SameSite=Lax`, so links from elsewhere keep it).
pub const LOGIN: &str = "web_session";
/// The token every form must repeat (see `csrf`).
pub const CSRF: &str = "csrf";
/// A one-time message for the page after a redirect (see `flash`).
pub const FLASH: &str = "flash";

/// A cookie only our server reads: HttpOnly, whole site.
pub fn build(name: &'static str, value: String, same_site: SameSite) -> Cookie<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(same_site).build()
}

/// Tells the browser to forget the cookie `name`.
pub fn removal(name: &'static str) -> Cookie<'static> {
    let mut cookie = build(name, String::new(), SameSite::Lax);
    cookie.make_removal();
    cookie
}

pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse_encoded)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// The api session token in the visitor's login cookie. A value that could not travel on in a
/// `Cookie` header (control characters, `;`, spaces, …) is no login at all, not a failure.
pub fn login_token(headers: &HeaderMap) -> Option<String> {
    read(headers, LOGIN).filter(|token| !token.is_empty() && token.bytes().all(is_cookie_octet))
}

/// The bytes RFC 6265 allows in a cookie value.
fn is_cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

pub fn append(headers: &mut HeaderMap, cookie: Cookie<'static>) {
    if let Ok(value) = HeaderValue::from_str(&cookie.encoded().to_string()) {
        headers.append(SET_COOKIE, value);
    }
}

/// Middleware for production (served over HTTPS): every cookie any response sets, pages and
/// error pages alike, is `Secure`.
pub async fn mark_secure(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let secured: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().map(secure).collect();
    headers.remove(SET_COOKIE);
    for value in secured {
        headers.append(SET_COOKIE, value);
    }
    response
}

fn secure(value: &HeaderValue) -> HeaderValue {
    let parsed = value.to_str().ok().and_then(|text| Cookie::parse_encoded(text.to_owned()).ok());
    match parsed {
        Some(mut cookie) => {
            cookie.set_secure(true);
            HeaderValue::from_str(&cookie.encoded().to_string()).unwrap_or_else(|_| value.clone())
        }
        None => value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_login_cookies_are_no_login() {
        let login = |cookie: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(COOKIE, HeaderValue::from_str(cookie).expect("header"));
            login_token(&headers)
        };
        assert_eq!(login("web_session=ab12cd"), Some("ab12cd".to_owned()));
        for malformed in [
            "web_session=zz%00",
            "web_session=zz%01",
            "web_session=zz%0A",
            "web_session=a%20b",
            "web_session=",
        ] {
            assert_eq!(login(malformed), None, "{malformed}");
        }
    }

    #[test]
    fn marking_secure_keeps_everything_else() {
        let mut headers = HeaderMap::new();
        append(&mut headers, build(FLASH, "notice:Note added.".to_owned(), SameSite::Lax));
        let secured = secure(headers.get(SET_COOKIE).expect("set"));
        let cookie = Cookie::parse_encoded(secured.to_str().expect("text").to_owned()).expect("cookie");
        assert_eq!(cookie.secure(), Some(true));
        assert_eq!((cookie.name(), cookie.value()), (FLASH, "notice:Note added."));
        assert_eq!((cookie.http_only(), cookie.same_site()), (Some(true), Some(SameSite::Lax)));
    }
}
