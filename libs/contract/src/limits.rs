//! The limits the api enforces on input, in one place: the api's checks read them, and so do the
//! OpenAPI schemas of the request fields (the `schema` functions below), so the published
//! document states exactly the rules the server applies.

pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_BODY_CHARS: usize = 50_000;
/// An agenda topic: a line or two, what is to be talked about.
pub const MAX_TOPIC_CHARS: usize = 500;
/// Topics on one session's agenda.
pub const MAX_AGENDA_TOPICS: usize = 30;
pub const MAX_SLUG_CHARS: usize = 64;
/// In bytes, as RFC 5321 counts them.
pub const MAX_EMAIL_BYTES: usize = 254;
/// For a new password; passwords set before this rule still log in.
pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// A meeting link, in characters (providers' links with tokens stay far below it).
pub const MAX_MEETING_URL_CHARS: usize = 2000;
pub const MIN_DURATION_MINUTES: i32 = 1;
pub const MAX_DURATION_MINUTES: i32 = 1440;
/// Every date and time must fall in these years (inclusive): far wider than any real coaching
/// record, and a plain date to PostgreSQL, chrono and people alike.
pub const EARLIEST_YEAR: i32 = 1900;
pub const LATEST_YEAR: i32 = 2200;

/// Field schemas carrying the limits above; used with `#[schema(schema_with = ...)]`. The
/// `optional_` ones are for `Option` fields of a body, which may also be `null`.
#[cfg(feature = "openapi")]
pub(crate) mod schema {
    use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, SchemaFormat, SchemaType, Type};

    use super::*;

    /// Text with a non-blank character and no NUL: the api trims text and refuses it empty.
    const NON_BLANK: &str = r"^[^\u0000]*\S[^\u0000]*$";
    const NO_NUL: &str = r"^[^\u0000]*$";

    fn text(max_chars: usize, pattern: &str, what: String) -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(max_chars))
            .pattern(Some(pattern))
            .description(Some(what))
            .build()
    }

    fn required_text(max_chars: usize) -> Object {
        text(max_chars, NON_BLANK, format!("Trimmed; not blank, no NUL, at most {max_chars} characters."))
    }

    /// Also accepts `null`, as the `Option` field it describes does.
    fn nullable(mut schema: Object) -> Object {
        schema.schema_type = SchemaType::from_iter([Type::String, Type::Null]);
        schema
    }

    pub fn name() -> Object {
        required_text(MAX_NAME_CHARS)
    }

    pub fn optional_name() -> Object {
        nullable(name())
    }

    pub fn title() -> Object {
        required_text(MAX_TITLE_CHARS)
    }

    /// A title that may be left out, null or blank (all three: none).
    pub fn optional_title() -> Object {
        nullable(text(
            MAX_TITLE_CHARS,
            NO_NUL,
            format!("Trimmed; blank means none; no NUL, at most {MAX_TITLE_CHARS} characters."),
        ))
    }

    pub fn topic() -> Object {
        required_text(MAX_TOPIC_CHARS)
    }

    pub fn body() -> Object {
        required_text(MAX_BODY_CHARS)
    }

    /// A goal's body, which may be blank.
    pub fn goal_body() -> Object {
        text(MAX_BODY_CHARS, NO_NUL, format!("Trimmed; no NUL, at most {MAX_BODY_CHARS} characters."))
    }

    pub fn optional_goal_body() -> Object {
        nullable(goal_body())
    }

    pub fn slug() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(MAX_SLUG_CHARS))
            .pattern(Some("^[a-z0-9]+(-[a-z0-9]+)*$"))
            .description(Some("Lower-case letters and digits separated by single hyphens."))
            .build()
    }

    pub fn optional_slug() -> Object {
        nullable(slug())
    }

    pub fn email() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Email)))
            .max_length(Some(MAX_EMAIL_BYTES))
            .description(Some(format!("Compared lower-case; at most {MAX_EMAIL_BYTES} bytes.")))
            .build()
    }

    pub fn password() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .min_length(Some(MIN_PASSWORD_CHARS))
            .max_length(Some(MAX_PASSWORD_CHARS))
            .build()
    }

    pub fn optional_meeting_url() -> Object {
        nullable(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::Custom("uri".to_owned())))
                .max_length(Some(MAX_MEETING_URL_CHARS))
                .description(Some(format!(
                    "An https:// address with a host (any provider); blank or null means none; at most \
                     {MAX_MEETING_URL_CHARS} characters."
                )))
                .build(),
        )
    }

    pub fn duration_minutes() -> Object {
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
            .minimum(Some(MIN_DURATION_MINUTES))
            .maximum(Some(MAX_DURATION_MINUTES))
            .build()
    }

    /// JSON Schema cannot bound a date; a `pattern` on the year would do, but generators that
    /// honour `format` first (schemathesis) then discard nearly every value, so the description says it.
    fn within_years(format: KnownFormat) -> Object {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(format)))
            .description(Some(format!("In the years {EARLIEST_YEAR} to {LATEST_YEAR} (UTC).")))
            .build()
    }

    pub fn optional_date() -> Object {
        nullable(within_years(KnownFormat::Date))
    }

    pub fn instant() -> Object {
        within_years(KnownFormat::DateTime)
    }
}
