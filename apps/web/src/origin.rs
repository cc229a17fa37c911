//! Where visitors open this site: the one origin forms may be posted from (`csrf`), and the start
//! of every absolute address of the site the web hands out (a calendar feed's).

use axum::extract::FromRequestParts;
use axum::http::header::{HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};

use crate::config::web_origin;
use crate::error::PageError;

/// `PUBLIC_WEB_ORIGIN` when configured; unset, each request's own origin (see [`Self::of`]).
#[derive(Clone)]
pub struct SiteOrigin(pub Option<String>);

impl SiteOrigin {
    /// The origin a request with `uri` and `headers` was sent to: the configured one, else its
    /// `Host` with the scheme its `Origin` names (the browser knows whether a proxy in front speaks
    /// https), else with http, all the web serves itself. `None` without a usable `Host`.
    pub fn of(&self, uri: &Uri, headers: &HeaderMap) -> Option<String> {
        if let Some(public) = &self.0 {
            return Some(public.clone());
        }
        let https = sent_origin(headers).is_some_and(|sent| sent.starts_with("https://"));
        let scheme = if https { "https" } else { "http" };
        addressed_host(uri, headers).and_then(|host| web_origin(&format!("{scheme}://{host}")))
    }
}

/// The origin the request's `Origin` header names; `None` without one, or for `null` (sandboxed
/// frames, `data:` pages) and anything else that is no http(s) origin.
pub fn sent_origin(headers: &HeaderMap) -> Option<String> {
    headers.get(ORIGIN)?.to_str().ok().and_then(web_origin)
}

/// The `host[:port]` the request was sent to: HTTP/2's `:authority`, else the `Host` header.
fn addressed_host<'a>(uri: &'a Uri, headers: &'a HeaderMap) -> Option<&'a str> {
    match uri.authority() {
        Some(authority) => Some(authority.as_str()),
        None => headers.get(HOST)?.to_str().ok(),
    }
}

/// The origin the visitor opened this site at, for an absolute address of it. Reads the
/// [`SiteOrigin`] that `app` puts in every request's extensions.
pub struct PublicOrigin(pub String);

impl<S: Send + Sync> FromRequestParts<S> for PublicOrigin {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let site = parts
            .extensions
            .get::<SiteOrigin>()
            .ok_or_else(|| PageError::Internal("the app serves no SiteOrigin to its requests".to_owned()))?;
        site.of(&parts.uri, &parts.headers)
            .map(Self)
            .ok_or_else(|| PageError::BadRequest("This request names no host.".to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(axum::http::HeaderName, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (name.clone(), HeaderValue::from_static(value))).collect()
    }

    #[test]
    fn the_configured_origin_wins_else_the_host_with_the_browsers_scheme() {
        let uri = Uri::from_static("/account/calendar");
        let unset = SiteOrigin(None);
        let behind_https = headers(&[(HOST, "coaching.example"), (ORIGIN, "https://coaching.example")]);
        assert_eq!(unset.of(&uri, &behind_https).as_deref(), Some("https://coaching.example"));
        let plain = headers(&[(HOST, "127.0.0.1:8080")]);
        assert_eq!(unset.of(&uri, &plain).as_deref(), Some("http://127.0.0.1:8080"));
        assert_eq!(unset.of(&uri, &HeaderMap::new()), None, "no host");

        let public = SiteOrigin(Some("https://coaching.example".to_owned()));
        assert_eq!(public.of(&uri, &plain).as_deref(), Some("https://coaching.example"));
    }
}
