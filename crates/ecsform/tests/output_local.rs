//! What ecsform prints, at every verbosity and colour setting, against the local test bed:
//! credentials never appear (a canary secret key and session token), `--color` drives
//! every output, and shell completions cover every subcommand.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::{Scratch, TestBed, text};

const SECRET: &str = "canarySecretKey0123456789abcdefCANARY";
const TOKEN: &str = "canarySessionToken9876543210zyxwvutCANARY";

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn credentials_never_appear_at_any_verbosity() {
    let bed = TestBed::start();
    let creds = [
        ("AWS_SECRET_ACCESS_KEY", SECRET),
        ("AWS_SESSION_TOKEN", TOKEN),
    ];
    let import_dir = Scratch::of_example("ec2-bridge-nginx");
    let import_to = import_dir.dir.join("imported");
    let import_to = import_to.to_str().unwrap();
    let mut seen_calls = false;
    for verbosity in [None, Some("-v"), Some("-vv"), Some("-vvv"), Some("-vvvv")] {
        let runs: Vec<Vec<&str>> = vec![
            vec!["validate", "-f", "examples/ec2-bridge-nginx"],
            vec!["plan", "-f", "examples/ec2-bridge-nginx"],
            vec!["apply", "-f", "examples/ec2-bridge-nginx", "--auto-approve"],
            vec!["drift", "-f", "examples/ec2-bridge-nginx"],
            vec![
                "import",
                "--cluster",
                "nginx-ec2",
                "-o",
                import_to,
                "--force",
            ],
            vec![
                "destroy",
                "-f",
                "examples/ec2-bridge-nginx",
                "--auto-approve",
            ],
        ];
        for args in runs {
            let mut all: Vec<&str> = verbosity.into_iter().collect();
            all.extend(&args);
            let out = bed.ecsform_env(&all, &creds);
            let printed = text(&out);
            assert!(out.status.success(), "ecsform {}: {printed}", all.join(" "));
            for canary in [
                SECRET,
                TOKEN,
                "SecretKey0123456789",
                "SessionToken9876543210",
            ] {
                let lower = printed.to_lowercase();
                if let Some(at) = lower.find(&canary.to_lowercase()) {
                    let from = lower[..at]
                        .char_indices()
                        .rev()
                        .nth(300)
                        .map_or(0, |(i, _)| i);
                    panic!(
                        "ecsform {} printed a credential: ...{}",
                        all.join(" "),
                        &printed[from..(at + 60).min(printed.len())]
                    );
                }
            }
            seen_calls |= printed.contains("call ECS:DescribeClusters");
        }
    }
    assert!(
        seen_calls,
        "-vv logged no AWS call: the test would prove nothing"
    );

    // ECSFORM_LOG=trace (everything the SDK logs), and a call that fails.
    let mut env = creds.to_vec();
    env.push(("ECSFORM_LOG", "trace"));
    let out = bed.ecsform_env(&["plan", "-f", "examples/retail-store"], &env);
    let printed = text(&out);
    assert!(out.status.success(), "{printed}");
    assert!(
        printed.contains("TRACE"),
        "no trace lines: the test would prove nothing"
    );
    assert!(!printed.contains(SECRET) && !printed.contains(TOKEN));
    env.push(("AWS_ENDPOINT_URL", "http://127.0.0.1:9"));
    env.push(("AWS_MAX_ATTEMPTS", "1"));
    let out = bed.ecsform_env(&["-vvvv", "plan", "-f", "examples/retail-store"], &env);
    let printed = text(&out);
    assert_eq!(out.status.code(), Some(1), "{printed}");
    assert!(printed.contains("ConnectionRefused"), "{printed}");
    assert!(!printed.contains(SECRET) && !printed.contains(TOKEN));
}

#[test]
#[ignore = "end to end: starts the local AWS test bed (scripts/test runs it)"]
fn color_follows_the_flag_and_no_color() {
    let bed = TestBed::start();
    let esc = "\x1b[";
    // A plan with changes (an empty account), a drift report, a diagnostic.
    let plan = |extra: &[&str], env: &[(&str, &str)]| {
        let mut args = extra.to_vec();
        args.extend(["plan", "-f", "examples/ec2-bridge-nginx"]);
        bed.ecsform_env(&args, env)
    };
    let always = plan(&["--color", "always"], &[]);
    assert!(String::from_utf8_lossy(&always.stdout).contains(esc));
    let never = plan(&["--color", "never"], &[]);
    assert!(!text(&never).contains(esc));
    // Off a terminal, auto means none; NO_COLOR wins over nothing but `always`.
    let auto = plan(&[], &[]);
    assert!(!text(&auto).contains(esc));
    let no_color_always = plan(&["--color", "always"], &[("NO_COLOR", "1")]);
    assert!(String::from_utf8_lossy(&no_color_always.stdout).contains(esc));

    bed.apply("examples/ec2-bridge-nginx", 0);
    let drift = bed.ecsform(&[
        "--color",
        "always",
        "drift",
        "-f",
        "examples/ec2-bridge-nginx",
    ]);
    assert!(String::from_utf8_lossy(&drift.stdout).contains(&format!("{esc}32mNo drift.")));
    let drift = bed.ecsform(&[
        "--color",
        "never",
        "drift",
        "-f",
        "examples/ec2-bridge-nginx",
    ]);
    assert!(String::from_utf8_lossy(&drift.stdout).starts_with("No drift."));

    let bad = bed.ecsform(&[
        "--color",
        "always",
        "validate",
        "-f",
        "tests/cmd/inputs/unknown-key.yaml",
    ]);
    assert!(String::from_utf8_lossy(&bad.stderr).contains(esc));
    let bad = bed.ecsform(&[
        "--color",
        "never",
        "validate",
        "-f",
        "tests/cmd/inputs/unknown-key.yaml",
    ]);
    assert!(!text(&bad).contains(esc));
    // Logs too.
    let logs = bed.ecsform(&[
        "--color",
        "always",
        "-vv",
        "plan",
        "-f",
        "examples/ec2-bridge-nginx",
    ]);
    assert!(String::from_utf8_lossy(&logs.stderr).contains(esc));
}

#[test]
fn completions_cover_every_subcommand() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ecsform"))
            .args(args)
            .output()
            .unwrap()
    };
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out));
        let script = String::from_utf8_lossy(&out.stdout);
        for sub in [
            "validate",
            "render",
            "schema",
            "plan",
            "drift",
            "apply",
            "import",
            "destroy",
            "completions",
        ] {
            assert!(script.contains(sub), "{shell} completion lacks `{sub}`");
        }
        assert!(script.contains("--fail-on") || shell == "fish" && script.contains("fail-on"));
    }
    // bash accepts what it generates.
    let out = run(&["completions", "bash"]);
    let check = std::process::Command::new("bash")
        .args(["-n", "-c", &String::from_utf8_lossy(&out.stdout)])
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", text(&check));
}
