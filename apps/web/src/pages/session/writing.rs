//! Notes and agreements worth writing: a Markdown preview without script (the form's "Preview"
//! button shows the page again with the text and its rendering, saving nothing), drafts the
//! script in static/app.js keeps on the server as one types (the page fills them back in
//! without script), and the page showing both texts when an edit met a newer version. What the
//! forms hold is in `view` (`Writing`, `Composer`, `Editor`).

use axum::http::StatusCode;
use axum::response::IntoResponse;
use contract::{DraftOf, EntryConflict, EntryUpdate, NewEntry, NoteDraftSave};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use super::view::{Composer, ENTRIES, Editor, SessionList, drafts_path};
use super::{show_item, show_session};
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
        return show_session(api, context, session_id, None, Some((list, composer))).await;
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
