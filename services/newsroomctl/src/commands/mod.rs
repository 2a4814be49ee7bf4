//! One module per subcommand.

pub mod enrich;
pub mod enriched;
pub mod get;
pub mod health;
mod json_line;
pub mod list;
pub mod listen_webhook;
mod output_line;
pub mod published;
pub mod push;
pub mod subscriber;
pub mod token;
