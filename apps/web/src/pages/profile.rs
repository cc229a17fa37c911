//! The visitor's profile: name and time zone (every time on the site is shown in it), which mail
//! they get, their calendar feed (`calendar_feed` makes and stops it), and moving the account to
//! another email address, confirmed through a link mailed to that address (and undone through the
//! link mailed to the old one, which `links` serves).

use askama::Template;
use chrono_tz::TZ_VARIANTS;
use contract::{
    ACCOUNT_EMAIL_PATH, CalendarFeed, ChangeEmail, MAIL_SETTINGS_PATH, MailSettings, Me, ProfileInput,
    SessionReminder, User,
};
use reqwest::Method;
use serde::Deserialize;

use super::actions::Choice;
use super::calendar_feed::FEED_SETTINGS_API;
use super::extract::{LinkForm, LinkToken};
use super::forms::{NoFields, after_form, after_form_to};
use super::view::{BackLink, own_account_page, render};
use crate::csrf::CsrfForm;
use crate::error::{PageError, PageResult};
use crate::format;
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::Visitor;

const PROFILE_PATH: &str = "/account";

/// Where the api keeps the visitor's mail settings.
const MAIL_SETTINGS_API: &str = "/account/mail-settings";

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    layout: Layout,
    user: User,
    /// Every IANA time zone name, for the `<select>`.
    zones: Vec<&'static str>,
    mail: MailSettings,
    /// When the reminder before each session may go out, for the `<select>`.
    reminders: Vec<Choice>,
    /// The day the visitor's calendar feed address was made, in their time zone; none without one.
    calendar_made_on: Option<String>,
}

pub async fn page(Visitor(api): Visitor, context: PageContext) -> PageResult {
    let (me, mail, calendar) = tokio::try_join!(
        api.get::<Me>("/me"),
        api.get::<MailSettings>(MAIL_SETTINGS_API),
        api.get::<CalendarFeed>(FEED_SETTINGS_API),
    )
    .map_err(|failure| PageError::from_api(failure, PROFILE_PATH))?;
    let zone = format::zone(&me.user.timezone);
    let page = ProfilePage {
        layout: context.layout("Your account", Some(&me)),
        calendar_made_on: calendar.made_at.map(|made_at| format::day(made_at, zone)),
        user: me.user,
        zones: TZ_VARIANTS.iter().map(|zone| zone.name()).collect(),
        mail,
        reminders: reminder_choices(),
    };
    render(context, &page)
}

fn reminder_choices() -> Vec<Choice> {
    SessionReminder::ALL
        .into_iter()
        .map(|reminder| Choice { value: reminder.as_str(), label: format::reminder_label(reminder) })
        .collect()
}

#[derive(Deserialize)]
pub struct ProfileForm {
    first_name: String,
    last_name: String,
    timezone: String,
}

pub async fn save(Visitor(api): Visitor, CsrfForm(form): CsrfForm<ProfileForm>) -> PageResult {
    let body =
        ProfileInput { first_name: form.first_name, last_name: form.last_name, timezone: form.timezone };
    let outcome = api.send_only(Method::PUT, "/account/profile", &body).await;
    after_form(outcome, PROFILE_PATH, "Your profile is saved.")
}

/// The mail section's form. A ticked checkbox is sent (as `on`), an unticked one is not sent at all.
#[derive(Deserialize)]
pub struct MailForm {
    scheduling: Option<String>,
    actions: Option<String>,
    session_reminder: SessionReminder,
    weekly_digest: Option<String>,
}

pub async fn save_mail(Visitor(api): Visitor, CsrfForm(form): CsrfForm<MailForm>) -> PageResult {
    let settings = MailSettings {
        scheduling: form.scheduling.is_some(),
        actions: form.actions.is_some(),
        session_reminder: form.session_reminder,
        weekly_digest: form.weekly_digest.is_some(),
    };
    let outcome = api.send_only(Method::PUT, MAIL_SETTINGS_API, &settings).await;
    after_form(outcome, MAIL_SETTINGS_PATH, "Mail settings saved.")
}

#[derive(Template)]
#[template(path = "change_email.html")]
struct ChangeEmailPage {
    layout: Layout,
    back: BackLink,
    action: &'static str,
    email: String,
}

pub async fn change_email_page(Visitor(api): Visitor, context: PageContext) -> PageResult {
    own_account_page(&api, context, ACCOUNT_EMAIL_PATH, "Change email", |layout, me| ChangeEmailPage {
        layout,
        back: BackLink::new(PROFILE_PATH, "Your account"),
        action: ACCOUNT_EMAIL_PATH,
        email: me.user.email,
    })
    .await
}

#[derive(Deserialize)]
pub struct ChangeEmailForm {
    new_email: String,
    current_password: String,
}

pub async fn change_email(Visitor(api): Visitor, CsrfForm(form): CsrfForm<ChangeEmailForm>) -> PageResult {
    let done = format!(
        "We sent a link to {}. Your email changes when you open it (within 24 hours).",
        form.new_email.trim()
    );
    let body = ChangeEmail { new_email: form.new_email, current_password: form.current_password };
    let outcome = api.send_only(Method::POST, ACCOUNT_EMAIL_PATH, &body).await;
    after_form(outcome, ACCOUNT_EMAIL_PATH, &done)
}

#[derive(Template)]
#[template(path = "confirm_email.html")]
struct ConfirmEmailPage {
    layout: Layout,
    action: String,
}

/// The page a confirmation link opens: only a button. Opening the link changes nothing, since
/// mail scanners open links too; the visitor's press does.
pub async fn confirm_email_page(context: PageContext, LinkToken(token): LinkToken) -> PageResult {
    let page = ConfirmEmailPage {
        layout: context.layout("Confirm your new email", None),
        action: format!("{ACCOUNT_EMAIL_PATH}/{token}"),
    };
    render(context, &page)
}

pub async fn confirm_email(LinkForm { api, token, .. }: LinkForm<NoFields>) -> PageResult {
    let path = format!("{ACCOUNT_EMAIL_PATH}/{token}");
    // The link is the proof: no login needed.
    let outcome = api.call(Method::POST, &path).await;
    after_form_to(outcome, &path, "/login", "Your email is changed. Log in with the new one.")
}
