//! Rules of the coaching domain, free of HTTP and SQL: who may do what, what input is valid,
//! what a new password must be, and what is throttled how hard.

pub mod caller;
pub mod notices;
pub mod password_policy;
pub mod policy;
pub mod series;
pub mod throttle;
pub mod validate;
