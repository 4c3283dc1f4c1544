//! `${VAR}` and `${VAR:-default}` in string values.
//!
//! Variables come from `--var K=V` first, then `--var-file` files, then the process
//! environment. `${VAR:-default}` uses the default when the variable is unset or empty;
//! `$${` writes a literal `${`. An unset variable without a default is an error naming the
//! variable at its place in the file, never an empty string.

use std::collections::BTreeMap;

use crate::problem::{FileId, Problem};
use crate::raw::{Node, NodeKind, Span};

/// Where interpolation looks variables up.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    /// Explicit values (`--var`, `--var-file`), ahead of the environment.
    explicit: BTreeMap<String, String>,
    /// Whether the process environment is consulted.
    use_env: bool,
}

impl Vars {
    /// Variables from the process environment only.
    #[must_use]
    pub fn from_env() -> Self {
        Self {
            explicit: BTreeMap::new(),
            use_env: true,
        }
    }

    /// Only the given variables; the environment is not read (for tests and tools).
    #[must_use]
    pub fn isolated(vars: impl IntoIterator<Item = (String, String)>) -> Self {
        Self {
            explicit: vars.into_iter().collect(),
            use_env: false,
        }
    }

    /// Sets a variable ahead of the environment; a later call for the same name wins.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.explicit.insert(name.into(), value.into());
    }

    /// Sets a variable unless one was already set explicitly (for var files, which rank
    /// below `--var`).
    pub fn set_default(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.explicit
            .entry(name.into())
            .or_insert_with(|| value.into());
    }

    /// The value of a variable, if set.
    #[must_use]
    pub fn get(&self, name: &str) -> Option<String> {
        self.explicit
            .get(name)
            .cloned()
            .or_else(|| self.use_env.then(|| std::env::var(name).ok()).flatten())
    }
}

/// Substitutes variables in every string of the tree, in place; returns the problems.
pub(crate) fn interpolate(
    root: &mut Node,
    source: &str,
    vars: &Vars,
    file: FileId,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    root.walk_mut(&mut |node| {
        let NodeKind::Str {
            value,
            interpolated,
        } = &mut node.kind
        else {
            return;
        };
        if !value.contains('$') {
            return;
        }
        let raw = source.get(node.span.start..node.span.end()).unwrap_or_default();
        match substitute(value, vars) {
            Ok(Some(new)) => {
                *value = new;
                *interpolated = true;
            }
            Ok(None) => {}
            Err(errs) => {
                for e in errs {
                    let span = narrow(node.span, raw, &e.token);
                    let problem = match e.kind {
                        ErrKind::Unset(name) => Problem::error(
                            "spec::unset_variable",
                            format!("variable `{name}` is not set"),
                            file,
                            span,
                            "used here",
                        )
                        .with_help(format!(
                            "set {name} in the environment, pass --var {name}=VALUE, or give a default: ${{{name}:-default}}"
                        )),
                        ErrKind::Syntax(msg) => Problem::error(
                            "spec::bad_interpolation",
                            msg,
                            file,
                            span,
                            "here",
                        )
                        .with_help("write ${NAME} or ${NAME:-default}; $${ gives a literal ${"),
                    };
                    problems.push(problem);
                }
            }
        }
    });
    problems
}

/// The part of a scalar's span holding `token`, when the file spells it out as is.
fn narrow(span: Span, raw: &str, token: &str) -> Span {
    raw.find(token)
        .map_or(span, |at| Span::new(span.start + at, token.len()))
}

enum ErrKind {
    Unset(String),
    Syntax(String),
}

struct InterpError {
    kind: ErrKind,
    /// The text as written (`${NAME}`), to find it in the file.
    token: String,
}

/// `Ok(None)` when nothing was substituted.
fn substitute(input: &str, vars: &Vars) -> Result<Option<String>, Vec<InterpError>> {
    let mut out = String::with_capacity(input.len());
    let mut errors = Vec::new();
    let mut changed = false;
    let mut rest = input;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("$${") {
            out.push_str("${");
            rest = after;
            changed = true;
            continue;
        }
        let Some(body_start) = tail.strip_prefix("${") else {
            out.push('$');
            rest = &tail[1..];
            continue;
        };
        let Some(close) = body_start.find('}') else {
            errors.push(InterpError {
                kind: ErrKind::Syntax("`${` is not closed by `}`".into()),
                token: tail.to_owned(),
            });
            rest = "";
            break;
        };
        let body = &body_start[..close];
        let token = format!("${{{body}}}");
        rest = &body_start[close + 1..];
        changed = true;
        let (name, default) = match body.split_once(":-") {
            Some((n, d)) => (n, Some(d)),
            None => (body, None),
        };
        if !is_var_name(name) {
            errors.push(InterpError {
                kind: ErrKind::Syntax(format!(
                    "`{token}` is not a valid variable reference (names are letters, digits and `_`, not starting with a digit)"
                )),
                token,
            });
            continue;
        }
        match (vars.get(name), default) {
            (Some(v), Some(d)) if v.is_empty() => out.push_str(d),
            (Some(v), _) => out.push_str(&v),
            (None, Some(d)) => out.push_str(d),
            (None, None) => errors.push(InterpError {
                kind: ErrKind::Unset(name.to_owned()),
                token,
            }),
        }
    }
    out.push_str(rest);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(changed.then_some(out))
}

fn is_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> Vars {
        Vars::isolated([
            ("REGION".to_owned(), "eu-west-1".to_owned()),
            ("EMPTY".to_owned(), String::new()),
        ])
    }

    fn sub(s: &str) -> Result<Option<String>, Vec<String>> {
        substitute(s, &vars()).map_err(|e| e.into_iter().map(|e| e.token).collect())
    }

    #[test]
    fn substitutes_and_defaults() {
        assert_eq!(sub("plain"), Ok(None));
        assert_eq!(sub("costs $5"), Ok(None));
        assert_eq!(
            sub("arn:aws:ssm:${REGION}:1"),
            Ok(Some("arn:aws:ssm:eu-west-1:1".into()))
        );
        assert_eq!(sub("${MISSING:-two}"), Ok(Some("two".into())));
        assert_eq!(sub("${EMPTY:-fallback}"), Ok(Some("fallback".into())));
        assert_eq!(sub("${EMPTY}"), Ok(Some(String::new())));
        assert_eq!(sub("$${REGION}"), Ok(Some("${REGION}".into())));
    }

    #[test]
    fn unset_and_malformed_are_errors() {
        assert_eq!(
            sub("${NOPE}-${REGION}-${ALSO}"),
            Err(vec!["${NOPE}".into(), "${ALSO}".into()])
        );
        assert_eq!(sub("${1BAD}"), Err(vec!["${1BAD}".into()]));
        assert_eq!(sub("x ${OPEN"), Err(vec!["${OPEN".into()]));
    }

    #[test]
    fn explicit_vars_rank_above_files() {
        let mut v = Vars::isolated([]);
        v.set("A", "cli");
        v.set_default("A", "file");
        v.set_default("B", "file");
        assert_eq!(v.get("A").as_deref(), Some("cli"));
        assert_eq!(v.get("B").as_deref(), Some("file"));
    }
}
