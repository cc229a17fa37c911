//! Rules of the coaching domain, free of HTTP and SQL: who may do what, what input is valid, and
//! what a new password must be.

pub mod password_policy;
pub mod policy;
pub mod validate;
