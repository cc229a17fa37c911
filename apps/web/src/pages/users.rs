//! Every account on the platform, for super admins: deactivate one (its owner is logged out at
//! once and cannot log in) or reactivate it, and confirm an address its owner could not prove.

use askama::Template;
use axum::extract::Query;
use contract::{Me, UserAccount};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::extract::VisitorForm;
use super::forms::{ListQuery, NoFields, after_form};
use super::view::{Listing, render};
use crate::error::{PageError, PageResult};
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
    accounts: Listing<AccountRow>,
}

pub async fn page(Visitor(api): Visitor, context: PageContext, Query(list): Query<ListQuery>) -> PageResult {
    let page = list.page();
    let (me, accounts) =
        tokio::try_join!(api.get::<Me>("/me"), api.page::<UserAccount>("/users", &[], &page),)
            .map_err(|failure| PageError::from_api(failure, USERS_PATH))?;
    let zone = format::zone(&me.user.timezone);
    let page = UsersPage {
        layout: context.layout("Users", Some(&me)),
        accounts: Listing::new(accounts, USERS_PATH, |account| AccountRow {
            id: account.id,
            name: format!("{} {}", account.first_name, account.last_name),
            email: account.email,
            email_verified: account.email_verified,
            is_super_admin: account.is_super_admin,
            deactivated_on: account.deactivated_at.map(|instant| format::day(instant, zone)),
            is_viewer: account.id == me.user.id,
        }),
    };
    render(context, &page)
}

/// What a super admin does to an account from its row, as the address names it (which is also the
/// api's: `/users/{id}/deactivate`, …).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountChange {
    Deactivate,
    Reactivate,
    /// Vouches for the account's address (made through a link an admin handed over).
    ConfirmEmail,
}

impl AccountChange {
    fn segment(self) -> &'static str {
        match self {
            Self::Deactivate => "deactivate",
            Self::Reactivate => "reactivate",
            Self::ConfirmEmail => "confirm-email",
        }
    }

    fn done(self) -> &'static str {
        match self {
            Self::Deactivate => "Account deactivated; its owner was logged out.",
            Self::Reactivate => "Account reactivated; its owner can log in again.",
            Self::ConfirmEmail => "Email address confirmed.",
        }
    }
}

pub async fn change(
    VisitorForm { api, ids: (user_id, change), .. }: VisitorForm<(Uuid, AccountChange), NoFields>,
) -> PageResult {
    let path = format!("/users/{user_id}/{}", change.segment());
    let outcome = api.call(Method::POST, &path).await;
    after_form(outcome, USERS_PATH, change.done())
}
