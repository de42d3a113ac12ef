//! `tailor bench peers` on a tiny catalog: with python-sat (when installed) every answer agrees;
//! with a fake peer that answers wrongly the driver reports the mismatch and exits 1.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const TINY: &str = "catalog: tiny
components:
  car:
    features:
      a: { bool: {} }
      b: { bool: {} }
      c: { one_of: [x, y, z] }
      d: { bool: {} }
rules: |
  rule r1: car.a -> car.b
  rule r2: car.b -> car.c = x
  rule r3: car.d -> not car.a
";

fn setup(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "tailor-bench-peers-test-{name}-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("tiny.yaml");
    std::fs::write(&model, TINY).unwrap();
    (dir, model)
}

fn bench(model: &Path, python: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tailor"))
        .args([
            "bench",
            "peers",
            "--runs",
            "1",
            "--peer-runs",
            "1",
            "--peer-secs",
            "60",
        ])
        .args(["--secs", "10", "--python", python, "--models"])
        .arg(model)
        .output()
        .unwrap()
}

/// The Python the driver would use, when it can import python-sat.
fn python_with_pysat() -> Option<String> {
    let venv = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/.venv/bin/python");
    let py = if Path::new(venv).exists() {
        venv
    } else {
        "python3"
    };
    let ok = Command::new(py)
        .args(["-c", "import pysat.solvers"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then(|| py.to_string())
}

#[test]
fn bench_peers_agrees_with_python_sat() {
    let Some(py) = python_with_pysat() else {
        eprintln!(
            "skipped: python-sat is not installed (pip install python-sat, or make bench-peers)"
        );
        return;
    };
    let (dir, model) = setup("pysat");
    let out = bench(&model, &py);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for op in ["valid, no choice", "valid, 5 choices"] {
        let row = stdout.lines().find(|l| l.contains(op)).unwrap_or_default();
        assert!(row.contains("agree: python-sat"), "{op}: {stdout}");
    }
    assert!(stdout.contains("All answers agree."), "{stdout}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bench_peers_reports_a_wrong_peer() {
    let (dir, model) = setup("fake");
    // A "Python" that answers every question with: nothing is valid, no reason, no count.
    let fake = dir.join("fake-python");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho '{\"load_ms\": 1, \"times_ms\": [1], \"answer\": []}'\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = bench(&model, fake.to_str().unwrap());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("MISMATCH python-sat"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("MISMATCH"));
    let _ = std::fs::remove_dir_all(dir);
}
