//! The mail catcher against real SMTP: what lettre sends, the catcher reads back.

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use testkit::mail::MailCatcher;

const FROM: &str = "Coaching Platform <no-reply@localhost>";

async fn send(mail: &MailCatcher, to: &str, subject: &str, body: &str) {
    let message = Message::builder()
        .from(FROM.parse::<Mailbox>().expect("a valid sender"))
        .to(to.parse::<Mailbox>().expect("a valid recipient"))
        .subject(subject)
        .body(body.to_owned())
        .expect("a valid message");
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&mail.smtp_url())
        .expect("the catcher's SMTP URL parses")
        .build();
    transport.send(message).await.expect("the catcher accepts the message");
}

#[tokio::test]
async fn reads_back_each_message_in_the_order_it_was_sent() {
    let mail = MailCatcher::start().await;
    send(
        &mail,
        "Coach@Example.com",
        "Choose your password",
        "Open https://coaching.test/reset?token=abc to continue.\n",
    )
    .await;
    send(&mail, "coach@example.com", "Your password was changed", "Nothing to do.\n").await;

    let first = mail.message_to("coach@example.com").await;
    assert_eq!(first.subject, "Choose your password");
    assert_eq!(first.from, FROM);
    assert_eq!(first.to, ["Coach@Example.com"]);
    assert_eq!(first.links(), ["https://coaching.test/reset?token=abc"]);

    let second = mail.message_to("coach@example.com").await;
    assert_eq!(second.subject, "Your password was changed");
    assert_eq!(second.text.trim_end(), "Nothing to do.");
    assert!(second.links().is_empty());

    assert_eq!(mail.messages_to("coach@example.com").await, [first, second]);
}

#[tokio::test]
async fn matches_the_whole_address_only() {
    let mail = MailCatcher::start().await;
    send(&mail, "coach@example.com", "Hello", "Hi.\n").await;

    // Mailpit's `to:` search would also find coach@example.com for this one.
    assert!(mail.messages_to("ach@example.com").await.is_empty());
    assert_eq!(mail.messages_to("coach@example.com").await.len(), 1);
}

#[tokio::test]
#[should_panic(expected = "no new message to nobody@example.com")]
async fn waiting_for_a_message_that_never_comes_fails_the_test() {
    let mail = MailCatcher::start().await;
    mail.message_to("nobody@example.com").await;
}
