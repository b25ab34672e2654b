//! Running the `despin` command (the crate's binary) from integration tests.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// The crate's `despin` binary, as `cargo install` installs it.
pub fn despin_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_despin"))
}

/// The `despin` example (the README's first command), an alias of the binary. `cargo test`
/// builds the examples next to the test binaries (`target/<profile>/examples`).
pub fn example_bin() -> PathBuf {
    let mut dir = std::env::current_exe().expect("test binary path");
    dir.pop(); // the test binary
    if dir.ends_with("deps") {
        dir.pop();
    }
    let bin = dir
        .join("examples")
        .join(format!("despin{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} not built; run `cargo test` (it builds examples)",
        bin.display()
    );
    bin
}

/// Run `despin ARGS` with `stdin` as its input and collect everything it printed.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    run_program(&despin_bin(), args, stdin)
}

/// Run `program ARGS` with `stdin` as its input and collect everything it printed.
pub fn run_program(program: &std::path::Path, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn despin");
    let mut input = child.stdin.take().expect("stdin is piped");
    let stdin = stdin.to_vec();
    // Write from another thread so a large input cannot deadlock against a full stdout.
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let out = child.wait_with_output().expect("despin runs");
    match writer.join().expect("writer thread") {
        // The command may stop reading early: a bad lexicon is reported before any input
        // is read, and `--strict` stops at the first bad line.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.expect("stdin accepted"),
    }
    out
}

/// Every non-empty output line, parsed as JSON.
pub fn json_lines(out: &Output) -> Vec<Value> {
    out.stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_slice(l).expect("every output line is JSON"))
        .collect()
}
