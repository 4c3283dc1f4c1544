//! `${VAR}` and `${VAR:-default}` in string values.
//!
//! Variables come from `--var K=V` first, then `--var-file` files, then the process
//! environment. `${VAR:-default}` uses the default when the variable is unset or empty;
//! the default may itself hold references (`${TAG:-${DEFAULT_TAG:-latest}}`), up to 10
//! levels deep, resolved only when used; a variable's value is never expanded again.
//! `$${` writes a literal `${`. An unset variable without a default is an error naming the
//! variable at its place in the file, never an empty string.

use std::collections::BTreeMap;

use crate::problem::{FileId, Problem};
use crate::raw::{MAX_DOCUMENT_BYTES, Node, NodeKind, Span};

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
///
/// What the substitutions add is bounded: the tree's text may grow to
/// [`MAX_DOCUMENT_BYTES`] and no further (a variable used through thousands of aliases
/// would otherwise copy its value thousands of times); the string that passes the bound
/// is reported, and nothing is substituted after it.
pub(crate) fn interpolate(
    root: &mut Node,
    source: &str,
    vars: &Vars,
    file: FileId,
) -> Interpolated {
    let mut problems = Vec::new();
    let mut unset = Vec::new();
    let mut unknown_values = Vec::new();
    let mut room = MAX_DOCUMENT_BYTES.saturating_sub(root.text_bytes());
    let mut full = false;
    root.walk_mut(&mut |node| {
        if full {
            return;
        }
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
        match substitute(value, vars, value.len().saturating_add(room)) {
            Ok(Some(new)) => {
                room = room.saturating_sub(new.len().saturating_sub(value.len()));
                *value = new;
                *interpolated = true;
            }
            Ok(None) => {}
            Err(errs) => {
                if errs.iter().any(|e| matches!(e.kind, ErrKind::Unset(_))) {
                    unknown_values.push(value.clone());
                }
                for e in errs {
                    let span = narrow(node.span, raw, &e.token);
                    let problem = match e.kind {
                        ErrKind::Unset(name) => {
                            unset.push(UnsetUse {
                                name,
                                file,
                                span,
                                value: node.span,
                            });
                            continue;
                        }
                        ErrKind::Syntax(msg) => Problem::error(
                            crate::Code::SpecBadInterpolation.as_str(),
                            msg,
                            file,
                            span,
                            "here",
                        )
                        .with_help("write ${NAME}, ${NAME:-default} or ${NAME:-${OTHER}}; $${ gives a literal ${"),
                        ErrKind::TooLarge => {
                            full = true;
                            Problem::error(
                                crate::Code::SpecTooLarge.as_str(),
                                format!(
                                    "substituting variables makes the document hold more than {} MiB of text",
                                    MAX_DOCUMENT_BYTES / (1024 * 1024)
                                ),
                                file,
                                node.span,
                                "the bound is passed here",
                            )
                            .with_help("a variable's value is copied wherever it is used, aliases included: use large values less often")
                        }
                    };
                    problems.push(problem);
                }
            }
        }
    });
    Interpolated {
        problems,
        unset,
        unknown_values,
    }
}

/// What interpolating a file found: its problems, and the uses of unset variables
/// (reported by [`unset_problems`], one problem per variable over every file).
pub(crate) struct Interpolated {
    /// Malformed references, and a result too large.
    pub problems: Vec<Problem>,
    /// Each use of a variable that is not set, in file order.
    pub unset: Vec<UnsetUse>,
    /// The strings holding a variable that is not set, as written (`web-${ENV}`).
    pub unknown_values: Vec<String>,
}

/// One use of a variable that is not set.
#[derive(Debug, Clone)]
pub(crate) struct UnsetUse {
    /// The variable.
    pub name: String,
    /// The file.
    pub file: FileId,
    /// The reference (`${NAME}`), or the whole scalar when the file does not spell it out.
    pub span: Span,
    /// The whole scalar holding it: its value is unknown, and left as written.
    pub value: Span,
}

/// The most uses of one variable labelled in its problem; the message counts them all.
const MAX_LABELLED_USES: usize = 10;

/// One problem per unset variable, in the order of their first use, labelling each of its
/// uses (the same place once): the cause is one missing value, however often it is used.
pub(crate) fn unset_problems(uses: &[UnsetUse]) -> Vec<Problem> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_name: BTreeMap<&str, Vec<&UnsetUse>> = BTreeMap::new();
    for u in uses {
        let list = by_name.entry(u.name.as_str()).or_default();
        if list.is_empty() {
            order.push(u.name.as_str());
        }
        if !list.iter().any(|o| o.file == u.file && o.span == u.span) {
            list.push(u);
        }
    }
    let mut out = Vec::with_capacity(order.len());
    for name in order {
        let Some(list) = by_name.get(name) else {
            continue;
        };
        let Some(first) = list.first() else {
            continue;
        };
        let message = match list.len() {
            1 => format!("variable `{name}` is not set"),
            n if n > MAX_LABELLED_USES => format!(
                "variable `{name}` is not set; it is used in {n} places (the first {MAX_LABELLED_USES} are shown)"
            ),
            n => format!("variable `{name}` is not set; it is used in {n} places"),
        };
        let mut p = Problem::error(
            crate::Code::SpecUnsetVariable.as_str(),
            message,
            first.file,
            first.span,
            "used here",
        )
        .with_help(format!(
            "set {name} in the environment, pass --var {name}=VALUE, or give a default: ${{{name}:-default}}"
        ));
        for u in list.iter().skip(1).take(MAX_LABELLED_USES - 1) {
            p = p.with_label(u.file, u.span, "also used here");
        }
        out.push(p);
    }
    out
}

/// The part of a scalar's span holding `token`, when the file spells it out as is.
fn narrow(span: Span, raw: &str, token: &str) -> Span {
    raw.find(token)
        .map_or(span, |at| Span::new(span.start + at, token.len()))
}

enum ErrKind {
    Unset(String),
    Syntax(String),
    /// The result would pass the size bound.
    TooLarge,
}

struct InterpError {
    kind: ErrKind,
    /// The text as written (`${NAME}`), to find it in the file.
    token: String,
}

/// How deep defaults may hold references with defaults: `${A:-${B:-${C}}}` is two.
const MAX_NESTING: usize = 10;

/// `Ok(None)` when nothing was substituted; an error when a reference is unset or
/// malformed, or when the result would be longer than `limit` bytes.
fn substitute(input: &str, vars: &Vars, limit: usize) -> Result<Option<String>, Vec<InterpError>> {
    let mut out = String::with_capacity(input.len().min(limit));
    let mut errors = Vec::new();
    let changed = expand(input, vars, 0, limit, &mut out, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(changed.then_some(out))
}

/// The offset of the `}` closing the `${` whose body starts `body`, counting the `${`
/// opened inside it (`$${`, a literal, opens nothing).
fn closing_brace(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if body[i..].starts_with("$${") => i += 3,
            b'$' if body[i..].starts_with("${") => {
                depth += 1;
                i += 2;
            }
            b'}' if depth == 0 => return Some(i),
            b'}' => {
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Appends `input` with its references substituted to `out`; returns whether anything
/// was substituted. A default is itself expanded, `nesting` levels deep so far; a
/// variable's value is not.
fn expand(
    input: &str,
    vars: &Vars,
    nesting: usize,
    limit: usize,
    out: &mut String,
    errors: &mut Vec<InterpError>,
) -> bool {
    let mut changed = false;
    let mut rest = input;
    let too_large = |out: &String, errors: &mut Vec<InterpError>| {
        let over = out.len() > limit;
        if over && !errors.iter().any(|e| matches!(e.kind, ErrKind::TooLarge)) {
            errors.push(InterpError {
                kind: ErrKind::TooLarge,
                token: String::new(),
            });
        }
        over
    };
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        if too_large(out, errors) {
            return changed;
        }
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
        let Some(close) = closing_brace(body_start) else {
            errors.push(InterpError {
                kind: ErrKind::Syntax("`${` is not closed by `}`".into()),
                token: tail.to_owned(),
            });
            return changed;
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
        let value = vars.get(name);
        match (value, default) {
            (Some(v), Some(_)) if !v.is_empty() => out.push_str(&v),
            (Some(v), None) => out.push_str(&v),
            (_, Some(d)) => {
                if d.contains("${") && nesting + 1 > MAX_NESTING {
                    errors.push(InterpError {
                        kind: ErrKind::Syntax(format!(
                            "defaults nest deeper than {MAX_NESTING} levels of `${{NAME:-...}}`"
                        )),
                        token,
                    });
                    continue;
                }
                expand(d, vars, nesting + 1, limit, out, errors);
            }
            (None, None) => errors.push(InterpError {
                kind: ErrKind::Unset(name.to_owned()),
                token,
            }),
        }
        if too_large(out, errors) {
            return changed;
        }
    }
    out.push_str(rest);
    too_large(out, errors);
    changed
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
        substitute(s, &vars(), usize::MAX).map_err(|e| e.into_iter().map(|e| e.token).collect())
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
    fn defaults_may_hold_references() {
        assert_eq!(sub("${NOPE:-${REGION}}"), Ok(Some("eu-west-1".into())));
        assert_eq!(sub("${EMPTY:-${NOPE:-x}}-y"), Ok(Some("x-y".into())));
        assert_eq!(sub("${REGION:-${NOPE}}"), Ok(Some("eu-west-1".into())));
        assert_eq!(sub("${NOPE:-${ALSO}}"), Err(vec!["${ALSO}".into()]));
        assert_eq!(sub("${NOPE:-{json}}"), Ok(Some("{json}".into())));
        assert_eq!(sub("${NOPE:-$${REGION}}"), Ok(Some("${REGION}".into())));
        assert_eq!(
            sub("${NOPE:-${REGION}"),
            Err(vec!["${NOPE:-${REGION}".into()])
        );
        let deep = format!("{}x{}", "${A:-".repeat(12), "}".repeat(12));
        assert!(sub(&deep).is_err());
        let ok = format!("{}x{}", "${A:-".repeat(11), "}".repeat(11));
        assert_eq!(sub(&ok), Ok(Some("x".into())));
    }

    #[test]
    fn results_longer_than_the_limit_are_refused() {
        let v = Vars::isolated([("BIG".to_owned(), "b".repeat(1000))]);
        let r = substitute(&"${BIG}".repeat(100), &v, 10_000);
        assert!(matches!(r, Err(e) if matches!(e[0].kind, ErrKind::TooLarge)));
        assert!(substitute(&"${BIG}".repeat(10), &v, 10_000).is_ok());
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
