//! What most handlers take from a request, read in one go: who may ask (the signed-in visitor, or
//! anyone holding a one-time link), what the URL names, and the page's context or the form sent.

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath};
use crate::page_context::PageContext;
use crate::visitor::Visitor;

/// The token of a link that is its own proof (a one-time link, a calendar feed), from its URL.
/// Only hex digits ever make one: anything else (a `/` decoded from `%2F` above all) is the "not
/// found" page and never reaches the api's path.
pub struct LinkToken(pub String);

impl<S: Send + Sync> FromRequestParts<S> for LinkToken {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let PagePath(raw) = PagePath::<String>::from_request_parts(parts, state).await?;
        Self::parse(&raw).ok_or(PageError::NotFound)
    }
}

impl LinkToken {
    /// `raw` when it can be a token: 1 to 64 hex digits.
    pub fn parse(raw: &str) -> Option<Self> {
        let well_formed = (1..=64).contains(&raw.len()) && raw.bytes().all(|byte| byte.is_ascii_hexdigit());
        well_formed.then(|| Self(raw.to_owned()))
    }
}

/// A page the signed-in visitor opened at a URL naming `Ids` (e.g. `(Uuid, Uuid)`): the api bound
/// to their login, the ids, and what every page renders with.
pub struct VisitorPage<Ids> {
    pub api: Api,
    pub ids: Ids,
    pub context: PageContext,
}

impl<Ids: DeserializeOwned + Send> FromRequestParts<Api> for VisitorPage<Ids> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, Self::Rejection> {
        let VisitorAt(api, ids) = VisitorAt::from_request_parts(parts, api).await?;
        let Ok(context) = PageContext::from_request_parts(parts, &api).await;
        Ok(Self { api, ids, context })
    }
}

/// A form the signed-in visitor posted to a URL naming `Ids`: the api bound to their login, the
/// ids, and the form.
pub struct VisitorForm<Ids, Fields> {
    pub api: Api,
    pub ids: Ids,
    pub form: Fields,
}

impl<Ids, Fields> FromRequest<Api> for VisitorForm<Ids, Fields>
where
    Ids: DeserializeOwned + Send,
    Fields: DeserializeOwned,
{
    type Rejection = PageError;

    async fn from_request(request: Request, api: &Api) -> Result<Self, Self::Rejection> {
        let (VisitorAt(api, ids), form) = url_then_form(request, api).await?;
        Ok(Self { api, ids, form })
    }
}

/// A form posted to a one-time link, by anyone (the link is the proof): the plain api, the link's
/// token and the form.
pub struct LinkForm<Fields> {
    pub api: Api,
    pub token: String,
    pub form: Fields,
}

impl<Fields: DeserializeOwned> FromRequest<Api> for LinkForm<Fields> {
    type Rejection = PageError;

    async fn from_request(request: Request, plain_api: &Api) -> Result<Self, Self::Rejection> {
        let (LinkToken(token), form) = url_then_form(request, plain_api).await?;
        Ok(Self { api: plain_api.clone(), token, form })
    }
}

/// The signed-in visitor, then the ids in the URL, in the order handlers listed them before these
/// extractors: an anonymous visitor goes to log in whatever the URL, and only then is a malformed
/// id "not found".
struct VisitorAt<Ids>(Api, Ids);

impl<Ids: DeserializeOwned + Send> FromRequestParts<Api> for VisitorAt<Ids> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, api: &Api) -> Result<Self, Self::Rejection> {
        let Visitor(api) = Visitor::from_request_parts(parts, api).await?;
        let PagePath(ids) = PagePath::from_request_parts(parts, &api).await?;
        Ok(Self(api, ids))
    }
}

/// What the URL and cookies say (`Url`, checked first), then the form, its CSRF token checked.
async fn url_then_form<Url, Fields>(request: Request, api: &Api) -> Result<(Url, Fields), PageError>
where
    Url: FromRequestParts<Api, Rejection = PageError>,
    Fields: DeserializeOwned,
{
    let (mut parts, body) = request.into_parts();
    let url = Url::from_request_parts(&mut parts, api).await?;
    let CsrfForm(form) = CsrfForm::from_request(Request::from_parts(parts, body), api).await?;
    Ok((url, form))
}
