//! End-to-end cases of the binary: each `tests/cmd/**/*.toml` runs `ecsform` with its
//! arguments and compares the exit code, stdout and stderr with the files beside it.
//! Regenerate after an intended change with `cargo xtask gen trycmd` (which runs
//! `TRYCMD=overwrite cargo test -p ecsform --test cli`).

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .case("../../tests/cmd/validate/*.toml")
        .case("../../tests/cmd/misc/*.toml");
}
