//! The `fieldsales` binary run as a script runs it: one device store per `Device`.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub struct Device {
    pub db: PathBuf,
}

impl Device {
    pub fn new(dir: &Path, name: &str, role: &str) -> Device {
        let d = Device {
            db: dir.join(format!("{name}.db")),
        };
        d.ok(&["init", "--user-name", name, "--role", role]);
        d
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_fieldsales"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run fieldsales")
    }

    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            o.status.success(),
            "fieldsales {args:?} failed: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        String::from_utf8(o.stdout).expect("utf-8")
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.push("--json");
        let out = self.ok(&a);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {out}"))
    }

    pub fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(
            !o.status.success(),
            "fieldsales {args:?} should have failed"
        );
        assert!(
            o.stdout.is_empty(),
            "a failing command prints nothing on stdout"
        );
        String::from_utf8_lossy(&o.stderr).into_owned()
    }
}

pub fn id(v: &Value) -> String {
    v["id"].as_str().expect("an id").to_string()
}
