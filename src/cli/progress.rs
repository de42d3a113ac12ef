//! Progress of a long command on stderr (phase, done/total, elapsed), drawn only when stderr is a
//! terminal and the output is not JSON: piped or scripted runs see nothing extra.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A spinner over `total` items (None: phases only), shown when stderr is a terminal and
    /// `json` is false.
    pub fn new(total: Option<u64>, json: bool) -> Progress {
        if json || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let template = match total {
            Some(_) => "{spinner} [{pos}/{len}] {msg} ({elapsed})",
            None => "{spinner} {msg} ({elapsed})",
        };
        let bar = ProgressBar::new(total.unwrap_or(0));
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style);
        }
        // Ticks on its own thread: a phase that runs for minutes still shows it is alive.
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress(Some(bar))
    }

    /// What is being done now.
    pub fn phase(&self, what: impl Into<String>) {
        if let Some(b) = &self.0 {
            b.set_message(what.into());
        }
    }

    /// One item done.
    pub fn advance(&self) {
        if let Some(b) = &self.0 {
            b.inc(1);
        }
    }

    /// Runs `f` (which prints) with the line hidden, then draws it again.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.0 {
            Some(b) => b.suspend(f),
            None => f(),
        }
    }

    /// Removes the line, so what the command prints next starts clean.
    pub fn done(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}
