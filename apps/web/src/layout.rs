//! What the shared layout (`base.html`) shows around every page.

use contract::Me;
use uuid::Uuid;

use crate::flash::Flash;

pub struct Layout {
    pub title: String,
    pub user_name: Option<String>,
    /// Organizations whose members page the viewer may open.
    pub admin_of: Vec<OrganizationLink>,
    pub csrf_token: String,
    pub flash: Option<Flash>,
}

pub struct OrganizationLink {
    pub id: Uuid,
    pub name: String,
}

impl Layout {
    /// For pages shown without a login (errors).
    pub fn anonymous(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            user_name: None,
            admin_of: Vec::new(),
            csrf_token: String::new(),
            flash: None,
        }
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
            csrf_token,
            flash,
        }
    }
}
