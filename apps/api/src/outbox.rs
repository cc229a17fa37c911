//! `api outbox`: what an operator does about mail from the server's shell: see what waits and
//! what was given up on (and why), and send the dead mail again once the cause is fixed.

use clap::Subcommand;

use crate::config::Config;
use crate::storage::outbox;

/// Dead letters `api outbox status` lists.
const LISTED_DEAD_LETTERS: u64 = 20;

#[derive(Debug, Subcommand)]
pub enum OutboxCommand {
    /// Print how many mails wait and how many were given up on, with the latest errors.
    Status,
    /// Put every mail given up on back in the queue, with fresh attempts (after fixing the mail
    /// server's settings, say). The running apis send them within seconds.
    Requeue,
}

pub async fn run(config: &Config, command: OutboxCommand) -> anyhow::Result<()> {
    let db = crate::state::database(config).await?;
    match command {
        OutboxCommand::Status => {
            let (pending, dead) = outbox::backlog(&db).await?;
            println!("mail waiting to be sent: {pending}");
            println!("mail given up on (dead): {dead}");
            for letter in outbox::dead_letters(&db, LISTED_DEAD_LETTERS).await? {
                println!(
                    "  {} {} from {} after {} attempts: {}",
                    letter.id,
                    letter.kind,
                    letter.created_at.format("%Y-%m-%d %H:%M UTC"),
                    letter.attempts,
                    letter.last_error.as_deref().unwrap_or("no error recorded")
                );
            }
            if dead > 0 {
                println!("Fix the cause (see docs/operations.md, \"Mail\"), then run `api outbox requeue`.");
            }
        }
        OutboxCommand::Requeue => {
            let requeued = outbox::requeue_dead(&db).await?;
            println!("{requeued} mail(s) put back in the queue");
        }
    }
    Ok(())
}
