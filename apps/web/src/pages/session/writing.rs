//! Notes and agreements worth writing: a Markdown preview without script (the form's "Preview"
//! button shows the page again with the text and its rendering, saving nothing), drafts the
//! script in static/app.js keeps on the server as one types and that the page fills back in
//! without script, and the page showing both texts when an edit met a newer version.

use axum::http::StatusCode;
use axum::response::IntoResponse;
use contract::{DraftOf, EntryConflict, EntryUpdate, NewEntry, NoteDraft, NoteDraftSave};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::view::{ENTRIES, SessionList};
use super::{show_item, show_session};
use crate::api_client::Api;
use crate::error::{PageError, PageResult};
use crate::markdown;
use crate::page_context::PageContext;
use crate::pages::extract::VisitorForm;
use crate::pages::forms::{after_form, form_failure};

/// The value of the submit button that asks for a preview instead of saving.
const PREVIEW: &str = "preview";

/// A new note or agreement.
#[derive(Deserialize)]
pub struct NewEntryForm {
    body: String,
    /// The "Private" checkbox (notes of the coach): present when ticked.
    private: Option<String>,
    /// Which submit button: [`PREVIEW`], or saving.
    intent: Option<String>,
}

/// A note or agreement rewritten from `version`.
#[derive(Deserialize)]
pub struct EntryEditForm {
    body: String,
    version: i32,
    intent: Option<String>,
}

/// What the script sends as one types: the text of a new note (no `note_id`) or of an edit.
#[derive(Deserialize)]
pub struct DraftForm {
    note_id: Option<Uuid>,
    body: String,
}

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
    drafts: Vec<NoteDraft>,
    preview: Option<(SessionList, Composer)>,
}

impl Writing {
    /// The visitor's drafts in the session; none for those who keep none there (the api refuses
    /// people who do not write in it), so the page shows whatever else it can.
    pub async fn drafts(api: Api, session_id: Uuid) -> Self {
        let drafts = api.get(format!("/sessions/{session_id}/drafts")).await.unwrap_or_default();
        Self { drafts, preview: None }
    }

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

/// Writes a new note or agreement, or shows the session page with its preview.
pub async fn add_entry(
    context: PageContext,
    VisitorForm { api, ids: (session_id, list), form }: VisitorForm<(Uuid, SessionList), NewEntryForm>,
) -> PageResult {
    let list = list.one_of(&ENTRIES)?;
    let private = form.private.is_some();
    if form.intent.as_deref() == Some(PREVIEW) {
        let preview = Some(markdown::render(&form.body));
        let composer = Composer { text: form.body, preview, private, restored: false };
        let drafts = Writing::drafts(api.clone(), session_id);
        let writing = async move { Writing { preview: Some((list, composer)), ..drafts.await } };
        return show_session(api, context, session_id, None, writing).await;
    }
    let body = NewEntry { session_id, body: form.body, private };
    let outcome = api.send_only(Method::POST, &format!("/{}", list.segment()), &body).await;
    after_form(outcome, &list.section(session_id), &format!("{} added.", list.noun()))
}

/// Rewrites a note or agreement, or shows its page with the preview; an edit that met a newer
/// version shows both texts (409) to merge and save again.
pub async fn save_entry(
    context: PageContext,
    VisitorForm { api, ids: (session_id, list, id), form }: VisitorForm<
        (Uuid, SessionList, Uuid),
        EntryEditForm,
    >,
) -> PageResult {
    let list = list.one_of(&ENTRIES)?;
    if form.intent.as_deref() == Some(PREVIEW) {
        let preview = Some(markdown::render(&form.body));
        let editor =
            Editor { text: form.body, version: form.version, preview, restored: false, conflict: None };
        return show_item(api, context, (session_id, list, id), Some(editor), StatusCode::OK).await;
    }
    let path = format!("/{}/{id}", list.segment());
    let update = EntryUpdate { body: form.body, version: form.version };
    let back = list.section(session_id);
    match api.send_or_conflict::<_, EntryConflict>(Method::PUT, &path, &update).await {
        Ok(Ok(())) => after_form(Ok(()), &back, &format!("{} saved.", list.noun())),
        Ok(Err(conflict)) => {
            let editor = Editor {
                text: conflict.sent,
                version: conflict.current.version,
                preview: None,
                restored: false,
                conflict: Some(conflict.current.body),
            };
            show_item(api, context, (session_id, list, id), Some(editor), StatusCode::CONFLICT).await
        }
        Err(failure) => Err(form_failure(failure, &back)),
    }
}

/// Keeps what the visitor is typing (the script posts it); a cleared text forgets the draft.
pub async fn save_draft(
    VisitorForm { api, ids: session_id, form }: VisitorForm<Uuid, DraftForm>,
) -> PageResult {
    let path = drafts_path(SessionList::Notes, session_id);
    let outcome = if form.body.trim().is_empty() {
        let query = serde_urlencoded::to_string(DraftOf { note_id: form.note_id }).unwrap_or_default();
        api.call(Method::DELETE, &format!("{path}?{query}")).await
    } else {
        api.send_only(Method::PUT, &path, &NoteDraftSave { note_id: form.note_id, body: form.body }).await
    };
    outcome.map_err(|failure| PageError::from_api(failure, &format!("/sessions/{session_id}")))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
