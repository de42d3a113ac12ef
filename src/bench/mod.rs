//! Benchmark orchestration of the `tailor` binary (not the engine): tailor side by side with
//! peer tools (python-sat, clingo, Ganak, flamapy), answers compared. `tailor bench peers`
//! parses its arguments in `cli` and runs here.

pub mod numbers;
pub mod peer_agree;
pub mod peer_model;
pub mod peer_proc;
pub mod peers;
