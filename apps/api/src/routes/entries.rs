//! Notes and agreements share one shape and one set of rules, so one implementation serves
//! both; the macro below only stamps out the documented endpoints for each path.

use axum::http::StatusCode;
use contract::{
    BySession, EDIT_CONFLICT, Entry, EntryCapabilities, EntryConflict, EntryUpdate, NewEntry, Page,
    PageRequest,
};
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use super::child::Child;
use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::{Access, Login, require};
use crate::domain::policy::{Duty, EntryReader, RelationshipGrant};
use crate::domain::validate;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Query};
use crate::storage::access::Anchor;
use crate::storage::drafts::{self, DraftKey};
use crate::storage::entries::{self, Edit, EntryTable};
use crate::storage::page::{CreatedKey, Keyset};

/// The caller as a reader of the entries behind `anchor` (404 when they may not see them).
pub(super) async fn reader(access: &Access, anchor: Anchor) -> ApiResult<EntryReader> {
    let (_, grant) = access.relationship_grant(anchor).await?;
    Ok(EntryReader { user_id: access.caller.id, grant })
}

/// The caller, when they write in the relationship behind `anchor` (403 otherwise), and that
/// relationship.
pub(super) async fn writer(access: &Access, anchor: Anchor) -> ApiResult<(Uuid, EntryReader)> {
    let (relationship_id, grant) = access.relationship_grant(anchor).await?;
    Ok((relationship_id, writing(access.caller.id, grant)?))
}

/// Person `user_id`, standing as `grant` in a relationship, when they write there (403 otherwise).
pub(super) fn writing(user_id: Uuid, grant: RelationshipGrant) -> ApiResult<EntryReader> {
    require(grant.allows(Duty::WriteContent), grant.refusal(Duty::WriteContent))?;
    Ok(EntryReader { user_id, grant })
}

/// The caller, when the capabilities of the entry (`may`) let them change it: 404 for someone
/// who may not read it (a private note is nobody else's: not even its existence shows), 403 for
/// someone who does not write here, or who did not write this entry.
async fn author(
    table: EntryTable,
    entry: Child,
    may: fn(EntryCapabilities) -> bool,
) -> ApiResult<(Access, EntryReader)> {
    let id = entry.id;
    let (access, _, grant) = entry.within(Anchor::Entry(table, id)).await?;
    let reader = EntryReader { user_id: access.caller.id, grant };
    let found = entries::get(access.db(), reader, table, id).await?.or_not_found(table.noun())?;
    require(grant.allows(Duty::WriteContent), grant.refusal(Duty::WriteContent))?;
    require(may(found.capabilities), EntryReader::NOT_THE_AUTHOR)?;
    Ok((access, reader))
}

async fn list_entries(
    table: EntryTable,
    access: Access,
    session_id: Uuid,
    keyset: Keyset<CreatedKey>,
) -> ApiResult<Json<Page<Entry>>> {
    let reader = reader(&access, Anchor::Session(session_id)).await?;
    Ok(Json(entries::list(access.db(), reader, table, session_id, &keyset).await?))
}

async fn create_entry(
    table: EntryTable,
    login: Login,
    input: NewEntry,
) -> ApiResult<(StatusCode, Json<Entry>)> {
    let (access, relationship_id, grant) = login.within(Anchor::Session(input.session_id)).await?;
    let reader = writing(access.caller.id, grant)?;
    let body = validate::text("body", &input.body, validate::MAX_BODY_CHARS)?;
    if input.private {
        if table != EntryTable::Note {
            return Err(ApiError::invalid("private: only notes can be private"));
        }
        require(reader.grant.keeps_private_notes(), EntryReader::PRIVATE_IS_THE_COACHS)?;
    }
    access
        .create_counted_in(relationship_id, async |db, quota| {
            Ok(entries::create(db, reader, table, input.session_id, body, input.private, quota).await?)
        })
        .await
}

/// A saved note needs its draft no more (agreements have none).
async fn discard_draft(db: &DatabaseConnection, table: EntryTable, draft: DraftKey) -> Result<(), DbErr> {
    if table == EntryTable::Note { drafts::discard(db, draft).await } else { Ok(()) }
}

/// The entry as saved, or (409) both texts when it was saved from another version meanwhile.
pub type Edited = Result<Json<Entry>, (StatusCode, Json<EntryConflict>)>;

async fn get_entry(table: EntryTable, entry: Child) -> ApiResult<Json<Entry>> {
    let id = entry.id;
    let (access, _, grant) = entry.within(Anchor::Entry(table, id)).await?;
    let reader = EntryReader { user_id: access.caller.id, grant };
    let found = entries::get(access.db(), reader, table, id).await?;
    Ok(Json(found.or_not_found(table.noun())?))
}

async fn update_entry(table: EntryTable, entry: Child, input: EntryUpdate) -> ApiResult<Edited> {
    let id = entry.id;
    let (access, reader) = author(table, entry, |may| may.edit).await?;
    let body = validate::text("body", &input.body, validate::MAX_BODY_CHARS)?;
    match entries::update(access.db(), reader, table, id, body.clone(), input.version).await? {
        Edit::Saved(saved) => {
            let draft =
                DraftKey { author_id: reader.user_id, session_id: saved.session_id, note_id: Some(saved.id) };
            discard_draft(access.db(), table, draft).await?;
            Ok(Ok(Json(saved)))
        }
        Edit::Stale(current) => Ok(Err((
            StatusCode::CONFLICT,
            Json(EntryConflict {
                error: EDIT_CONFLICT.to_owned(),
                message: format!(
                    "version: this {} was saved meanwhile (now version {}); merge the two texts and save again",
                    table.noun(),
                    current.version
                ),
                current,
                sent: body,
            }),
        ))),
        Edit::Missing => Err(ApiError::not_found(table.noun())),
    }
}

async fn delete_entry(table: EntryTable, entry: Child) -> ApiResult<StatusCode> {
    let id = entry.id;
    let (access, _) = author(table, entry, |may| may.delete).await?;
    entries::delete(access.db(), table, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

// rustfmt re-indents the attribute continuation lines in this body on every run.
#[rustfmt::skip]
macro_rules! entry_endpoints {
    ($module:ident, $table:expr, $tag:literal, $collection:literal, $item:literal) => {
        pub mod $module {
            // This file's shared handlers and imports; named from the crate root because
            // `super` here would read, to the module-cycle check, as a reference up to `routes`.
            use crate::routes::entries::*;

            /// The session's entries, oldest first, a page at a time.
            #[utoipa::path(get, path = $collection, tag = $tag, params(BySession, PageRequest),
                responses((status = 200, body = Page<Entry>), ReadErrors))]
            pub async fn list(
                access: Access,
                Query(query): Query<BySession>,
                keyset: Keyset<CreatedKey>,
            ) -> ApiResult<Json<Page<Entry>>> {
                list_entries($table, access, query.session_id, keyset).await
            }

            /// Writes a new entry in a session (its coach or coachee).
            #[utoipa::path(post, path = $collection, tag = $tag, request_body = NewEntry,
                responses((status = 201, body = Entry), WriteErrors, ThrottledErrors))]
            pub async fn create(login: Login, Json(input): Json<NewEntry>) -> ApiResult<(StatusCode, Json<Entry>)> {
                create_entry($table, login, input).await
            }

            #[utoipa::path(get, path = $item, tag = $tag, params(("id" = Uuid, Path)),
                responses((status = 200, body = Entry), ReadErrors))]
            pub async fn get(entry: Child) -> ApiResult<Json<Entry>> {
                get_entry($table, entry).await
            }

            /// Replaces the text (its author only), when nobody saved it since `version`.
            #[utoipa::path(put, path = $item, tag = $tag, params(("id" = Uuid, Path)),
                request_body = EntryUpdate,
                responses((status = 200, body = Entry),
                    (status = 409, body = EntryConflict,
                        description = "Saved meanwhile from another version: both texts"),
                    WriteErrors))]
            pub async fn update(entry: Child, Json(input): Json<EntryUpdate>) -> ApiResult<Edited> {
                update_entry($table, entry, input).await
            }

            /// Deletes the entry (its author only).
            #[utoipa::path(delete, path = $item, tag = $tag, params(("id" = Uuid, Path)),
                responses((status = 204), DeleteErrors))]
            pub async fn delete(entry: Child) -> ApiResult<StatusCode> {
                delete_entry($table, entry).await
            }
        }
    };
}

entry_endpoints!(notes, EntryTable::Note, "notes", "/notes", "/notes/{id}");
entry_endpoints!(agreements, EntryTable::Agreement, "agreements", "/agreements", "/agreements/{id}");
