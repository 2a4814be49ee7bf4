//! `newsroom-bench`: see the library (`just bench` builds the release binaries and runs it).

use clap::Parser as _;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = newsroom_bench::BenchArgs::parse();
    match newsroom_bench::run(args).await {
        Ok(_) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
