//! Which mail each person gets (columns of `users`), and the one-click stop that a notification's
//! own id authorizes.

use contract::{MailKind, MailSettings, SessionReminder};
use sea_orm::{DatabaseConnection, DbErr, FromQueryResult};
use uuid::Uuid;

use super::outbox::stop_assignment;
use super::sql;
use crate::domain::notices::NoticeKind;

#[derive(FromQueryResult)]
struct Row {
    mail_scheduling: bool,
    mail_actions: bool,
    session_reminder: String,
    weekly_digest: bool,
}

impl Row {
    fn into_settings(self) -> Result<MailSettings, DbErr> {
        let session_reminder = SessionReminder::ALL
            .into_iter()
            .find(|reminder| reminder.as_str() == self.session_reminder)
            .ok_or_else(|| DbErr::Custom(format!("unknown session_reminder {:?}", self.session_reminder)))?;
        Ok(MailSettings {
            scheduling: self.mail_scheduling,
            actions: self.mail_actions,
            session_reminder,
            weekly_digest: self.weekly_digest,
        })
    }
}

const COLUMNS: &str =
    "mail_scheduling, mail_actions, session_reminder::text AS session_reminder, weekly_digest";

pub async fn get(db: &DatabaseConnection, user_id: Uuid) -> Result<Option<MailSettings>, DbErr> {
    let row =
        Row::find_by_statement(sql(format!("SELECT {COLUMNS} FROM users WHERE id = $1"), [user_id.into()]))
            .one(db)
            .await?;
    row.map(Row::into_settings).transpose()
}

pub async fn set(
    db: &DatabaseConnection,
    user_id: Uuid,
    settings: MailSettings,
) -> Result<Option<MailSettings>, DbErr> {
    let row = Row::find_by_statement(sql(
        format!(
            "UPDATE users SET mail_scheduling = $2, mail_actions = $3,
                              session_reminder = $4::text::session_reminder, weekly_digest = $5
             WHERE id = $1 RETURNING {COLUMNS}"
        ),
        [
            user_id.into(),
            settings.scheduling.into(),
            settings.actions.into(),
            settings.session_reminder.as_str().into(),
            settings.weekly_digest.into(),
        ],
    ))
    .one(db)
    .await?;
    row.map(Row::into_settings).transpose()
}

/// Turns off, for the recipient of mail `mail_id`, the kind of mail it was; `None` when there is
/// no such mail (any more: sent mail is forgotten after 30 days).
pub async fn stop_by_mail(db: &DatabaseConnection, mail_id: Uuid) -> Result<Option<MailKind>, DbErr> {
    #[derive(FromQueryResult)]
    struct Kind {
        kind: String,
    }
    let Some(Kind { kind }) =
        Kind::find_by_statement(sql("SELECT kind FROM outbox WHERE id = $1", [mail_id.into()]))
            .one(db)
            .await?
    else {
        return Ok(None);
    };
    let mail_kind = NoticeKind::parse(&kind)
        .ok_or_else(|| DbErr::Custom(format!("outbox row {mail_id} has an unknown kind {kind:?}")))?
        .mail_kind();
    super::execute(
        db,
        format!(
            "UPDATE users SET {} WHERE id = (SELECT recipient_id FROM outbox WHERE id = $1)",
            stop_assignment(mail_kind)
        ),
        [mail_id.into()],
    )
    .await?;
    Ok(Some(mail_kind))
}
