//! Coaching relationships: a coach and a coachee within an organization.

use axum::http::StatusCode;
use contract::{
    ErrorBody, MeetingLink, NewRelationship, Page, PageRequest, Relationship, RelationshipFilter,
};

use super::child::Child;
use super::errors::{DeleteErrors, ReadErrors, WriteErrors};
use super::guard::{Access, Login};
use crate::domain::policy::Duty;
use crate::domain::validate;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Query};
use crate::storage::access::Anchor;
use crate::storage::page::Keyset;
use crate::storage::people;
use crate::storage::relationships::{self, RelationshipKey};

/// Relationships you are in, and all relationships of organizations you administer, each with
/// what you may do in it; by organization and names, a page at a time.
#[utoipa::path(get, path = "/relationships", tag = "relationships", params(RelationshipFilter, PageRequest),
    responses((status = 200, body = Page<Relationship>)))]
pub async fn list(
    login: Login,
    Query(filter): Query<RelationshipFilter>,
    keyset: Keyset<RelationshipKey>,
) -> ApiResult<Json<Page<Relationship>>> {
    let db = login.db();
    login
        .page(None, keyset, |caller, keyset| async move {
            relationships::list_visible(db, caller.viewer(), filter.organization_id, &keyset).await
        })
        .await
}

/// Pairs a coach with a coachee (organization admins). Both must be members.
#[utoipa::path(post, path = "/relationships", tag = "relationships", request_body = NewRelationship,
    responses(
        (status = 201, body = Relationship),
        (status = 403, body = ErrorBody),
        (status = 404, description = "No such organization", body = ErrorBody),
        (status = 409, description = "These two are already paired here", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
pub async fn create(
    access: Access,
    Json(input): Json<NewRelationship>,
) -> ApiResult<(StatusCode, Json<Relationship>)> {
    access
        .organization_manager(input.organization_id, "only the organization's admins set up relationships")
        .await?;
    if input.coach_id == input.coachee_id {
        return Err(ApiError::invalid("coach and coachee must be two different people"));
    }
    let people = [input.coach_id, input.coachee_id];
    if !people::all_members(access.db(), input.organization_id, &people).await? {
        return Err(ApiError::invalid("coach and coachee must both be members of the organization"));
    }
    let relationship = relationships::create(
        access.db(),
        access.caller.viewer(),
        input.organization_id,
        input.coach_id,
        input.coachee_id,
    )
    .await
    .map_err(|error| {
        ApiError::from(error).on_conflict(
            "already_exists",
            "this coach already coaches this coachee here (an ended pairing counts too)",
        )
    })?;
    Ok((StatusCode::CREATED, Json(relationship)))
}

#[utoipa::path(get, path = "/relationships/{id}", tag = "relationships",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Relationship), ReadErrors))]
pub async fn get(relationship: Child) -> ApiResult<Json<Relationship>> {
    let id = relationship.id;
    let (access, _, _) = relationship.within(Anchor::Relationship(id)).await?;
    let found = relationships::get(access.db(), access.caller.viewer(), id).await?;
    Ok(Json(found.or_not_found("relationship")?))
}

/// Ends a relationship (organization admins). It stays, with everything written in it, as
/// read-only history: its coach and coachee still read it while they are members, nobody writes
/// in it or schedules sessions in it any more (403). Ending it again changes nothing. There is no
/// way to delete a relationship on its own: what people wrote goes only with its organization.
#[utoipa::path(post, path = "/relationships/{id}/end", tag = "relationships",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Relationship), DeleteErrors))]
pub async fn end(relationship: Child) -> ApiResult<Json<Relationship>> {
    let id = relationship.id;
    let access = relationship.permitted(Anchor::Relationship(id), Duty::ManageRelationship).await?;
    let ended = relationships::end(access.db(), access.caller.viewer(), id).await?;
    Ok(Json(ended.or_not_found("relationship")?))
}

/// Sets the relationship's standing meeting link (the coach): any provider's https link, which
/// its sessions are joined at unless a session has its own. Blank or `null` removes it.
#[utoipa::path(put, path = "/relationships/{id}/meeting-link", tag = "relationships",
    params(("id" = Uuid, Path)), request_body = MeetingLink,
    responses((status = 200, body = Relationship), WriteErrors))]
pub async fn set_meeting_link(
    relationship: Child,
    Json(input): Json<MeetingLink>,
) -> ApiResult<Json<Relationship>> {
    let id = relationship.id;
    let access = relationship.permitted(Anchor::Relationship(id), Duty::ManageSessions).await?;
    let link = validate::optional_meeting_url("meeting_url", input.meeting_url.as_deref())?;
    let changed = relationships::set_meeting_link(access.db(), access.caller.viewer(), id, link).await?;
    Ok(Json(changed.or_not_found("relationship")?))
}
