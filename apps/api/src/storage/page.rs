//! Keyset pagination, shared by every list. A list is ordered by a sort key that ends in a unique
//! column, so the order is total; a page asks for the rows after the last row of the previous
//! page (`(key) > (cursor)`), never for an OFFSET, so pages cost the same wherever they start and
//! rows added or removed elsewhere never shift them.
//!
//! The cursor is the last row's sort key, as JSON in base64url: opaque to clients, checked when
//! read. It only says where to start within the rows the caller may see anyway, so a forged
//! cursor cannot widen what a list shows.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use contract::{DEFAULT_PAGE_LIMIT, LIST_PREVIEW_CHARS, MAX_PAGE_LIMIT, Page, PageRequest};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Statement, Value};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::sql;
use crate::domain::validate::InvalidInput;

/// Longer than any cursor this api hands out (a few names and an id), short enough to refuse
/// junk before decoding it.
const MAX_CURSOR_CHARS: usize = 2048;

/// The sort key of a list: the values of its ORDER BY columns for one row, last a unique one.
pub trait SortKey: Serialize + DeserializeOwned {
    fn into_values(self) -> Vec<Value>;
}

impl<A: Into<Value>, B: Into<Value>> SortKey for (A, B)
where
    Self: Serialize + DeserializeOwned,
{
    fn into_values(self) -> Vec<Value> {
        vec![self.0.into(), self.1.into()]
    }
}

impl<A: Into<Value>, B: Into<Value>, C: Into<Value>> SortKey for (A, B, C)
where
    Self: Serialize + DeserializeOwned,
{
    fn into_values(self) -> Vec<Value> {
        vec![self.0.into(), self.1.into(), self.2.into()]
    }
}

impl<A: Into<Value>, B: Into<Value>, C: Into<Value>, D: Into<Value>> SortKey for (A, B, C, D)
where
    Self: Serialize + DeserializeOwned,
{
    fn into_values(self) -> Vec<Value> {
        vec![self.0.into(), self.1.into(), self.2.into(), self.3.into()]
    }
}

/// The SQL that reads the text `column` as `body` and says whether it was cut: lists carry only
/// the start of long texts ([`LIST_PREVIEW_CHARS`]), so a page costs the same however much was
/// written; `whole` reads it in full (one item).
pub fn body_columns(column: &str, whole: bool) -> String {
    if whole {
        format!("{column} AS body, false AS truncated")
    } else {
        format!(
            "left({column}, {LIST_PREVIEW_CHARS}) AS body, char_length({column}) > {LIST_PREVIEW_CHARS} AS truncated"
        )
    }
}

/// Where a note, agreement, action or goal stands in its list: when it was written, then its id.
pub type CreatedKey = (DateTime<Utc>, Uuid);

/// A list's query before a page is chosen: `select` (the SQL before its `WHERE`), which rows
/// (`conditions`, over `values`), and the sort key's `columns`, downwards when `descending`.
pub struct ListQuery {
    select: String,
    conditions: Vec<String>,
    values: Vec<Value>,
    columns: &'static str,
    descending: bool,
}

impl ListQuery {
    /// All the rows `select` reads, in the order of the sort key's `columns`.
    pub fn new(select: impl Into<String>, columns: &'static str) -> Self {
        Self { select: select.into(), conditions: Vec::new(), values: Vec::new(), columns, descending: false }
    }

    /// What was written in session `session_id` (its notes, agreements or actions, which `select`
    /// reads), oldest first.
    pub fn written_in_session(select: String, session_id: Uuid) -> Self {
        Self::new(select, "created_at, id").only_where("coaching_session_id = ?", session_id)
    }

    /// Binds `value` to the next `$n`, for `select` or a condition that names it.
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.values.push(value.into());
        self
    }

    /// Only the rows where `condition` holds (its values bound already).
    pub fn only(mut self, condition: impl Into<String>) -> Self {
        self.conditions.push(condition.into());
        self
    }

    /// Only the rows where `condition` holds, its `?` standing for `value`.
    pub fn only_where(self, condition: &str, value: impl Into<Value>) -> Self {
        let listed = self.bind(value);
        let placeholder = format!("${}", listed.values.len());
        listed.only(condition.replace('?', &placeholder))
    }

    pub fn descending(self, descending: bool) -> Self {
        Self { descending, ..self }
    }
}

/// The SQL a page adds to its list's query: `WHERE {filter} {order}` (a `GROUP BY` may stand
/// between them). `order` is `sort` with the page's limit.
pub struct PageClauses {
    pub filter: String,
    pub sort: String,
    pub order: String,
}

/// An SQL condition with its values: `?1`, `?2`... stand for the first, second... of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub sql: String,
    pub values: Vec<Value>,
}

impl Condition {
    /// The condition's SQL with its values appended to `values` and each `?n` made their `$n`.
    pub(crate) fn bind_into(&self, values: &mut Vec<Value>) -> String {
        let before = values.len();
        values.extend(self.values.iter().cloned());
        // From the last, so that `?1` does not eat the start of `?12`.
        (1..=self.values.len())
            .rev()
            .fold(self.sql.clone(), |sql, n| sql.replace(&format!("?{n}"), &format!("${}", before + n)))
    }
}

/// Conditions a page must also meet (the caller's login is live, they may see what the list is
/// part of), read in the list's own statement so that checking costs no round trip. Whether a
/// read carried them is recorded: a caller must not trust a page read without them.
#[derive(Debug, Clone, Default)]
struct Guard {
    conditions: Vec<Condition>,
    carried: Arc<AtomicBool>,
}

/// A checked page request for a list sorted by `K`: how many rows, after which one, and what
/// else its rows must meet (see [`Self::guarded`]).
#[derive(Debug, Clone)]
pub struct Keyset<K> {
    limit: u32,
    after: Option<K>,
    guard: Guard,
}

impl<K: SortKey> Keyset<K> {
    /// Checks `limit` (1 to [`MAX_PAGE_LIMIT`], [`DEFAULT_PAGE_LIMIT`] when omitted) and decodes
    /// the cursor; each error names the parameter.
    pub fn parse(request: &PageRequest) -> Result<Self, InvalidInput> {
        let limit = request.limit.unwrap_or(DEFAULT_PAGE_LIMIT);
        if !(1..=MAX_PAGE_LIMIT).contains(&limit) {
            return Err(InvalidInput::new(format!("limit must be between 1 and {MAX_PAGE_LIMIT}")));
        }
        let after = request.cursor.as_deref().map(decode).transpose()?;
        Ok(Self { limit, after, guard: Guard::default() })
    }

    /// This page request, whose rows must also meet `conditions` (see [`Self::carried_guard`]).
    pub fn guarded(self, conditions: Vec<Condition>) -> Self {
        Self { guard: Guard { conditions, carried: Arc::default() }, ..self }
    }

    /// Whether a read of this page carried its guard's conditions (trivially so without any).
    pub fn carried_guard(&self) -> bool {
        self.guard.conditions.is_empty() || self.guard.carried.load(Ordering::Relaxed)
    }

    /// What this page adds to its list's query over the sort key's `columns` (in order;
    /// downwards when `descending`): `conditions` (their values already in `values`), the guard's
    /// and the condition "after the cursor" (their values appended), and the order, one row more than
    /// the page holds: that row says whether a next page exists (see [`Self::page`]).
    pub fn clauses(
        &self,
        columns: &str,
        descending: bool,
        mut conditions: Vec<String>,
        values: &mut Vec<Value>,
    ) -> PageClauses
    where
        K: Clone,
    {
        conditions.extend(self.guard.conditions.iter().map(|condition| condition.bind_into(values)));
        self.guard.carried.store(true, Ordering::Relaxed);
        if let Some(after) = self.after.clone() {
            let placeholders: Vec<String> = after
                .into_values()
                .into_iter()
                .map(|value| {
                    values.push(value);
                    format!("${}", values.len())
                })
                .collect();
            let direction = if descending { "<" } else { ">" };
            conditions.push(format!("({columns}) {direction} ({})", placeholders.join(", ")));
        }
        let order = if descending {
            columns.split(", ").map(|column| format!("{column} DESC")).collect::<Vec<_>>().join(", ")
        } else {
            columns.to_owned()
        };
        PageClauses {
            filter: if conditions.is_empty() { "true".to_owned() } else { conditions.join(" AND ") },
            sort: format!("ORDER BY {order}"),
            order: format!("ORDER BY {order} LIMIT {}", self.rows_read()),
        }
    }

    /// The rows a page reads: one more than it holds, which says whether a next page exists.
    fn rows_read(&self) -> u64 {
        u64::from(self.limit) + 1
    }

    /// The page made of `rows` (read with [`Self::clauses`]), with a cursor after its last item
    /// when more rows follow.
    pub fn page<T>(&self, mut rows: Vec<T>, key_of: impl Fn(&T) -> K) -> Page<T> {
        let limit = self.limit as usize;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more { rows.last().map(|last| encode(&key_of(last))) } else { None };
        Page { items: rows, next_cursor }
    }
}

impl<K: SortKey + Clone> Keyset<K> {
    /// This page of `list`: its rows, each made an item by `item`, with a cursor (from `key_of`
    /// the last item) when more rows follow.
    pub async fn read<R: FromQueryResult, T>(
        &self,
        db: &impl ConnectionTrait,
        list: ListQuery,
        item: impl FnMut(R) -> Result<T, DbErr>,
        key_of: impl Fn(&T) -> K,
    ) -> Result<Page<T>, DbErr> {
        let ListQuery { select, conditions, mut values, columns, descending } = list;
        let page = self.clauses(columns, descending, conditions, &mut values);
        let statement = sql(format!("{select} WHERE {} {}", page.filter, page.order), values);
        self.fetch(db, statement, item, key_of).await
    }

    /// This page of `list`, which `groups` spreads over many groups (e.g. a person's
    /// relationships): `list` reads one group's sort keys in its own index's order (its select
    /// refers to the group's row, `r`), and `groups.rows` the whole rows of the page's keys alone.
    ///
    /// The page's keys are read in two passes over the groups, so that the work grows with the
    /// page and the number of groups, not with their product (nor with the rows they hold). First
    /// each group's first keys, twice its share of a page, so that a few groups whose keys all come
    /// late (a relationship whose actions are undated) cannot push the bound past the others'; the
    /// page's last key among those bounds the page. Then each group's keys up to that bound, read
    /// from its index up to there, of which the page is taken. Only when the first pass finds
    /// fewer keys than a page does the second read each group's first page instead.
    pub async fn read_per_group<R: FromQueryResult, T>(
        &self,
        db: &impl ConnectionTrait,
        groups: Groups<'_>,
        list: ListQuery,
        item: impl FnMut(R) -> Result<T, DbErr>,
        key_of: impl Fn(&T) -> K,
    ) -> Result<Page<T>, DbErr> {
        let ListQuery { select, conditions, mut values, columns, descending } = list;
        let inner = self.clauses(columns, descending, conditions, &mut values);
        let outer = self.clauses(groups.columns, descending, Vec::new(), &mut Vec::new());
        values.push(groups.value);
        let picked = groups.condition.replace('?', &format!("${}", values.len()));
        let (rows, within) = (self.rows_read(), if descending { ">=" } else { "<=" });
        let statement = sql(
            format!(
                "WITH groups AS (SELECT * FROM {from} WHERE {picked}),
                 firsts AS (SELECT page.* FROM groups r CROSS JOIN LATERAL ({select} WHERE {filter} {inner_sort}
                     LIMIT (SELECT ceil(2 * {rows}::numeric / greatest(count(*), 1)) FROM groups)) page),
                 bound AS (SELECT {outer_columns} FROM firsts page {outer_sort} OFFSET {last} LIMIT 1),
                 page AS (SELECT page.* FROM (
                     (SELECT page.* FROM groups r CROSS JOIN LATERAL ({select} WHERE {filter}
                         AND ({columns}) {within} (SELECT * FROM bound) {inner_order}) page)
                     UNION ALL
                     (SELECT page.* FROM groups r CROSS JOIN LATERAL ({select} WHERE {filter} {inner_order}) page
                         WHERE NOT EXISTS (SELECT FROM bound))
                 ) page {outer_order})
                 {rows_select} {outer_order}",
                from = groups.from,
                filter = inner.filter,
                inner_sort = inner.sort,
                inner_order = inner.order,
                outer_columns = groups.columns,
                outer_sort = outer.sort,
                outer_order = outer.order,
                last = rows - 1,
                rows_select = groups.rows,
            ),
            values,
        );
        self.fetch(db, statement, item, key_of).await
    }

    /// The page of the rows `statement` reads (one more than the page holds, if there are).
    async fn fetch<R: FromQueryResult, T>(
        &self,
        db: &impl ConnectionTrait,
        statement: Statement,
        item: impl FnMut(R) -> Result<T, DbErr>,
        key_of: impl Fn(&T) -> K,
    ) -> Result<Page<T>, DbErr> {
        let rows = R::find_by_statement(statement).all(db).await?;
        let items = rows.into_iter().map(item).collect::<Result<_, _>>()?;
        Ok(self.page(items, key_of))
    }
}

/// The groups of [`Keyset::read_per_group`]: the table they are read from (`from`, aliased `r`),
/// the condition that picks them (its `?` standing for `value`), the list's sort key over the keys
/// read, which are named `page`, and the select that reads the rows of the page's keys (`page`).
pub struct Groups<'a> {
    pub from: &'a str,
    pub condition: &'a str,
    pub value: Value,
    pub columns: &'a str,
    pub rows: &'a str,
}

fn encode<K: Serialize>(key: &K) -> String {
    let json = serde_json::to_vec(key).expect("a sort key is plain data and always serialises");
    URL_SAFE_NO_PAD.encode(json)
}

fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, InvalidInput> {
    let refused = || InvalidInput::new("cursor is not one this list handed out; start again without it");
    if cursor.len() > MAX_CURSOR_CHARS {
        return Err(refused());
    }
    let json = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| refused())?;
    let text = std::str::from_utf8(&json).map_err(|_| refused())?;
    // PostgreSQL text cannot hold NUL; refuse it here rather than as a database error.
    if text.contains("\\u0000") {
        return Err(refused());
    }
    serde_json::from_str(text).map_err(|_| refused())
}

#[cfg(test)]
mod tests {
    use super::*;

    type Key = CreatedKey;

    fn request(limit: Option<u32>, cursor: Option<&str>) -> PageRequest {
        PageRequest { limit, cursor: cursor.map(str::to_owned) }
    }

    #[test]
    fn limit_defaults_and_is_bounded() {
        assert_eq!(Keyset::<Key>::parse(&request(None, None)).unwrap().limit, DEFAULT_PAGE_LIMIT);
        assert_eq!(Keyset::<Key>::parse(&request(Some(200), None)).unwrap().limit, 200);
        for limit in [0, 201, u32::MAX] {
            let error = Keyset::<Key>::parse(&request(Some(limit), None)).unwrap_err();
            assert!(error.0.contains("limit"), "{}", error.0);
        }
    }

    #[test]
    fn a_cursor_round_trips_and_junk_is_refused() {
        let key: Key = (Utc::now(), Uuid::new_v4());
        let keyset = Keyset::<Key>::parse(&request(None, Some(&encode(&key)))).unwrap();
        assert_eq!(keyset.after, Some(key));
        for junk in ["%%%", "AAAA", "bm90IGpzb24", &"A".repeat(MAX_CURSOR_CHARS + 4)] {
            let error = Keyset::<Key>::parse(&request(None, Some(junk))).unwrap_err();
            assert!(error.0.starts_with("cursor"), "{junk}: {}", error.0);
        }
        let wrong_shape = encode(&("a", "b", "c"));
        assert!(Keyset::<(String, String)>::parse(&request(None, Some(&wrong_shape))).is_err());
        let nul = URL_SAFE_NO_PAD.encode(r#"["a\u0000", "b"]"#);
        assert!(Keyset::<(String, String)>::parse(&request(None, Some(&nul))).is_err());
    }

    /// The OpenAPI attributes can only hold literals: they must say what `parse` enforces.
    #[test]
    fn the_published_limit_bounds_are_the_enforced_ones() {
        use utoipa::IntoParams;
        for params in [PageRequest::into_params(|| None), contract::FirstPages::into_params(|| None)] {
            let limit = params.iter().find(|param| param.name == "limit").expect("a limit parameter");
            let schema = serde_json::to_value(limit).expect("serialises")["schema"].clone();
            assert_eq!((&schema["minimum"], &schema["maximum"]), (&1.into(), &MAX_PAGE_LIMIT.into()));
        }
    }

    #[test]
    fn clauses_go_after_the_cursor_in_the_lists_direction() {
        let first = Keyset::<(String, Uuid)> { limit: 2, after: None, guard: Guard::default() };
        let mut values = vec![Value::from(1)];
        let page = first.clauses("o.name, o.id", false, vec!["o.x = $1".to_owned()], &mut values);
        assert_eq!(
            (page.filter.as_str(), page.order.as_str()),
            ("o.x = $1", "ORDER BY o.name, o.id LIMIT 3")
        );
        let later = Keyset::<(String, Uuid)> {
            limit: 2,
            after: Some(("b".to_owned(), Uuid::nil())),
            guard: Guard::default(),
        };
        let page = later.clauses("s.starts_at, s.id", true, Vec::new(), &mut values);
        assert_eq!(page.filter, "(s.starts_at, s.id) < ($2, $3)");
        assert_eq!(page.order, "ORDER BY s.starts_at DESC, s.id DESC LIMIT 3");
        assert_eq!(values.len(), 3);
    }

    #[test]
    fn a_guard_binds_after_the_lists_values_and_is_recorded_as_carried() {
        let condition =
            Condition { sql: "EXISTS (?2 AND ?1 AND ?2)".to_owned(), values: vec![7.into(), true.into()] };
        let keyset = Keyset::<(String, Uuid)>::parse(&request(None, None)).unwrap().guarded(vec![condition]);
        assert!(!keyset.carried_guard());
        let mut values = vec![Value::from(1)];
        let page = keyset.clauses("o.name, o.id", false, vec!["o.x = $1".to_owned()], &mut values);
        assert_eq!(page.filter, "o.x = $1 AND EXISTS ($3 AND $2 AND $3)");
        assert_eq!(values, vec![Value::from(1), Value::from(7), Value::from(true)]);
        assert!(keyset.carried_guard());
    }

    #[test]
    fn a_page_has_a_cursor_only_when_more_rows_follow() {
        let keyset = Keyset::<(String, Uuid)> { limit: 2, after: None, guard: Guard::default() };
        let id = Uuid::new_v4();
        let rows = vec![("a".to_owned(), id), ("b".to_owned(), id), ("c".to_owned(), id)];
        let page = keyset.page(rows.clone(), Clone::clone);
        assert_eq!(page.items.len(), 2);
        let next = Keyset::<(String, Uuid)>::parse(&request(Some(2), page.next_cursor.as_deref())).unwrap();
        assert_eq!(next.after, Some(("b".to_owned(), id)));
        assert_eq!(keyset.page(rows[..2].to_vec(), Clone::clone).next_cursor, None);
    }
}
