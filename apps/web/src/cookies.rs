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
