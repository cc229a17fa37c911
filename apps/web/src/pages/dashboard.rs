//! The home page: your organizations, relationships and sessions; coaches schedule from here.

use askama::Template;
use axum::extract::Query;
use chrono::{Duration, Utc};
use contract::{
    CoachingSession, Dashboard, DashboardQuery, MAX_PAGE_LIMIT, NewCoachingSession, NewSeries,
    OrganizationRole, Page, Relationship, Series,
};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::actions::{ActionRow, Choice};
use super::forms::{SessionTimeFields, form_failure};
use super::series::{DEFAULT_OCCURRENCES, END_CHOICES, REPEAT_CHOICES, Repeat, RepeatFields};
use super::view::{Joining, Listing, full_name, render};
use crate::api_client::Api;
use crate::csrf::CsrfForm;
use crate::error::{PageError, PageResult, urlencode};
use crate::flash::{Flash, redirect};
use crate::format;
use crate::layout::Layout;
use crate::page_context::PageContext;
use crate::visitor::{Visitor, me};

pub struct OrganizationRow {
    pub id: Uuid,
    pub name: String,
    pub role: &'static str,
    /// The api lets the viewer manage this organization's members.
    pub manage_members: bool,
}

pub struct RelationshipRow {
    pub id: Uuid,
    /// "Jamie Rivera" when you are in it, "Casey Coach → Jamie Rivera" otherwise.
    pub people: String,
    pub organization: String,
    /// The day an admin ended it (read-only history since); `None` while active.
    pub ended: Option<String>,
}

/// The next session (or the one under way) at the top of the dashboard.
pub struct NextSessionView {
    pub id: Uuid,
    /// Its title, or "Session with Jamie Rivera".
    pub name: String,
    pub when: String,
    pub agenda_topics: i64,
    /// The Join button, or when it appears.
    pub joining: Option<Joining>,
}

pub struct GoalInProgress {
    pub relationship_id: Uuid,
    pub title: String,
    pub with: String,
    pub done: i64,
    pub total: i64,
}

pub struct SessionRow {
    pub id: Uuid,
    pub when: String,
    pub people: String,
    pub duration_minutes: i32,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    layout: Layout,
    first_name: String,
    timezone: String,
    organizations: Vec<OrganizationRow>,
    as_coach: Vec<RelationshipRow>,
    as_coachee: Vec<RelationshipRow>,
    as_admin: Vec<RelationshipRow>,
    /// Relationships the api lets the viewer schedule sessions in.
    schedulable: Vec<RelationshipRow>,
    /// More relationships exist than the one page shown, which holds this many.
    more_relationships: bool,
    relationships_shown: u32,
    next_session: Option<NextSessionView>,
    /// Yours to do, overdue or due within a week.
    due_actions: Vec<ActionRow>,
    more_due: bool,
    goals_in_progress: Vec<GoalInProgress>,
    upcoming: Listing<SessionRow>,
    past: Listing<SessionRow>,
    default_date: String,
    default_time: String,
    repeat_choices: &'static [Choice],
    end_choices: &'static [Choice],
    default_occurrences: u32,
}

pub async fn dashboard(
    Visitor(api): Visitor,
    context: PageContext,
    Query(query): Query<DashboardQuery>,
) -> PageResult {
    let now = Utc::now();
    let Dashboard { viewer: me, what_now, relationships, upcoming, past } =
        api.get_with("/dashboard", &query).await.map_err(|failure| PageError::from_api(failure, "/"))?;
    let more_relationships = relationships.next_cursor.is_some();
    let relationships = relationships.items;

    let zone = format::zone(&me.user.timezone);
    let row = |relationship: &Relationship| RelationshipRow {
        id: relationship.id,
        people: if relationship.coach.id == me.user.id {
            full_name(&relationship.coachee)
        } else if relationship.coachee.id == me.user.id {
            full_name(&relationship.coach)
        } else {
            format!("{} → {}", full_name(&relationship.coach), full_name(&relationship.coachee))
        },
        organization: relationship.organization_name.clone(),
        ended: relationship.ended_at.map(|ended_at| format::day(ended_at, zone)),
    };
    let rows_where =
        |keep: &dyn Fn(&Relationship) -> bool| relationships.iter().filter(|r| keep(r)).map(row).collect();
    let as_coach = rows_where(&|r| r.coach.id == me.user.id);
    let as_coachee = rows_where(&|r| r.coachee.id == me.user.id);
    let as_admin = rows_where(&|r| r.coach.id != me.user.id && r.coachee.id != me.user.id);
    let schedulable = rows_where(&|r| r.capabilities.manage_sessions);

    let session_row = |session: &CoachingSession| SessionRow {
        id: session.id,
        when: format::date_time(session.starts_at, zone),
        people: relationships
            .iter()
            .find(|relationship| relationship.id == session.relationship_id)
            .map(|relationship| row(relationship).people)
            .unwrap_or_default(),
        duration_minutes: session.duration_minutes,
    };
    // Each list continues in its own query parameter, the other one staying where it is.
    let listing = |list: &str, page: Page<CoachingSession>| Listing {
        rows: page.items.iter().map(session_row).collect(),
        next_page: page.next_cursor.map(|cursor| format!("/?{list}={}#{list}-title", urlencode(&cursor))),
    };
    let people_of = |relationship_id: Uuid| {
        relationships
            .iter()
            .find(|relationship| relationship.id == relationship_id)
            .map(|relationship| row(relationship).people)
            .unwrap_or_default()
    };
    let next_session = what_now.next_session.map(|next| NextSessionView {
        id: next.session.id,
        name: next
            .session
            .title
            .clone()
            .unwrap_or_else(|| format!("Session with {}", people_of(next.session.relationship_id))),
        when: format::date_time(next.session.starts_at, zone),
        agenda_topics: next.agenda_topics,
        joining: Joining::of(&next.session, next.join_url, now),
    });
    let more_due = what_now.due_actions.next_cursor.is_some();
    let due_actions = what_now
        .due_actions
        .items
        .into_iter()
        .map(|action| {
            let with = format!("with {}", people_of(action.relationship_id));
            ActionRow::new(action, with)
        })
        .collect();
    let goals_in_progress = what_now
        .goals_in_progress
        .into_iter()
        .map(|goal| GoalInProgress {
            relationship_id: goal.relationship_id,
            with: people_of(goal.relationship_id),
            title: goal.title,
            done: goal.progress.done,
            total: goal.progress.total,
        })
        .collect();
    let upcoming = listing("upcoming", upcoming);
    let past = listing("past", past);

    // A sensible default for the scheduling form: a week from today, 10:00 local time.
    let (default_date, _) = format::inputs(now + Duration::days(7), zone);
    let page = DashboardPage {
        layout: context.layout("Dashboard", Some(&me)),
        first_name: me.user.first_name.clone(),
        timezone: zone.name().to_owned(),
        organizations: me
            .memberships
            .iter()
            .map(|membership| OrganizationRow {
                id: membership.organization_id,
                name: membership.organization_name.clone(),
                role: if membership.role == OrganizationRole::Admin { "admin" } else { "member" },
                manage_members: membership.capabilities.manage_members,
            })
            .collect(),
        as_coach,
        as_coachee,
        as_admin,
        schedulable,
        more_relationships,
        relationships_shown: MAX_PAGE_LIMIT,
        next_session,
        due_actions,
        more_due,
        goals_in_progress,
        upcoming,
        past,
        default_date,
        default_time: "10:00".to_owned(),
        repeat_choices: &REPEAT_CHOICES,
        end_choices: &END_CHOICES,
        default_occurrences: DEFAULT_OCCURRENCES,
    };
    render(context, &page)
}

#[derive(Deserialize)]
pub struct ScheduleForm {
    relationship_id: String,
    #[serde(flatten)]
    when: SessionTimeFields,
    #[serde(flatten)]
    repeat: RepeatFields,
}

/// Where the schedule form is, and goes back to when refused.
const SCHEDULE_FORM: &str = "/#schedule";

/// Schedules a session, or a series of them when the form repeats it (the api decides who may),
/// and opens the (first) session.
pub async fn schedule(Visitor(api): Visitor, CsrfForm(form): CsrfForm<ScheduleForm>) -> PageResult {
    let me = me(&api, "/").await?;
    let refused = |message| PageError::refused(SCHEDULE_FORM, message);
    let relationship_id =
        form.relationship_id.parse::<Uuid>().map_err(|_| refused("Choose who the session is with."))?;
    match form.repeat.read().map_err(refused)? {
        None => schedule_session(&api, relationship_id, &form.when, &me.user.timezone).await,
        Some(repeat) => schedule_series(&api, relationship_id, &form.when, &me.user.timezone, repeat).await,
    }
}

/// One session, starting at the date and time typed, read in the viewer's `timezone`.
async fn schedule_session(
    api: &Api,
    relationship_id: Uuid,
    when: &SessionTimeFields,
    timezone: &str,
) -> PageResult {
    let session = when.session(timezone).map_err(|message| PageError::refused(SCHEDULE_FORM, message))?;
    let body = NewCoachingSession { relationship_id, session };
    let session = api
        .send::<_, CoachingSession>(Method::POST, "/sessions", &body)
        .await
        .map_err(|failure| form_failure(failure, SCHEDULE_FORM))?;
    Ok(redirect(&format!("/sessions/{}", session.id), Some(Flash::notice("Session scheduled."))))
}

/// A series starting at the date and time typed, kept at that time of day in the viewer's
/// `timezone` (the zone the form names), across its clock changes too.
async fn schedule_series(
    api: &Api,
    relationship_id: Uuid,
    when: &SessionTimeFields,
    timezone: &str,
    Repeat { every_weeks, occurrences, last_day }: Repeat,
) -> PageResult {
    let refused = |message| PageError::refused(SCHEDULE_FORM, message);
    let body = NewSeries {
        relationship_id,
        first_starts_at: when.local_start().map_err(refused)?,
        timezone: format::zone(timezone).name().to_owned(),
        every_weeks,
        occurrences,
        last_day,
        sessions: when.parts().map_err(refused)?,
    };
    let series = api
        .send::<_, Series>(Method::POST, "/series", &body)
        .await
        .map_err(|failure| form_failure(failure, SCHEDULE_FORM))?;
    let count = match series.upcoming.len() {
        1 => "1 session".to_owned(),
        count => format!("{count} sessions"),
    };
    let notice = Flash::notice(format!("{count} scheduled: {}.", format::rhythm(&series)));
    let first = match series.upcoming.first() {
        Some(session) => format!("/sessions/{}", session.id),
        // Every day chosen has passed already.
        None => "/".to_owned(),
    };
    Ok(redirect(&first, Some(notice)))
}
