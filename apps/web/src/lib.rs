//! `web`: the coaching platform's front end. Server-rendered HTML, plain forms that work without
//! JavaScript, every page built from api calls made with the visitor's api login.
//!
//! Layers, each using only those above it: `config`, `api_client`, `format` and `cookies` know
//! nothing of the others; `flash`, `layout`, `error`, `origin`, `csrf`, `page_context` and
//! `visitor` are what every page shares; `pages` are the screens; `app` wires them into a server.

mod api_client;
mod app;
mod config;
mod cookies;
mod csrf;
mod error;
mod flash;
mod format;
mod layout;
mod markdown;
mod origin;
mod page_context;
mod pages;
mod visitor;

pub use app::serve;
pub use config::Config;
