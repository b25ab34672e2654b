//! The `despin` command as an example, so that `cargo run --example despin -- FILE` works
//! from a checkout: the same code as the crate's `despin` binary (`src/bin/despin.rs`),
//! included here rather than copied. Run it with `--help` for the options.

#[path = "../src/bin/despin.rs"]
mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
