//! Publishing's own database.

pub mod migrations;
