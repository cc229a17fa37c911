//! `api`: the coaching platform's HTTP API; everything lives in the library (src/lib.rs).

fn main() -> std::process::ExitCode {
    api::main()
}
