//! `api`: the coaching platform's HTTP API, and the operational commands its container needs
//! (`migrate`, `seed`, `admin`, `outbox`, `healthcheck`) so the image needs no shell, cargo or psql.
//!
//! Layers, each using only those below it (no module refers back up):
//! `cli` → `app` (server wiring) → `routes` (HTTP) and `notifier` (the mail worker) → `auth` (who
//! is calling) → `state`, `throttle`, `mail` → `storage` (PostgreSQL, and the only module that
//! speaks to it) → `domain` (rules, free of HTTP and SQL). `error`, `extract` and `config` are shared by the HTTP side. The `architecture`
//! lint holds every reference to this (`tools/architecture/src/rust-layers.ts`).

mod admin;
mod app;
mod auth;
mod cli;
mod config;
mod domain;
mod error;
mod extract;
mod mail;
mod notifier;
mod outbox;
mod routes;
mod seed;
mod state;
mod storage;
mod throttle;

pub use cli::main;
