//! What the shared layout (`base.html`) shows around every page. The navigation follows the
//! capabilities the api reports in `Me`; the web decides nothing about who may do what.

use contract::Me;
use uuid::Uuid;

use crate::flash::Flash;

pub struct Layout {
    pub title: String,
    pub user_name: Option<String>,
    /// Organizations whose members and pairings the viewer may manage.
    pub admin_of: Vec<OrganizationLink>,
    /// The api says the viewer is a super admin: the platform-wide pages.
    pub is_super_admin: bool,
    pub csrf_token: String,
    pub flash: Option<Flash>,
    /// The platform's release, in the footer.
    pub version: &'static str,
}

pub struct OrganizationLink {
    pub id: Uuid,
    pub name: String,
}

impl Layout {
    /// For pages shown without a login (errors).
    pub fn anonymous(title: &str) -> Self {
        Self::new(title.to_owned(), String::new(), None, None)
    }

    /// Around a page for `me` (or nobody), with the page's CSRF token and flash message.
    pub fn new(title: String, csrf_token: String, flash: Option<Flash>, me: Option<&Me>) -> Self {
        Self {
            title,
            user_name: me.map(|me| format!("{} {}", me.user.first_name, me.user.last_name)),
            admin_of: me
                .map(|me| {
                    me.memberships
                        .iter()
                        .filter(|membership| membership.capabilities.manage_members)
                        .map(|membership| OrganizationLink {
                            id: membership.organization_id,
                            name: membership.organization_name.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            is_super_admin: me.is_some_and(|me| me.user.is_super_admin),
            csrf_token,
            flash,
            version: service_kit::VERSION,
        }
    }
}
