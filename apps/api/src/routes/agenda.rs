//! A session's agenda: topics either participant adds before or during the session, reorders and
//! marks discussed; those not discussed move on to the next session in one step. A topic's text
//! is its author's to rewrite or delete, like a note's.

use axum::http::StatusCode;
use contract::limits::{MAX_AGENDA_TOPICS, MAX_TOPIC_CHARS};
use contract::{AgendaOrder, AgendaTopic, AgendaTopicText, CarriedOver, TopicDiscussed};
use uuid::Uuid;

use super::child::Child;
use super::entries::{reader, writer, writing};
use super::errors::{DeleteErrors, ReadErrors, ThrottledErrors, WriteErrors};
use super::guard::Access;
use crate::domain::policy::EntryReader;
use crate::domain::validate::{self, InvalidInput};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Path};
use crate::storage::access::Anchor;
use crate::storage::agenda::{self, AgendaRefusal};

impl From<AgendaRefusal> for ApiError {
    fn from(refusal: AgendaRefusal) -> Self {
        match refusal {
            AgendaRefusal::Full => InvalidInput::new(format!(
                "an agenda holds at most {MAX_AGENDA_TOPICS} topics; mark some discussed or delete some"
            ))
            .into(),
            AgendaRefusal::NotItsTopics => {
                InvalidInput::new("topic_ids must name each topic of the session's agenda exactly once")
                    .into()
            }
            AgendaRefusal::NoNextSession => ApiError::conflict(
                "no_next_session",
                "there is no later session in this relationship yet: schedule it first",
            ),
        }
    }
}

fn topic_text(body: &str) -> Result<String, InvalidInput> {
    validate::text("body", body, MAX_TOPIC_CHARS)
}

/// A session's topics, in the order of discussion.
#[utoipa::path(get, path = "/sessions/{id}/agenda", tag = "agenda", params(("id" = Uuid, Path)),
    responses((status = 200, body = [AgendaTopic]), ReadErrors))]
pub async fn list(access: Access, Path(session_id): Path<Uuid>) -> ApiResult<Json<Vec<AgendaTopic>>> {
    let reader = reader(&access, Anchor::Session(session_id)).await?;
    Ok(Json(agenda::list(access.db(), reader, session_id).await?))
}

/// Adds a topic at the end (the coach or the coachee).
#[utoipa::path(post, path = "/sessions/{id}/agenda", tag = "agenda", params(("id" = Uuid, Path)),
    request_body = AgendaTopicText,
    responses((status = 201, body = AgendaTopic), WriteErrors, ThrottledErrors))]
pub async fn add(
    access: Access,
    Path(session_id): Path<Uuid>,
    Json(input): Json<AgendaTopicText>,
) -> ApiResult<(StatusCode, Json<AgendaTopic>)> {
    let (relationship_id, reader) = writer(&access, Anchor::Session(session_id)).await?;
    let body = topic_text(&input.body)?;
    let (status, added) =
        access.create_in(relationship_id, async |db| agenda::add(db, reader, session_id, body).await).await?;
    Ok((status, Json(added.0?)))
}

/// Puts the agenda in a new order (the coach or the coachee).
#[utoipa::path(put, path = "/sessions/{id}/agenda/order", tag = "agenda", params(("id" = Uuid, Path)),
    request_body = AgendaOrder, responses((status = 200, body = [AgendaTopic]), WriteErrors))]
pub async fn reorder(
    access: Access,
    Path(session_id): Path<Uuid>,
    Json(input): Json<AgendaOrder>,
) -> ApiResult<Json<Vec<AgendaTopic>>> {
    let (_, reader) = writer(&access, Anchor::Session(session_id)).await?;
    if input.topic_ids.len() > MAX_AGENDA_TOPICS {
        return Err(AgendaRefusal::NotItsTopics.into());
    }
    Ok(Json(agenda::reorder(access.db(), reader, session_id, &input.topic_ids).await??))
}

/// Moves the topics not discussed to the relationship's next session (the coach or the
/// coachee): 409 when none is scheduled yet.
#[utoipa::path(post, path = "/sessions/{id}/agenda/carry-over", tag = "agenda", params(("id" = Uuid, Path)),
    responses((status = 200, body = CarriedOver), WriteErrors,
        (status = 409, description = "No later session is scheduled", body = contract::ErrorBody)))]
pub async fn carry_over(access: Access, Path(session_id): Path<Uuid>) -> ApiResult<Json<CarriedOver>> {
    writer(&access, Anchor::Session(session_id)).await?;
    let (next_session_id, topic_ids) = agenda::carry_over(access.db(), session_id).await??;
    Ok(Json(CarriedOver { next_session_id, topic_ids }))
}

/// Why a change that only a topic's author may make found nothing to change: the topic is gone
/// (404), or someone else wrote it (403). Only a refusal costs this second look.
async fn not_changed(access: &Access, reader: EntryReader, id: Uuid) -> ApiError {
    match agenda::get(access.db(), reader, id).await {
        Ok(Some(_)) => ApiError::forbidden(EntryReader::NOT_THE_AUTHOR),
        Ok(None) => ApiError::not_found("agenda topic"),
        Err(error) => error.into(),
    }
}

/// The caller, when they write in the relationship of the topic.
async fn topic_writer(topic: Child) -> ApiResult<(Access, EntryReader)> {
    let id = topic.id;
    let (access, _, grant) = topic.within(Anchor::AgendaTopic(id)).await?;
    let reader = writing(access.caller.id, grant)?;
    Ok((access, reader))
}

/// Rewrites a topic (its author).
#[utoipa::path(put, path = "/agenda/{id}", tag = "agenda", params(("id" = Uuid, Path)),
    request_body = AgendaTopicText, responses((status = 200, body = AgendaTopic), WriteErrors))]
pub async fn rewrite(topic: Child, Json(input): Json<AgendaTopicText>) -> ApiResult<Json<AgendaTopic>> {
    let id = topic.id;
    let (access, reader) = topic_writer(topic).await?;
    let body = topic_text(&input.body)?;
    match agenda::rewrite(access.db(), reader, id, body).await? {
        Some(rewritten) => Ok(Json(rewritten)),
        None => Err(not_changed(&access, reader, id).await),
    }
}

/// Marks a topic discussed, or to be discussed again (the coach or the coachee).
#[utoipa::path(put, path = "/agenda/{id}/discussed", tag = "agenda", params(("id" = Uuid, Path)),
    request_body = TopicDiscussed, responses((status = 200, body = AgendaTopic), WriteErrors))]
pub async fn set_discussed(topic: Child, Json(input): Json<TopicDiscussed>) -> ApiResult<Json<AgendaTopic>> {
    let id = topic.id;
    let (access, reader) = topic_writer(topic).await?;
    let changed = agenda::set_discussed(access.db(), reader, id, input.discussed).await?;
    Ok(Json(changed.or_not_found("agenda topic")?))
}

/// Deletes a topic (its author).
#[utoipa::path(delete, path = "/agenda/{id}", tag = "agenda", params(("id" = Uuid, Path)),
    responses((status = 204), DeleteErrors))]
pub async fn delete(topic: Child) -> ApiResult<StatusCode> {
    let id = topic.id;
    let (access, reader) = topic_writer(topic).await?;
    if !agenda::delete(access.db(), id, reader.user_id).await? {
        return Err(not_changed(&access, reader, id).await);
    }
    Ok(StatusCode::NO_CONTENT)
}
