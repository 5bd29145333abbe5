//! Ending on a signal (SIGINT, SIGTERM, SIGHUP) without leaving temporary files behind: a thread
//! waits for the signal, removes every temporary file the run has, then ends the process as the
//! signal would have, so its exit status is the signal's.

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

/// Starts the thread that cleans up on SIGINT, SIGTERM and SIGHUP. Where no thread can be started,
/// signals end the process as they always do (a later run removes what it left).
pub fn remove_temporary_files_on_exit_signals() {
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                frontfeed::publish::remove_temporary_files();
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
        });
    drop(spawned);
}
