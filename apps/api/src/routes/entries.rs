//! Notes and agreements share one shape and one set of rules, so one implementation serves
//! both; the macro below only stamps out the documented endpoints for each path.

use axum::extract::State;
use axum::http::StatusCode;
use contract::{BySession, Entry, EntryCapabilities, EntryUpdate, NewEntry, Page, PageRequest};
use uuid::Uuid;

use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::{count_write, relationship_grant, require};
use crate::domain::caller::Caller;
use crate::domain::policy::{Duty, EntryReader};
use crate::domain::validate;
use crate::error::{ApiResult, OrNotFound};
use crate::extract::{Json, Path, Query};
use crate::state::AppState;
use crate::storage::access::Anchor;
use crate::storage::entries::{self, EntryTable};
use crate::storage::page::Keyset;

/// The caller as a reader of the entries behind `anchor` (404 when they may not see them).
async fn reader(state: &AppState, caller: &Caller, anchor: Anchor) -> ApiResult<EntryReader> {
    let (_, grant) = relationship_grant(state, caller, anchor).await?;
    Ok(EntryReader { user_id: caller.id, grant })
}

/// The caller, when they write in the relationship behind `anchor` (403 otherwise), and that
/// relationship.
async fn writer(state: &AppState, caller: &Caller, anchor: Anchor) -> ApiResult<(Uuid, EntryReader)> {
    let (relationship_id, grant) = relationship_grant(state, caller, anchor).await?;
    require(grant.allows(Duty::WriteContent), grant.refusal(Duty::WriteContent))?;
    Ok((relationship_id, EntryReader { user_id: caller.id, grant }))
}

/// The caller, when the capabilities of entry `id` (`may`) let them change it: 403 for someone
/// who does not write here, or who did not write this entry.
async fn author(
    table: EntryTable,
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    may: fn(EntryCapabilities) -> bool,
) -> ApiResult<EntryReader> {
    let (_, reader) = writer(state, caller, Anchor::Entry(table, id)).await?;
    let entry = entries::get(&state.db, reader, table, id).await?.or_not_found(table.noun())?;
    require(may(entry.capabilities), EntryReader::NOT_THE_AUTHOR)?;
    Ok(reader)
}

async fn list_entries(
    table: EntryTable,
    state: &AppState,
    caller: &Caller,
    session_id: Uuid,
    page: PageRequest,
) -> ApiResult<Json<Page<Entry>>> {
    let keyset = Keyset::parse(&page)?;
    let reader = reader(state, caller, Anchor::Session(session_id)).await?;
    Ok(Json(entries::list(&state.db, reader, table, session_id, &keyset).await?))
}

async fn create_entry(
    table: EntryTable,
    state: &AppState,
    caller: &Caller,
    input: NewEntry,
) -> ApiResult<(StatusCode, Json<Entry>)> {
    let (relationship_id, reader) = writer(state, caller, Anchor::Session(input.session_id)).await?;
    let body = validate::text("body", &input.body, validate::MAX_BODY_CHARS)?;
    count_write(state, relationship_id).await?;
    let entry = entries::create(&state.db, reader, table, input.session_id, body).await?;
    Ok((StatusCode::CREATED, Json(entry)))
}

async fn get_entry(table: EntryTable, state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<Json<Entry>> {
    let reader = reader(state, caller, Anchor::Entry(table, id)).await?;
    let entry = entries::get(&state.db, reader, table, id).await?;
    Ok(Json(entry.or_not_found(table.noun())?))
}

async fn update_entry(
    table: EntryTable,
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    input: EntryUpdate,
) -> ApiResult<Json<Entry>> {
    let reader = author(table, state, caller, id, |may| may.edit).await?;
    let body = validate::text("body", &input.body, validate::MAX_BODY_CHARS)?;
    let entry = entries::update(&state.db, reader, table, id, body).await?;
    Ok(Json(entry.or_not_found(table.noun())?))
}

async fn delete_entry(
    table: EntryTable,
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<StatusCode> {
    author(table, state, caller, id, |may| may.delete).await?;
    entries::delete(&state.db, table, id).await?;
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
                State(state): State<AppState>,
                caller: Caller,
                Query(query): Query<BySession>,
                Query(page): Query<PageRequest>,
            ) -> ApiResult<Json<Page<Entry>>> {
                list_entries($table, &state, &caller, query.session_id, page).await
            }

            /// Writes a new entry in a session (its coach or coachee).
            #[utoipa::path(post, path = $collection, tag = $tag, request_body = NewEntry,
                responses((status = 201, body = Entry), WriteErrors, ThrottledErrors))]
            pub async fn create(
                State(state): State<AppState>,
                caller: Caller,
                Json(input): Json<NewEntry>,
            ) -> ApiResult<(StatusCode, Json<Entry>)> {
                create_entry($table, &state, &caller, input).await
            }

            #[utoipa::path(get, path = $item, tag = $tag, params(("id" = Uuid, Path)),
                responses((status = 200, body = Entry), ReadErrors))]
            pub async fn get(
                State(state): State<AppState>,
                caller: Caller,
                Path(id): Path<Uuid>,
            ) -> ApiResult<Json<Entry>> {
                get_entry($table, &state, &caller, id).await
            }

            /// Replaces the text (its author only).
            #[utoipa::path(put, path = $item, tag = $tag, params(("id" = Uuid, Path)),
                request_body = EntryUpdate,
                responses((status = 200, body = Entry), WriteErrors))]
            pub async fn update(
                State(state): State<AppState>,
                caller: Caller,
                Path(id): Path<Uuid>,
                Json(input): Json<EntryUpdate>,
            ) -> ApiResult<Json<Entry>> {
                update_entry($table, &state, &caller, id, input).await
            }

            /// Deletes the entry (its author only).
            #[utoipa::path(delete, path = $item, tag = $tag, params(("id" = Uuid, Path)),
                responses((status = 204), DeleteErrors))]
            pub async fn delete(
                State(state): State<AppState>,
                caller: Caller,
                Path(id): Path<Uuid>,
            ) -> ApiResult<StatusCode> {
                delete_entry($table, &state, &caller, id).await
            }
        }
    };
}

entry_endpoints!(notes, EntryTable::Note, "notes", "/notes", "/notes/{id}");
entry_endpoints!(agreements, EntryTable::Agreement, "agreements", "/agreements", "/agreements/{id}");
