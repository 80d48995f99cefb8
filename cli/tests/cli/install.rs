//! The install paths the README and `action.yml` give: the composite action's check step
//! run as GitHub runs it, and the install commands pointing at the command-line package.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Scratch, stdout};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join(rel)).unwrap()
}

/// The `run: |` script of the action step named `name`.
fn step_script(action: &str, name: &str) -> String {
    let start = action.find(&format!("    - name: {name}\n")).unwrap_or_else(|| panic!("no step {name}"));
    let step = &action[start..];
    let run = step.find("      run: |\n").expect("a run script") + "      run: |\n".len();
    step[run..]
        .lines()
        .take_while(|l| l.starts_with("        ") || l.is_empty())
        .map(|l| format!("{}\n", l.trim_start_matches("        ")))
        .collect()
}

/// Runs a bash script as a GitHub composite step does (`bash -e`), with the built
/// `phi-guard` first on the PATH.
fn run_step(dir: &Path, script: &str, env: &[(&str, &str)]) -> std::process::Output {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_phi-guard")).parent().unwrap();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script]).current_dir(dir).env("PATH", path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("bash runs")
}

#[cfg(unix)]
#[test]
fn the_action_check_step_writes_sarif_and_reports_the_exit_code() {
    let action = read("action.yml");
    assert!(action.contains("  using: composite\n"));
    let script = step_script(&action, "Check");
    let dir = Scratch::new("action-check");
    dir.file("templates/a.txt", "Your diabetes visit is on Monday.\n")
        .file("more/b.txt", "See you on Monday.\n")
        .file("phi-guard.toml", "[rules]\n\"phi/specialty\" = \"warning\"\n");
    let output = dir.path().join("github-output");
    let env = [
        ("PHI_GUARD_PATHS", "templates more"),
        ("PHI_GUARD_ARGS", "--policy outbound --lang en"),
        ("PHI_GUARD_SARIF", "out/phi-guard.sarif"),
        ("GITHUB_OUTPUT", output.to_str().unwrap()),
    ];
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let out = run_step(dir.path(), &script, &env);
    assert!(out.status.success(), "findings fail the job later, not here: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "exit-code=1\n");
    let log: serde_json::Value = serde_json::from_str(&dir.read_file("out/phi-guard.sarif")).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "phi/condition");
    assert!(!dir.read_file("out/phi-guard.sarif").contains("\"diabetes\""), "--redact");

    // An error stops the step itself.
    dir.file("phi-guard.toml", "polcy = 1\n");
    std::fs::remove_file(&output).unwrap();
    let out = run_step(dir.path(), &script, &env);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "exit-code=2\n");
}

#[test]
fn install_commands_name_the_command_line_package() {
    let action = read("action.yml");
    assert!(action.contains("run: cargo install --locked --path \"$GITHUB_ACTION_PATH/cli\"\n"), "{action}");
    let readme = read("README.md");
    assert!(readme.contains("cargo install --locked --path cli\n"));
    assert!(readme.contains("cargo install --locked --path tools/phi-guard/cli\n"));
    let manifest = read("cli/Cargo.toml");
    assert!(manifest.contains("[[bin]]\nname = \"phi-guard\""), "{manifest}");
    // Every step of the README's workflow that runs phi-guard uses the action by path.
    let workflow = readme.split("#### GitHub Actions").nth(1).and_then(|s| s.split("```yaml\n").nth(1)).unwrap();
    assert!(workflow.contains("      - uses: ./tools/phi-guard\n"), "{workflow}");
    assert!(!readme.contains("cargo install --locked phi-guard"), "the crate is not published");
}

#[cfg(unix)]
#[test]
fn the_readme_by_hand_snippet_runs() {
    let readme = read("README.md");
    let snippet = readme.split("Without the action, the same steps by hand").nth(1).unwrap();
    let block = snippet.split("```sh\n").nth(1).unwrap().split("```").next().unwrap();
    let check = block.lines().find(|l| l.starts_with("phi-guard check")).unwrap();
    let dir = Scratch::new("readme-by-hand");
    dir.file("templates/a.txt", "Your diabetes visit is on Monday.\n");
    let out = run_step(dir.path(), &format!("{check} || test $? -eq 1"), &[]);
    assert!(out.status.success());
    let annotations = stdout(&out);
    assert!(annotations.starts_with("::error file=templates/a.txt,line=1,col=6,"), "{annotations}");
    assert!(!annotations.contains("diabetes`"), "--redact: {annotations}");
}
