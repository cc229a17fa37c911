//! The checks every endpoint starts with: may the caller see this, and may they do this to it.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use contract::{Page, PageRequest};
use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use crate::auth;
use crate::domain::caller::Caller;
use crate::domain::notices::Announcer;
use crate::domain::policy::{Duty, OrganizationGrant, RelationshipGrant};
use crate::domain::throttle::{Bucket, RetryAfter};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::extract::{Json, Query};
use crate::state::AppState;
use crate::storage::access::{self, Anchor};
use crate::storage::logins;
use crate::storage::page::{Condition, Keyset, SortKey};
use crate::storage::throttle::Quota;

/// A request by the signed-in `caller`: what every endpoint behind a login starts from, so the
/// checks below need no more than the one argument. Extracting it answers 401 without a login.
pub struct Access {
    pub state: AppState,
    pub caller: Caller,
}

impl FromRequestParts<AppState> for Access {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        Ok(Self { state: state.clone(), caller })
    }
}

impl Access {
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The caller, when the others in a relationship are to hear of their changes by mail: not
    /// without a mail server.
    pub fn announcer(&self) -> Option<Announcer> {
        self.state.mailer.as_ref().map(|_| Announcer { id: self.caller.id, name: self.caller.full_name() })
    }

    /// The caller's standing towards the relationship behind `anchor`, or 404 when they may not
    /// see it: people outside a relationship cannot even learn that it exists.
    pub async fn relationship_grant(&self, anchor: Anchor) -> ApiResult<(Uuid, RelationshipGrant)> {
        access::relationship(self.db(), self.caller.viewer(), anchor, &[])
            .await?
            .ok_or_else(|| ApiError::not_found(anchor.noun()))
    }

    /// The relationship behind `anchor` when the caller may do `duty` there: 404 when they may
    /// not see it, 403 when they see it but may not do this.
    pub async fn permit(&self, anchor: Anchor, duty: Duty) -> ApiResult<Uuid> {
        let (relationship_id, grant) = self.relationship_grant(anchor).await?;
        require(grant.allows(duty), grant.refusal(duty))?;
        Ok(relationship_id)
    }

    /// Stores something new written in relationship `relationship_id`, once the caller was
    /// permitted and the input checked out (refused input costs nothing): it counts against the
    /// relationship's write quota (429 past it), then `store` writes it: 201.
    pub async fn create_in<T>(
        &self,
        relationship_id: Uuid,
        store: impl AsyncFnOnce(&DatabaseConnection) -> Result<T, DbErr>,
    ) -> ApiResult<(StatusCode, Json<T>)> {
        // Writes are never given back: the quota bounds what a relationship holds over time.
        let _written = self.state.throttle.charge(Bucket::RelationshipWrites(relationship_id)).await?;
        Ok((StatusCode::CREATED, Json(store(self.db()).await?)))
    }

    /// As [`Self::create_in`], for a `store` that counts the write against the quota it is given
    /// in the write's own statement (a round trip fewer); it answers how long to wait when the
    /// quota is spent, and then wrote nothing.
    pub async fn create_counted_in<T>(
        &self,
        relationship_id: Uuid,
        store: impl AsyncFnOnce(&DatabaseConnection, &Quota) -> ApiResult<Result<T, RetryAfter>>,
    ) -> ApiResult<(StatusCode, Json<T>)> {
        let bucket = Bucket::RelationshipWrites(relationship_id);
        match store(self.db(), &self.state.throttle.quota(&bucket)).await? {
            Ok(created) => Ok((StatusCode::CREATED, Json(created))),
            Err(wait) => Err(ApiError::throttled(bucket.refusal(), wait)),
        }
    }

    pub async fn organization_grant(&self, id: Uuid) -> ApiResult<OrganizationGrant> {
        access::organization(self.db(), self.caller.viewer(), id)
            .await?
            .ok_or_else(|| ApiError::not_found("organization"))
    }

    /// Passes when the caller manages organization `id`: 404 when they may not see it, 403 saying
    /// `refusal` when they see it but do not manage it.
    pub async fn organization_manager(&self, id: Uuid, refusal: &str) -> ApiResult<()> {
        let grant = self.organization_grant(id).await?;
        require(grant.can_manage(), refusal)
    }
}

/// The person behind the login cookie, checked inside the statement that first needs them: for a
/// login this api looked up in the last minute, a page of a list costs one round trip, and a
/// write's check of access carries the check of the login, instead of a lookup of the login
/// before either. Only an empty page, a refusal (or a read that did not carry the checks) takes
/// the long way, to say why: 401, 404, or indeed nothing there.
pub struct Login {
    state: AppState,
    digest: String,
    /// Whom the login belonged to a moment ago, or (when `looked_up`) now.
    caller: Caller,
    looked_up: bool,
}

impl FromRequestParts<AppState> for Login {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let digest = auth::login_digest(&parts.headers)?;
        let (caller, looked_up) = match state.logins.recent.get(&digest) {
            Some(caller) => (caller, false),
            None => (auth::signed_in(state, &digest).await?, true),
        };
        Ok(Self { state: state.clone(), digest, caller, looked_up })
    }
}

impl Login {
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The check of the login for the first statement to carry: none when it was just looked up.
    fn login_check(&self) -> Option<Condition> {
        (!self.looked_up)
            .then(|| logins::still_signed_in(&self.digest, &self.caller, self.state.logins.lifetime))
    }

    /// Whom the login belongs to now: looked up again unless it just was; 401 when it ended.
    async fn caller_now(&self) -> ApiResult<Caller> {
        if self.looked_up {
            Ok(self.caller.clone())
        } else {
            auth::signed_in(&self.state, &self.digest).await
        }
    }

    /// The caller, with their standing towards the relationship behind `anchor` and its id; 401
    /// when the login ended, 404 when they may not see it. One statement when the login was
    /// looked up in the last minute: the check of access carries the check of the login.
    pub async fn within(self, anchor: Anchor) -> ApiResult<(Access, Uuid, RelationshipGrant)> {
        let (access, found) = self
            .checked(|db, caller, checks| async move {
                access::relationship(&db, caller.viewer(), anchor, &checks).await
            })
            .await?;
        let (relationship_id, grant) = found.ok_or_else(|| ApiError::not_found(anchor.noun()))?;
        Ok((access, relationship_id, grant))
    }

    /// As [`Self::within`], when the caller may do `duty` there: 403 when they see it but may not.
    pub async fn permitted(self, anchor: Anchor, duty: Duty) -> ApiResult<(Access, Uuid, RelationshipGrant)> {
        let (access, relationship_id, grant) = self.within(anchor).await?;
        require(grant.allows(duty), grant.refusal(duty))?;
        Ok((access, relationship_id, grant))
    }

    /// What `read` finds for the caller, checked as by [`Self::checked`]: 404 naming `noun` when
    /// it finds nothing. For page-shaped answers read in one snapshot (a session's workspace…).
    pub async fn found<T, Read>(
        self,
        noun: &'static str,
        read: impl Fn(DatabaseConnection, Caller, Vec<Condition>) -> Read,
    ) -> ApiResult<Json<T>>
    where
        Read: Future<Output = Result<Option<T>, DbErr>>,
    {
        let (_, found) = self.checked(read).await?;
        Ok(Json(found.or_not_found(noun)?))
    }

    /// What `read` finds for the caller (it is handed the pool), and the caller, checked: 401 when
    /// the login ended. `read` must carry the conditions it is given in the statement that decides
    /// whether the caller finds anything (its check of access); for a login looked up in the last
    /// minute they hold the check of the login. Finding nothing with them takes the long way: the
    /// login looked up (401), then read again.
    pub async fn checked<T, Read>(
        self,
        read: impl Fn(DatabaseConnection, Caller, Vec<Condition>) -> Read,
    ) -> ApiResult<(Access, Option<T>)>
    where
        Read: Future<Output = Result<Option<T>, DbErr>>,
    {
        let db = || self.state.db.clone();
        if let Some(live) = self.login_check()
            && let Some(found) = read(db(), self.caller.clone(), vec![live]).await?
        {
            return Ok((Access { state: self.state, caller: self.caller }, Some(found)));
        }
        let caller = self.caller_now().await?;
        let found = read(db(), caller.clone(), Vec::new()).await?;
        Ok((Access { state: self.state, caller }, found))
    }

    /// This page of the list `read` reads for a caller, within the relationship behind `anchor`
    /// when given (404 when they may not see it). `read` must read the page with the keyset it is
    /// given, which carries the checks.
    pub async fn page<K: SortKey + Clone, T, Read>(
        &self,
        anchor: Option<Anchor>,
        keyset: Keyset<K>,
        read: impl Fn(Caller, Keyset<K>) -> Read,
    ) -> ApiResult<Json<Page<T>>>
    where
        Read: Future<Output = Result<Page<T>, DbErr>>,
    {
        let db = self.db();
        let mut checks = Vec::from_iter(self.login_check());
        checks.extend(anchor.map(|anchor| access::sees(self.caller.viewer(), anchor)));
        let guarded = keyset.clone().guarded(checks);
        let page = read(self.caller.clone(), guarded.clone()).await?;
        if !page.items.is_empty() && guarded.carried_guard() {
            return Ok(Json(page));
        }
        // Nothing came back, or unchecked: whether the login ended, the caller may not see the
        // relationship, or the list is indeed empty.
        let caller = self.caller_now().await?;
        if let Some(anchor) = anchor {
            access::relationship(db, caller.viewer(), anchor, &[])
                .await?
                .ok_or_else(|| ApiError::not_found(anchor.noun()))?;
        }
        if caller == self.caller && guarded.carried_guard() {
            return Ok(Json(page));
        }
        Ok(Json(read(caller, keyset).await?))
    }
}

/// A list's page request (`limit` and `cursor`), checked as it is extracted, in the handler's
/// argument order: a bad one is refused before anything is looked up.
impl<K: SortKey + Send> FromRequestParts<AppState> for Keyset<K> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Query(page) = Query::<PageRequest>::from_request_parts(parts, state).await?;
        Ok(Keyset::parse(&page)?)
    }
}

/// 403 for people who see the thing but may not do this to it.
pub fn require(allowed: bool, reason: &str) -> ApiResult<()> {
    if allowed { Ok(()) } else { Err(ApiError::forbidden(reason)) }
}
