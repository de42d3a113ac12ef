//! The `tailor` command line: parses arguments, calls the library, renders results. Only this layer prints.

mod bench;
mod cli;

use clap::Parser;

/// Loading a big imported model is mostly small allocations (Linux 2.6.33: a quarter of the time
/// in the system allocator).
#[cfg(unix)]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Output piped into `head` ends quietly, as with other command-line tools, instead of
    // `println!` panicking on the closed pipe.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
