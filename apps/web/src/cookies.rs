//! The cookies the web sets (it keeps no state of its own): their names, how they are built and
//! read, and the one layer that turns them into `__Host-` cookies in production, so nothing else
//! needs to know.

use axum::extract::Request;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use cookie::{Cookie, SameSite};

/// The visitor's login: their api login token (`SameSite=Lax`, so links from elsewhere keep it).
pub const LOGIN: &str = "web_session";
/// The random token the login form repeats before there is a login (see `csrf`).
pub const CSRF: &str = "csrf";
/// A one-time message for the page after a redirect (see `flash`).
pub const FLASH: &str = "flash";
/// This browser signed in to an account before: the api's device token, kept for a year, so the
/// owner's correct password is not held back by others' failed attempts (`SameSite=Lax`).
pub const DEVICE: &str = "device";
/// How long the device cookie is kept after the last sign-in (the api remembers a device as long).
pub const DEVICE_DAYS: i64 = 365;

/// In production every cookie's name starts with this (`__Host-web_session`, `__Host-csrf`, …).
/// Browsers accept such a cookie only with `Secure`, `Path=/` and no `Domain`, so neither a
/// plain-http page nor a sibling subdomain can plant one.
const PRODUCTION_PREFIX: &str = "__Host-";

/// A cookie only our server reads: HttpOnly, whole site.
pub fn build(name: &'static str, value: String, same_site: SameSite) -> Cookie<'static> {
    Cookie::build((name, value)).path("/").http_only(true).same_site(same_site).build()
}

/// Like [`build`], kept by the browser for `days` (a login cookie lasts until the browser closes).
pub fn remembered(name: &'static str, value: String, days: i64) -> Cookie<'static> {
    let mut cookie = build(name, value, SameSite::Lax);
    cookie.set_max_age(cookie::time::Duration::days(days));
    cookie
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

/// The api login token in the visitor's login cookie. A value that could not travel on in a
/// `Cookie` header (control characters, `;`, spaces, …) is no login at all, not a failure.
pub fn login_token(headers: &HeaderMap) -> Option<String> {
    read_token(headers, LOGIN)
}

/// The api token in the cookie `name`, when it could travel on to the api in a `Cookie` header.
pub fn read_token(headers: &HeaderMap, name: &str) -> Option<String> {
    read(headers, name).filter(|token| !token.is_empty() && token.bytes().all(is_cookie_octet))
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

/// Middleware for production (served over HTTPS): every cookie is a `__Host-` cookie. Requests are
/// read with the prefix taken off, and cookies without it are dropped as planted; every cookie a
/// response sets, pages and error pages alike, gets the prefix and `Secure`. The rest of the web
/// knows only the plain names.
pub async fn host_only(mut request: Request, next: Next) -> Response {
    let received = only_prefixed(request.headers());
    let headers = request.headers_mut();
    headers.remove(COOKIE);
    if let Some(value) = received {
        headers.insert(COOKIE, value);
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let prefixed: Vec<HeaderValue> = headers.get_all(SET_COOKIE).iter().map(prefixed_and_secure).collect();
    headers.remove(SET_COOKIE);
    for value in prefixed {
        headers.append(SET_COOKIE, value);
    }
    response
}

/// The `__Host-` cookies of `headers`, without their prefix, as one `Cookie` header.
fn only_prefixed(headers: &HeaderMap) -> Option<HeaderValue> {
    let pairs: Vec<&str> = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().strip_prefix(PRODUCTION_PREFIX))
        .collect();
    if pairs.is_empty() { None } else { HeaderValue::from_str(&pairs.join("; ")).ok() }
}

fn prefixed_and_secure(value: &HeaderValue) -> HeaderValue {
    let parsed = value.to_str().ok().and_then(|text| Cookie::parse_encoded(text.to_owned()).ok());
    match parsed {
        Some(mut cookie) => {
            cookie.set_name(format!("{PRODUCTION_PREFIX}{}", cookie.name()));
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
    fn production_cookies_are_host_cookies_and_keep_everything_else() {
        let mut headers = HeaderMap::new();
        append(&mut headers, build(FLASH, "notice:Note added.".to_owned(), SameSite::Lax));
        let secured = prefixed_and_secure(headers.get(SET_COOKIE).expect("set"));
        let cookie = Cookie::parse_encoded(secured.to_str().expect("text").to_owned()).expect("cookie");
        assert_eq!(cookie.secure(), Some(true));
        assert_eq!((cookie.name(), cookie.value()), ("__Host-flash", "notice:Note added."));
        assert_eq!((cookie.http_only(), cookie.same_site()), (Some(true), Some(SameSite::Lax)));
        assert_eq!((cookie.path(), cookie.domain()), (Some("/"), None));
    }

    #[test]
    fn production_reads_only_host_cookies() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("csrf=planted; __Host-csrf=ours"));
        headers.append(COOKIE, HeaderValue::from_static("__Host-web_session=ab12; web_session=planted"));
        let received = only_prefixed(&headers).expect("host cookies");
        let mut rewritten = HeaderMap::new();
        rewritten.insert(COOKIE, received);
        assert_eq!(read(&rewritten, CSRF).as_deref(), Some("ours"));
        assert_eq!(login_token(&rewritten).as_deref(), Some("ab12"));

        let mut planted_only = HeaderMap::new();
        planted_only.insert(COOKIE, HeaderValue::from_static("csrf=planted; web_session=planted"));
        assert_eq!(only_prefixed(&planted_only), None);
    }
}
