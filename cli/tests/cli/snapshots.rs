//! CLI snapshot tests: every `cli/tests/cmd/*.toml` case runs `phi-guard` and compares its
//! standard output and error with the `.stdout` / `.stderr` files beside it.
//!
//! After an intended change of output, refresh the snapshots with
//! `TRYCMD=overwrite cargo test -p phi-guard-cli --test cli snapshots::` and review the diff.

#[test]
fn cli_snapshots() {
    trycmd::TestCases::new()
        .register_bin("phi-guard", std::path::Path::new(env!("CARGO_BIN_EXE_phi-guard")))
        .insert_var("[VERSION]", env!("CARGO_PKG_VERSION"))
        .expect("a valid variable")
        .case("tests/cmd/*.toml");
}
