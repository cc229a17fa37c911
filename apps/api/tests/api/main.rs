//! Black-box tests: the real `api` binary against a real PostgreSQL started by the harness.
//! One test binary (modules below) so the cluster starts once and linking happens once.

mod accounts;
mod action_lists;
mod agenda;
mod authorization;
mod bad_input;
mod calendars;
mod cli;
mod database_tls;
mod endpoints;
mod goal_progress;
mod hardening;
mod invitations;
mod limits;
mod mail;
mod membership;
mod migrations;
mod notes;
mod notifications;
mod observability;
mod openapi;
mod pagination;
mod profile;
mod query_plans;
mod reset_links;
mod revocation;
mod series;
mod support;
mod what_now;
