//! `api`: the coaching platform's HTTP API; everything lives in the library (src/lib.rs).

/// Password hashing needs ~19 MiB per Argon2 run on the blocking threads; glibc's allocator keeps
/// such freed memory in per-thread arenas, so resident memory stayed at its peak after a burst of
/// logins. mimalloc gives it back to the system (`npx nx run bench:login` shows both figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    api::main()
}
