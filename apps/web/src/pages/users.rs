//! Every account on the platform, for super admins: deactivate one (its owner is logged out at
//! once and cannot log in) or reactivate it, and confirm an address its owner could not prove.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use contract::{Me, PageRequest, UserAccount};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{NoFields, after_form};
use super::view::{next_page, render};
use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PagePath};
use crate::format;
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

const USERS_PATH: &str = "/admin/users";

pub struct AccountRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    /// Whether the owner proved to read mail there; a super admin may confirm it for them.
    pub email_verified: bool,
    pub is_super_admin: bool,
    /// When it was deactivated, as the viewer reads dates; `None` while active.
    pub deactivated_on: Option<String>,
    /// The viewer's own account, which they cannot deactivate.
    pub is_viewer: bool,
}

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    layout: Layout,
    accounts: Vec<AccountRow>,
    next_page: Option<String>,
}

/// Where the list continues: the api's cursor, carried in the URL.
#[derive(Deserialize)]
pub struct UsersQuery {
    cursor: Option<String>,
}

pub async fn page(
    State(api): State<Api>,
    visitor: Visitor,
    context: PageContext,
    Query(query): Query<UsersQuery>,
) -> Result<Response, PageError> {
    let token = visitor.api_token.as_str();
    let page = PageRequest { limit: None, cursor: query.cursor };
    let (me, accounts) =
        tokio::try_join!(api.get::<Me>(token, "/me"), api.page::<UserAccount>(token, "/users", &[], &page),)
            .map_err(|failure| PageError::from_api(failure, USERS_PATH))?;
    let zone = format::zone(&me.user.timezone);
    let page = UsersPage {
        layout: context.layout("Users", Some(&me)),
        next_page: next_page(USERS_PATH, accounts.next_cursor),
        accounts: accounts
            .items
            .into_iter()
            .map(|account| AccountRow {
                id: account.id,
                name: format!("{} {}", account.first_name, account.last_name),
                email: account.email,
                email_verified: account.email_verified,
                is_super_admin: account.is_super_admin,
                deactivated_on: account.deactivated_at.map(|instant| format::day(instant, zone)),
                is_viewer: account.id == me.user.id,
            })
            .collect(),
    };
    render(context, &page)
}

pub async fn deactivate(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(user_id): PagePath<Uuid>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let path = format!("/users/{user_id}/deactivate");
    let outcome = api.call(Method::POST, &visitor.api_token, &path).await;
    after_form(outcome, USERS_PATH, "Account deactivated; its owner was logged out.")
}

pub async fn reactivate(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(user_id): PagePath<Uuid>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let path = format!("/users/{user_id}/reactivate");
    let outcome = api.call(Method::POST, &visitor.api_token, &path).await;
    after_form(outcome, USERS_PATH, "Account reactivated; its owner can log in again.")
}

/// A super admin vouches for an account's address (made through a link an admin handed over).
pub async fn confirm_email(
    State(api): State<Api>,
    visitor: Visitor,
    PagePath(user_id): PagePath<Uuid>,
    CsrfForm(_): CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let path = format!("/users/{user_id}/confirm-email");
    let outcome = api.call(Method::POST, &visitor.api_token, &path).await;
    after_form(outcome, USERS_PATH, "Email address confirmed.")
}
