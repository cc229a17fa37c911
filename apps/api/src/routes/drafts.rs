//! Drafts of notes: what the caller is typing in a session, kept as they type so that leaving
//! the page loses nothing. Only people who write in the relationship keep drafts, and each reads
//! only their own.

use axum::http::StatusCode;
use contract::{DraftOf, NoteDraft, NoteDraftSave};
use uuid::Uuid;

use super::entries::writer;
use super::errors::{DeleteErrors, WriteErrors};
use super::guard::{Access, require};
use crate::domain::policy::EntryReader;
use crate::domain::validate;
use crate::error::{ApiResult, OrNotFound};
use crate::extract::{Json, Path, Query};
use crate::storage::access::Anchor;
use crate::storage::drafts::{self, DraftKey};
use crate::storage::entries::{self, EntryTable};

/// The caller's draft of `note_id` (a new note when `None`) in session `session_id`: 404 when
/// they may not see the session, 403 when they do not write there, and for an edit, 404 unless
/// the note is in this session and 403 unless it is theirs to change.
async fn draft_key(access: &Access, session_id: Uuid, note_id: Option<Uuid>) -> ApiResult<DraftKey> {
    let (_, reader) = writer(access, Anchor::Session(session_id)).await?;
    if let Some(note_id) = note_id {
        let note = entries::get(access.db(), reader, EntryTable::Note, note_id)
            .await?
            .filter(|note| note.session_id == session_id)
            .or_not_found("note")?;
        require(note.capabilities.edit, EntryReader::NOT_THE_AUTHOR)?;
    }
    Ok(DraftKey { author_id: reader.user_id, session_id, note_id })
}

/// The caller's drafts in a session (of a new note, and of edits of their notes), newest first.
// DeleteErrors: 403 for those who see the session but do not write there, 404 for others.
#[utoipa::path(get, path = "/sessions/{id}/drafts", tag = "notes", params(("id" = Uuid, Path)),
    responses((status = 200, body = [NoteDraft]), DeleteErrors))]
pub async fn list(access: Access, Path(session_id): Path<Uuid>) -> ApiResult<Json<Vec<NoteDraft>>> {
    let key = draft_key(&access, session_id, None).await?;
    Ok(Json(drafts::list(access.db(), key.author_id, session_id).await?))
}

/// Keeps what the caller is typing (a new note, or an edit of their note), replacing their
/// earlier draft of it.
#[utoipa::path(put, path = "/sessions/{id}/drafts", tag = "notes", params(("id" = Uuid, Path)),
    request_body = NoteDraftSave, responses((status = 200, body = NoteDraft), WriteErrors))]
pub async fn save(
    access: Access,
    Path(session_id): Path<Uuid>,
    Json(input): Json<NoteDraftSave>,
) -> ApiResult<Json<NoteDraft>> {
    let key = draft_key(&access, session_id, input.note_id).await?;
    let body = validate::text("body", &input.body, validate::MAX_BODY_CHARS)?;
    Ok(Json(drafts::save(access.db(), key, body).await?))
}

/// Forgets the caller's draft (of the new note, or of `note_id`); 204 also when there was none.
#[utoipa::path(delete, path = "/sessions/{id}/drafts", tag = "notes", params(("id" = Uuid, Path), DraftOf),
    responses((status = 204), DeleteErrors))]
pub async fn discard(
    access: Access,
    Path(session_id): Path<Uuid>,
    Query(draft): Query<DraftOf>,
) -> ApiResult<StatusCode> {
    let key = draft_key(&access, session_id, draft.note_id).await?;
    drafts::discard(access.db(), key).await?;
    Ok(StatusCode::NO_CONTENT)
}
