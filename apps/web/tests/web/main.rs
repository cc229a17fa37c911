//! The web front end as a browser meets it: the real `web` binary in front of the real `api` and
//! a real PostgreSQL, driven over HTTP with a cookie jar and no automatic redirects.

mod accounts;
mod calendar_feed;
mod coaching_loop;
mod limits;
mod mail_settings;
mod meeting_links;
mod notes;
mod observability;
mod pages;
mod password_reset;
mod people;
mod profile;
mod security;
mod series;
mod support;
