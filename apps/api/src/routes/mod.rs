//! The HTTP surface: one module per resource, registered here together with its OpenAPI
//! description so the published document cannot drift from the routes.

mod account;
mod actions;
mod agenda;
mod auth;
mod calendar;
mod child;
mod drafts;
mod entries;
mod errors;
mod goals;
mod guard;
pub mod health;
mod invitations;
mod mail_settings;
mod organizations;
mod profile;
mod relationships;
mod series;
mod sessions;
mod users;

use contract::{API_LOGIN_COOKIE, ActionAssignee, ActionStatusFilter, ErrorBody, SortOrder};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Coaching platform API",
        description = "Organizations, coaching relationships, sessions, notes, agreements, actions \
                       and goals. Log in with POST /login; the login cookie authenticates the \
                       other calls. Errors are JSON: {\"error\": code, \"message\": text}."
    ),
    // Schemas that only query parameters name: utoipa collects those of bodies by itself.
    components(schemas(ErrorBody, SortOrder, ActionAssignee, ActionStatusFilter)),
    modifiers(&LoginCookie),
    security(("login_cookie" = []))
)]
struct ApiDoc;

struct LoginCookie;

impl Modify for LoginCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "login_cookie",
                SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new(API_LOGIN_COOKIE))),
            );
        }
    }
}

pub fn api() -> OpenApiRouter<AppState> {
    let mut router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(health::ready))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(account::password_link, account::use_password_link))
        .routes(routes!(account::change_password))
        .routes(routes!(account::forgot_password))
        .routes(routes!(profile::get, profile::update))
        .routes(routes!(mail_settings::get, mail_settings::set))
        .routes(routes!(mail_settings::stop))
        .routes(routes!(calendar::get, calendar::make, calendar::revoke))
        .routes(routes!(calendar::feed))
        .routes(routes!(profile::change_email))
        .routes(routes!(profile::confirm_email))
        .routes(routes!(profile::email_revert_link, profile::revert_email))
        .routes(routes!(users::list))
        .routes(routes!(users::deactivate))
        .routes(routes!(users::reactivate))
        .routes(routes!(users::confirm_email))
        .routes(routes!(organizations::list, organizations::create))
        .routes(routes!(organizations::get, organizations::update, organizations::delete))
        .routes(routes!(organizations::members))
        .routes(routes!(organizations::change_role, organizations::remove_member))
        .routes(routes!(organizations::password_reset_link))
        .routes(routes!(invitations::list, invitations::create))
        .routes(routes!(invitations::revoke))
        .routes(routes!(invitations::offer, invitations::join_as_new_account))
        .routes(routes!(invitations::accept))
        .routes(routes!(relationships::list, relationships::create))
        .routes(routes!(relationships::get))
        .routes(routes!(relationships::end))
        .routes(routes!(relationships::set_meeting_link))
        .routes(routes!(sessions::list, sessions::create))
        .routes(routes!(sessions::get, sessions::update, sessions::delete))
        .routes(routes!(sessions::workspace))
        .routes(routes!(sessions::calendar))
        .routes(routes!(series::create))
        .routes(routes!(series::get))
        .routes(routes!(series::end))
        .routes(routes!(series::change_following))
        .routes(routes!(sessions::what_now))
        .routes(routes!(sessions::dashboard))
        .routes(routes!(agenda::list, agenda::add))
        .routes(routes!(agenda::reorder))
        .routes(routes!(agenda::carry_over))
        .routes(routes!(agenda::rewrite, agenda::delete))
        .routes(routes!(agenda::set_discussed))
        .routes(routes!(entries::notes::list, entries::notes::create))
        .routes(routes!(entries::notes::get, entries::notes::update, entries::notes::delete))
        .routes(routes!(drafts::list, drafts::save, drafts::discard))
        .routes(routes!(entries::agreements::list, entries::agreements::create))
        .routes(routes!(entries::agreements::get, entries::agreements::update, entries::agreements::delete))
        .routes(routes!(actions::list, actions::create))
        .routes(routes!(actions::overview))
        .routes(routes!(actions::get, actions::update, actions::delete))
        .routes(routes!(actions::change_status))
        .routes(routes!(goals::list, goals::create))
        .routes(routes!(goals::get, goals::update, goals::delete))
        .routes(routes!(goals::change_status))
        .routes(routes!(goals::link_session, goals::unlink_session))
        .routes(routes!(goals::overview));
    errors::CommonErrors.modify(router.get_openapi_mut());
    router
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn document() -> Value {
        serde_json::to_value(super::api().split_for_parts().1).expect("the document serializes")
    }

    fn operations(document: &Value) -> impl Iterator<Item = (&str, &str, &Value)> {
        let paths = document["paths"].as_object().expect("paths");
        paths.iter().flat_map(|(path, item)| {
            let methods = item.as_object().expect("a path item");
            methods.iter().map(move |(method, operation)| (path.as_str(), method.as_str(), operation))
        })
    }

    fn references<'a>(value: &'a Value, found: &mut Vec<&'a str>) {
        match value {
            Value::Object(fields) => {
                if let Some(Value::String(target)) = fields.get("$ref") {
                    found.push(target);
                }
                fields.values().for_each(|field| references(field, found));
            }
            Value::Array(items) => items.iter().for_each(|item| references(item, found)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_names_a_documented_schema() {
        let document = document();
        let mut found = Vec::new();
        references(&document, &mut found);
        assert!(found.contains(&"#/components/schemas/SortOrder"), "GET /sessions names SortOrder");
        for target in found {
            let name = target.strip_prefix("#/components/schemas/").expect("a schema reference");
            assert!(document["components"]["schemas"][name].is_object(), "{target} is not in the document");
        }
    }

    #[test]
    fn parameters_sit_where_the_server_reads_them() {
        let document = document();
        let mut query_parameters = 0;
        for (path, method, operation) in operations(&document) {
            let parameters = operation["parameters"].as_array().map(Vec::as_slice).unwrap_or_default();
            for parameter in parameters {
                let name = parameter["name"].as_str().expect("a name");
                let in_path = path.contains(&format!("{{{name}}}"));
                let declared = parameter["in"].as_str().expect("a location");
                assert_eq!(declared, if in_path { "path" } else { "query" }, "{method} {path}: {name}");
                query_parameters += usize::from(!in_path);
            }
            let path_parameters = parameters.iter().filter(|parameter| parameter["in"] == "path").count();
            assert_eq!(path_parameters, path.matches('{').count(), "{method} {path}");
        }
        assert!(query_parameters >= 10, "the list filters are query parameters");
    }

    #[test]
    fn only_health_readiness_logging_in_or_out_one_time_links_and_mail_stops_go_without_a_login() {
        let document = document();
        let mut public = Vec::new();
        for (path, method, operation) in operations(&document) {
            let responses = &operation["responses"];
            if operation["security"] == serde_json::json!([{}]) {
                public.push(format!("{method} {path}"));
                assert!(responses.get("401").is_none() || path == "/login", "{method} {path}");
            } else {
                assert!(
                    operation.get("security").is_none(),
                    "{method} {path} inherits the login requirement"
                );
                assert!(responses["401"].is_object(), "{method} {path} documents 401");
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses[status].is_object(), "{method} {path} documents {status}");
                }
            }
        }
        public.sort();
        assert_eq!(
            public,
            [
                "get /account/email-reverts/{token}",
                "get /account/password-links/{token}",
                "get /calendar-feeds/{token}",
                "get /health",
                "get /invitations/{token}",
                "get /ready",
                "post /account/email-reverts/{token}",
                "post /account/email/{token}",
                "post /account/password-links/{token}",
                "post /account/password-reset",
                "post /invitations/{token}",
                "post /login",
                "post /logout",
                "post /mail/{mail_id}/stop"
            ]
        );
        assert_eq!(document["security"], serde_json::json!([{ "login_cookie": [] }]));
    }
}
