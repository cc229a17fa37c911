//! Throttling as handlers use it: charge a [`Bucket`] before the work it limits (429 with
//! `Retry-After` when it is empty), and give the attempt back when the work shows it was no
//! attack (a correct password). The buckets live in PostgreSQL, so every api process — the
//! chart runs several — counts the same attempts.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::domain::throttle::{self, Bucket, Rate, Rates};
use crate::error::{ApiError, ApiResult};
use crate::storage;
use crate::storage::throttle::Quota;

/// The configured rates and where the buckets are kept; cheap to clone.
#[derive(Clone)]
pub struct Throttle {
    db: DatabaseConnection,
    rates: Arc<Rates>,
}

/// An attempt counted against a bucket, which [`Charge::refund`] gives back.
#[must_use = "keep the charge to give it back once the attempt proves harmless"]
pub struct Charge {
    key: String,
    rate: Rate,
}

impl Throttle {
    pub fn new(db: DatabaseConnection, rates: Rates) -> Self {
        Self { db, rates: Arc::new(rates) }
    }

    fn rate(&self, bucket: &Bucket) -> Rate {
        match bucket {
            Bucket::LoginAddress(_) | Bucket::PasswordCheck(_) => self.rates.login_address,
            Bucket::LoginAccount(_) | Bucket::LoginDevice(_) => self.rates.login_account,
            Bucket::ResetMailAddress(_) => self.rates.reset_mail_address,
            Bucket::ResetMailAccount(_) => self.rates.reset_mail_account,
            Bucket::MailOrganization(_) => throttle::MAIL_PER_ORGANIZATION,
            Bucket::MailSender(_) => throttle::MAIL_PER_SENDER,
            Bucket::RelationshipWrites(_) => throttle::WRITES_PER_RELATIONSHIP,
        }
    }

    /// The bucket for a store that counts its write in its own statement.
    pub fn quota(&self, bucket: &Bucket) -> Quota {
        Quota { key: bucket.key(), rate: self.rate(bucket) }
    }

    /// Counts one attempt against `bucket`, or refuses it (429) when the bucket is empty.
    pub async fn charge(&self, bucket: Bucket) -> ApiResult<Charge> {
        let rate = self.rate(&bucket);
        let key = bucket.key();
        match storage::throttle::charge(&self.db, &key, rate).await? {
            Ok(()) => Ok(Charge { key, rate }),
            Err(wait) => Err(ApiError::throttled(bucket.refusal(), wait)),
        }
    }

    /// Counts one attempt against each of `buckets` in turn; the first empty one refuses.
    pub async fn charge_all(&self, buckets: impl IntoIterator<Item = Bucket>) -> ApiResult<Vec<Charge>> {
        let mut charges = Vec::new();
        for bucket in buckets {
            charges.push(self.charge(bucket).await?);
        }
        Ok(charges)
    }

    /// Gives the attempts back: they turned out harmless.
    pub async fn refund(&self, charges: Vec<Charge>) -> ApiResult<()> {
        for Charge { key, rate } in charges {
            storage::throttle::refund(&self.db, &key, rate).await?;
        }
        Ok(())
    }
}
