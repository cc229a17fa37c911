//! What the session page and an item's own page show, made from the api's answers.

use askama::Template;
use chrono::{DateTime, Utc};
use contract::{
    Action, AgendaTopic, CoachingSession, Entry, EntryCapabilities, Goal, Me, NoteDraft, Page, Relationship,
    RelationshipCapabilities, Series, SessionWorkspace,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{PageError, urlencode};
use crate::format;
use crate::layout::Layout;
use crate::markdown;
use crate::page_context::PageContext;
use crate::pages::actions::{ActionRow, Choice, assignee_choices, status_choices};
use crate::pages::view::{BackLink, Joining, full_name};

/// The lists of a session page: what the coach and coachee write in it (notes, agreements,
/// actions) and the relationship's goals. Each has its own URL segment, which is also the api's;
/// the page's forms name the list in their address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionList {
    Notes,
    Agreements,
    Actions,
    Goals,
}

/// The two lists of written entries: the same kind of text, shown and edited the same way.
pub const ENTRIES: [SessionList; 2] = [SessionList::Notes, SessionList::Agreements];

impl SessionList {
    /// The list named by `segment` (the page's `?more=`); the page that names nothing otherwise.
    pub fn from_segment(segment: &str) -> Result<Self, PageError> {
        [Self::Notes, Self::Agreements, Self::Actions, Self::Goals]
            .into_iter()
            .find(|list| list.segment() == segment)
            .ok_or(PageError::NotFound)
    }

    /// The list, when a form of it may do this (`allowed`); the page that names nothing otherwise.
    pub fn one_of(self, allowed: &[Self]) -> Result<Self, PageError> {
        if allowed.contains(&self) { Ok(self) } else { Err(PageError::NotFound) }
    }

    pub fn segment(self) -> &'static str {
        match self {
            Self::Notes => "notes",
            Self::Agreements => "agreements",
            Self::Actions => "actions",
            Self::Goals => "goals",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Notes => "Notes",
            Self::Agreements => "Agreements",
            Self::Actions => "Actions",
            Self::Goals => "Goals",
        }
    }

    /// One item of the list, as a sentence starts it ("Note added.").
    pub fn noun(self) -> &'static str {
        match self {
            Self::Notes => "Note",
            Self::Agreements => "Agreement",
            Self::Actions => "Action",
            Self::Goals => "Goal",
        }
    }

    /// The list's section of the session page, where its forms go back to.
    pub fn section(self, session_id: Uuid) -> String {
        format!("/sessions/{session_id}#{}", self.segment())
    }
}

pub struct EntryView {
    pub id: Uuid,
    pub author: String,
    pub when: String,
    pub body: String,
    /// `body` rendered from Markdown, sanitized.
    pub html: String,
    /// `body` is the start of a longer text: the page shows it whole (and edits it).
    pub truncated: bool,
    pub edited: bool,
    /// The version an edit starts from.
    pub version: i32,
    /// Only the viewer, its author, reads it.
    pub private: bool,
    /// The viewer's unsaved edit of it, filled back into its form.
    pub draft: Option<String>,
    /// What the viewer may do to this entry, as the api decided.
    pub may: EntryCapabilities,
}

pub struct EntrySection {
    pub list: SessionList,
    pub entries: Vec<EntryView>,
    /// The form for a new entry.
    pub composer: Composer,
    /// Where the script keeps drafts of this list's texts (empty: it keeps none).
    pub drafts: String,
    /// Link to the list's next page, when it holds more than the page shows.
    pub more: Option<String>,
}

/// A topic of the agenda, where it stands and what the viewer may do to it.
pub struct TopicView {
    pub id: Uuid,
    pub body: String,
    pub author: String,
    pub discussed: bool,
    pub first: bool,
    pub last: bool,
    pub may: EntryCapabilities,
}

/// The series a session is part of.
pub struct SeriesView {
    pub id: Uuid,
    /// When it meets: "every week on Thursdays at 09:00 (Europe/Berlin)".
    pub rhythm: String,
    pub ended: bool,
    /// The viewer may end it (the coach, while it runs).
    pub may_end: bool,
}

impl SeriesView {
    fn of(series: &Series, may: &RelationshipCapabilities) -> Self {
        let ended = series.ended_at.is_some();
        Self { id: series.id, rhythm: format::rhythm(series), ended, may_end: may.manage_sessions && !ended }
    }
}

pub struct GoalView {
    pub id: Uuid,
    pub title: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub target: String,
    pub linked: bool,
}

#[derive(Template)]
#[template(path = "session.html")]
pub struct SessionPage {
    layout: Layout,
    back: BackLink,
    session_id: Uuid,
    title: Option<String>,
    when: String,
    timezone: String,
    duration_minutes: i32,
    organization: String,
    coach: String,
    coachee: String,
    relationship_id: Uuid,
    /// What the viewer may do here, as the api decided.
    may: RelationshipCapabilities,
    reschedule_date: String,
    reschedule_time: String,
    /// The session's own meeting link, which the reschedule form holds.
    own_meeting_url: Option<String>,
    series: Option<SeriesView>,
    /// The Join button, or when it appears.
    joining: Option<Joining>,
    /// The relationship's standing meeting link as its form holds it (blank: none); no form when
    /// the viewer may not set it.
    standing_meeting_link: Option<String>,
    agenda: Vec<TopicView>,
    /// Some topic is not discussed yet (it can move to the next session).
    undiscussed: bool,
    /// The relationship's actions still open from earlier sessions: what the session reviews.
    review: Vec<ActionRow>,
    sections: Vec<EntrySection>,
    actions: Vec<ActionRow>,
    more_actions: Option<String>,
    goals: Vec<GoalView>,
    more_goals: Option<String>,
    statuses: Vec<Choice>,
    assignees: Vec<Choice>,
}

impl SessionPage {
    /// The page of `workspace`, whose session (of `series`, if any) is at `here`, with the text
    /// of a new entry the viewer is previewing, if any.
    pub fn new(
        context: &PageContext,
        workspace: SessionWorkspace,
        series: Option<Series>,
        here: &str,
        preview: Option<(SessionList, Composer)>,
    ) -> Self {
        let SessionWorkspace {
            viewer: me,
            session,
            relationship,
            join_url,
            agenda,
            notes,
            agreements,
            actions,
            open_from_earlier,
            goals,
            drafts,
        } = workspace;
        let writing = Writing { drafts, preview };
        let more = |list: SessionList, page: &Option<String>| {
            let list = list.segment();
            page.as_ref().map(|cursor| format!("{here}?more={list}&cursor={}#{list}", urlencode(cursor)))
        };
        let zone = format::zone(&me.user.timezone);
        let author = |id: Uuid| author_of(id, &relationship);
        let section = |list: SessionList, page: Page<Entry>| EntrySection {
            list,
            more: more(list, &page.next_cursor),
            composer: writing.composer(list),
            drafts: drafts_path(list, session.id),
            entries: page
                .items
                .into_iter()
                .map(|entry| EntryView {
                    id: entry.id,
                    author: author(entry.author_id),
                    when: format::date_time(entry.created_at, zone),
                    html: markdown::render(&entry.body),
                    body: entry.body,
                    truncated: entry.truncated,
                    edited: entry.edited,
                    version: entry.version,
                    private: entry.private,
                    draft: writing.draft(list, Some(entry.id)),
                    may: entry.capabilities,
                })
                .collect(),
        };
        let joining = Joining::of(&session, join_url, Utc::now());
        let CoachingSession { id: session_id, title, starts_at, duration_minutes, meeting_url, .. } = session;
        let (reschedule_date, reschedule_time) = format::inputs(starts_at, zone);
        Self {
            layout: context.layout(
                title.clone().unwrap_or_else(|| format!("Session {}", format::date_time(starts_at, zone))),
                Some(&me),
            ),
            back: BackLink::new("/", "Dashboard"),
            session_id,
            title,
            when: format::date_time(starts_at, zone),
            timezone: zone.name().to_owned(),
            duration_minutes,
            organization: relationship.organization_name.clone(),
            coach: full_name(&relationship.coach),
            coachee: full_name(&relationship.coachee),
            relationship_id: relationship.id,
            may: relationship.capabilities,
            reschedule_date,
            reschedule_time,
            own_meeting_url: meeting_url,
            series: series.map(|series| SeriesView::of(&series, &relationship.capabilities)),
            joining,
            standing_meeting_link: standing_meeting_link(&relationship),
            undiscussed: agenda.iter().any(|topic| topic.discussed_at.is_none()),
            agenda: topic_views(agenda, &relationship),
            review: open_from_earlier
                .items
                .into_iter()
                .map(|action| ActionRow::new(action, String::new()))
                .collect(),
            sections: vec![section(SessionList::Notes, notes), section(SessionList::Agreements, agreements)],
            more_actions: more(SessionList::Actions, &actions.next_cursor),
            actions: actions.items.into_iter().map(|action| ActionRow::new(action, String::new())).collect(),
            more_goals: more(SessionList::Goals, &goals.next_cursor),
            goals: goals.items.into_iter().map(|goal| goal_view(goal, session_id)).collect(),
            statuses: status_choices(),
            assignees: assignee_choices(),
        }
    }
}

/// What the relationship's meeting link form holds, for those who set it (the coach) while the
/// relationship lasts.
fn standing_meeting_link(relationship: &Relationship) -> Option<String> {
    let may_set = relationship.capabilities.manage_sessions && relationship.ended_at.is_none();
    may_set.then(|| relationship.meeting_url.clone().unwrap_or_default())
}

fn topic_views(agenda: Vec<AgendaTopic>, relationship: &Relationship) -> Vec<TopicView> {
    let count = agenda.len();
    agenda
        .into_iter()
        .enumerate()
        .map(|(index, topic)| TopicView {
            id: topic.id,
            author: author_of(topic.author_id, relationship),
            body: topic.body,
            discussed: topic.discussed_at.is_some(),
            first: index == 0,
            last: index + 1 == count,
            may: topic.capabilities,
        })
        .collect()
}

fn goal_view(goal: Goal, session_id: Uuid) -> GoalView {
    GoalView {
        id: goal.id,
        linked: goal.session_ids.contains(&session_id),
        title: goal.title,
        status: goal.status.as_str(),
        status_label: format::status_label(goal.status),
        target: goal.target_date.map(format::date).unwrap_or_default(),
    }
}

/// One note, agreement or action, whole: where a text cut short on the session page is read
/// (and, by its author, edited).
#[derive(Template)]
#[template(path = "entry.html")]
pub struct EntryPage {
    layout: Layout,
    back: BackLink,
    session_id: Uuid,
    /// The list it belongs to: its URL segment and the noun for one of its items.
    segment: &'static str,
    noun: &'static str,
    id: Uuid,
    author: String,
    when: String,
    body: String,
    /// The text rendered from Markdown, sanitized (notes and agreements; actions are plain text).
    html: Option<String>,
    edited: bool,
    private: bool,
    /// The edit form, for its author.
    editor: Option<Editor>,
    /// Where the script keeps drafts of the text (empty: it keeps none).
    drafts: String,
}

/// An item shown whole on its own page.
pub struct WholeItem {
    pub id: Uuid,
    pub list: SessionList,
    pub session_id: Uuid,
    pub author_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub body: String,
    pub edited: bool,
    pub private: bool,
    /// What the edit form holds, when the viewer may edit it.
    pub editor: Option<Editor>,
}

impl WholeItem {
    /// A note or an agreement of `list`, its form holding `editor` if the viewer may edit it.
    pub fn entry(list: SessionList, entry: Entry, editor: Editor) -> Self {
        Self {
            id: entry.id,
            list,
            session_id: entry.session_id,
            author_id: entry.author_id,
            created_at: entry.created_at,
            body: entry.body,
            edited: entry.edited,
            private: entry.private,
            editor: entry.capabilities.edit.then_some(editor),
        }
    }

    /// An action: edited in the session page's list, not here.
    pub fn action(action: Action) -> Self {
        Self {
            id: action.id,
            list: SessionList::Actions,
            session_id: action.session_id,
            author_id: action.author_id,
            created_at: action.created_at,
            body: action.body,
            edited: false,
            private: false,
            editor: None,
        }
    }
}

impl EntryPage {
    pub fn new(context: &PageContext, item: WholeItem, viewer: &Me, relationship: &Relationship) -> Self {
        let zone = format::zone(&viewer.user.timezone);
        Self {
            layout: context.layout(format!("{} of the session", item.list.noun()), Some(viewer)),
            back: BackLink::new(item.list.section(item.session_id), "Back to the session"),
            session_id: item.session_id,
            segment: item.list.segment(),
            noun: item.list.noun(),
            id: item.id,
            author: author_of(item.author_id, relationship),
            when: format::date_time(item.created_at, zone),
            html: (item.list != SessionList::Actions).then(|| markdown::render(&item.body)),
            body: item.body,
            edited: item.edited,
            private: item.private,
            editor: item.editor,
            drafts: drafts_path(item.list, item.session_id),
        }
    }
}

/// Whose words an item are, as its page names them.
fn author_of(author_id: Uuid, relationship: &Relationship) -> String {
    [&relationship.coach, &relationship.coachee]
        .into_iter()
        .find(|person| person.id == author_id)
        .map(full_name)
        .unwrap_or_else(|| "Someone".to_owned())
}

// What the note and agreement forms hold (pages/session/writing.rs fills them).

/// The form for a new entry of a list, as the page shows it: empty, filled back with the
/// visitor's draft, or with the text they asked to preview.
#[derive(Clone, Default)]
pub struct Composer {
    pub text: String,
    /// The rendered preview, when asked for.
    pub preview: Option<String>,
    pub private: bool,
    /// `text` is a draft saved earlier, not yet a note.
    pub restored: bool,
}

/// What the visitor was writing on a session page: their drafts, and the new entry they asked to
/// preview.
#[derive(Default)]
pub struct Writing {
    pub drafts: Vec<NoteDraft>,
    pub preview: Option<(SessionList, Composer)>,
}

impl Writing {
    /// The form for a new entry of `list`: the text previewed, else the draft, else empty.
    pub fn composer(&self, list: SessionList) -> Composer {
        match &self.preview {
            Some((previewed, composer)) if *previewed == list => composer.clone(),
            _ => self
                .draft(list, None)
                .map(|text| Composer { text, restored: true, ..Composer::default() })
                .unwrap_or_default(),
        }
    }

    /// The visitor's draft of an entry of `list` (`None`: a new one); only notes have drafts.
    pub fn draft(&self, list: SessionList, note_id: Option<Uuid>) -> Option<String> {
        let drafts = if list == SessionList::Notes { self.drafts.as_slice() } else { &[] };
        drafts.iter().find(|draft| draft.note_id == note_id).map(|draft| draft.body.clone())
    }
}

/// The text in an entry's edit form, as its own page shows it.
pub struct Editor {
    pub text: String,
    /// The version the edit starts from.
    pub version: i32,
    pub preview: Option<String>,
    /// `text` is a draft saved earlier.
    pub restored: bool,
    /// The entry as it was saved meanwhile (Markdown), when the visitor's edit met a newer version.
    pub conflict: Option<String>,
}

impl Editor {
    /// The saved text, or the visitor's draft of it.
    pub fn of(body: String, version: i32, draft: Option<String>) -> Self {
        let restored = draft.is_some();
        Self { text: draft.unwrap_or(body), version, preview: None, restored, conflict: None }
    }
}

/// Where the script keeps the drafts of `list`'s texts in a session: notes only (empty: none).
pub fn drafts_path(list: SessionList, session_id: Uuid) -> String {
    if list == SessionList::Notes { format!("/sessions/{session_id}/drafts") } else { String::new() }
}
