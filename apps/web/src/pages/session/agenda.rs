//! The agenda of the session page: adding topics, moving them up or down, marking them discussed,
//! and moving those not discussed to the next session. Each form goes back to the agenda.

use contract::{AgendaOrder, AgendaTopic, AgendaTopicText, CarriedOver, TopicDiscussed};
use reqwest::Method;
use serde::Deserialize;
use uuid::Uuid;

use crate::error::{PageError, PageResult};
use crate::flash::{Flash, redirect};
use crate::pages::extract::VisitorForm;
use crate::pages::forms::{NoFields, after_form, form_failure};

/// Where the agenda's forms go back to.
pub fn section(session_id: Uuid) -> String {
    format!("/sessions/{session_id}#agenda")
}

#[derive(Deserialize)]
pub struct TopicForm {
    body: String,
}

#[derive(Deserialize)]
pub struct MoveForm {
    /// `up` or `down`.
    direction: String,
}

#[derive(Deserialize)]
pub struct DiscussedForm {
    /// `true` marks it discussed, anything else to be discussed again.
    discussed: String,
}

pub async fn add(VisitorForm { api, ids: session_id, form }: VisitorForm<Uuid, TopicForm>) -> PageResult {
    let path = format!("/sessions/{session_id}/agenda");
    let outcome = api.send_only(Method::POST, &path, &AgendaTopicText { body: form.body }).await;
    after_form(outcome, &section(session_id), "Topic added.")
}

/// Swaps a topic with the one above or below it, as the agenda stands now.
pub async fn move_topic(
    VisitorForm { api, ids: (session_id, topic_id), form }: VisitorForm<(Uuid, Uuid), MoveForm>,
) -> PageResult {
    let back = section(session_id);
    let path = format!("/sessions/{session_id}/agenda");
    let topics = api.get::<Vec<AgendaTopic>>(&path).await.map_err(|failure| form_failure(failure, &back))?;
    let mut order: Vec<Uuid> = topics.iter().map(|topic| topic.id).collect();
    let at = order.iter().position(|id| *id == topic_id).ok_or(PageError::NotFound)?;
    let other = match form.direction.as_str() {
        "up" => at.checked_sub(1),
        "down" => Some(at + 1).filter(|below| *below < order.len()),
        _ => return Err(PageError::refused(&back, "Move a topic up or down.")),
    };
    let Some(other) = other else {
        return Ok(redirect(&back, None));
    };
    order.swap(at, other);
    let outcome =
        api.send_only(Method::PUT, &format!("{path}/order"), &AgendaOrder { topic_ids: order }).await;
    after_form(outcome, &back, "Agenda reordered.")
}

pub async fn set_discussed(
    VisitorForm { api, ids: (session_id, topic_id), form }: VisitorForm<(Uuid, Uuid), DiscussedForm>,
) -> PageResult {
    let discussed = form.discussed == "true";
    let path = format!("/agenda/{topic_id}/discussed");
    let outcome = api.send_only(Method::PUT, &path, &TopicDiscussed { discussed }).await;
    after_form(
        outcome,
        &section(session_id),
        if discussed { "Marked discussed." } else { "Back on the agenda." },
    )
}

pub async fn delete(
    VisitorForm { api, ids: (session_id, topic_id), .. }: VisitorForm<(Uuid, Uuid), NoFields>,
) -> PageResult {
    let outcome = api.call(Method::DELETE, &format!("/agenda/{topic_id}")).await;
    after_form(outcome, &section(session_id), "Topic deleted.")
}

/// Moves the topics not discussed to the next session, and says where they went.
pub async fn carry_over(VisitorForm { api, ids: session_id, .. }: VisitorForm<Uuid, NoFields>) -> PageResult {
    let back = section(session_id);
    let path = format!("/sessions/{session_id}/agenda/carry-over");
    let carried =
        api.make::<CarriedOver>(Method::POST, &path).await.map_err(|failure| form_failure(failure, &back))?;
    let moved = carried.topic_ids.len();
    let notice = match moved {
        0 => "Every topic was discussed: nothing to move.".to_owned(),
        1 => "1 topic moved to the next session.".to_owned(),
        n => format!("{n} topics moved to the next session."),
    };
    Ok(redirect(&back, Some(Flash::notice(notice))))
}
