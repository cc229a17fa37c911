//! Rules of the coaching domain, free of HTTP and SQL: who may do what, and what input is valid.

pub mod policy;
pub mod validate;
