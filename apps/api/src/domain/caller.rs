//! Who is calling: the signed-in person as handlers and the rules see them. It holds what
//! requests use and nothing more: never the password hash.

use chrono_tz::Tz;
use uuid::Uuid;

use super::policy::Viewer;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: Uuid,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// The IANA time zone the caller reads times in.
    pub timezone: String,
    pub is_super_admin: bool,
}

impl Caller {
    /// The caller as far as the rules of `policy` care.
    pub fn viewer(&self) -> Viewer {
        Viewer { user_id: self.id, is_super_admin: self.is_super_admin }
    }

    /// The caller's time zone (UTC when it is not one the time zone database knows).
    pub fn zone(&self) -> Tz {
        self.timezone.parse().unwrap_or(Tz::UTC)
    }

    /// "Ada Lovelace", or just "Plato" when there is no last name: how mails name the caller.
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name).trim().to_owned()
    }
}

impl From<Caller> for contract::User {
    fn from(caller: Caller) -> Self {
        Self {
            id: caller.id,
            email: caller.email,
            first_name: caller.first_name,
            last_name: caller.last_name,
            timezone: caller.timezone,
            is_super_admin: caller.is_super_admin,
        }
    }
}
