//! Recording problems: an error (or warning) at a value with its help, a name given twice,
//! a reference that does not resolve.

use std::collections::BTreeMap;

use super::{Checker, Place};
use crate::Code;
use crate::problem::{Label, Problem, Severity, closest};

impl Checker<'_> {
    /// An error at `at`: what is wrong (`message`) and what the value is (`label`);
    /// chain [`Problem::help`] and [`Problem::label`] on it.
    pub(super) fn error(
        &mut self,
        code: Code,
        message: impl Into<String>,
        at: Place,
        label: &str,
    ) -> &mut Problem {
        let i = self.problems.len();
        self.problems
            .push(Problem::error(code.as_str(), message, at.0, at.1, label));
        &mut self.problems[i]
    }

    /// Like [`Self::error`], a warning.
    pub(super) fn warning(
        &mut self,
        code: Code,
        message: impl Into<String>,
        at: Place,
        label: &str,
    ) -> &mut Problem {
        let p = self.error(code, message, at, label);
        p.severity = Severity::Warning;
        p
    }

    /// Something given twice where it is unique: the error at the second (`again`),
    /// labelled "`verb` again here", the first labelled "first `verb` here".
    pub(super) fn twice(
        &mut self,
        code: Code,
        message: String,
        verb: &str,
        again: Place,
        first: Place,
    ) -> &mut Problem {
        self.error(code, message, again, &format!("{verb} again here"))
            .label(first, &format!("first {verb} here"))
    }

    /// A reference that does not resolve: the error at it, with "did you mean" among the
    /// names it may take, or the list of them. Nothing when one of those names holds an
    /// unset variable: it may be the one meant, whether the reference resolves waits for
    /// the variable.
    pub(super) fn unresolved(&mut self, r: Ref<'_>) -> Option<&mut Problem> {
        if r.known.iter().any(|k| self.unknown.contains(*k)) {
            return None;
        }
        let what = r.what;
        let scope = r.scope.as_deref().unwrap_or("this stack");
        let mut help = match closest(r.name, r.known.iter().copied()) {
            Some(c) => format!("did you mean `{c}`?"),
            None if r.known.is_empty() => r
                .none
                .unwrap_or_else(|| format!("{scope} defines no {what}")),
            None => format!(
                "{}: {}",
                r.listed.unwrap_or_else(|| format!("{what}s in {scope}")),
                r.known.join(", ")
            ),
        };
        if let Some(outside) = r.outside {
            help.push_str(&format!(" ({outside})"));
        }
        let message = r
            .message
            .unwrap_or_else(|| format!("no {what} named `{}` in {scope}", r.name));
        let label = r.label.unwrap_or_else(|| format!("unknown {what}"));
        Some(self.error(r.code, message, r.at, &label).help(help))
    }
}

/// A reference that does not resolve, for [`Checker::unresolved`]: by default "no
/// `what` named `name` in this stack", labelled "unknown `what`".
pub(super) struct Ref<'r> {
    code: Code,
    what: &'r str,
    name: &'r str,
    at: Place,
    known: &'r [&'r str],
    scope: Option<String>,
    outside: Option<&'r str>,
    message: Option<String>,
    label: Option<String>,
    none: Option<String>,
    listed: Option<String>,
}

impl<'r> Ref<'r> {
    /// `name`, written at `at`, is none of the `known` names of `what`s.
    pub(super) const fn new(
        code: Code,
        what: &'r str,
        name: &'r str,
        at: Place,
        known: &'r [&'r str],
    ) -> Self {
        Self {
            code,
            what,
            name,
            at,
            known,
            scope: None,
            outside: None,
            message: None,
            label: None,
            none: None,
            listed: None,
        }
    }

    /// `name` is none of the stack's target groups, `known`.
    pub(super) const fn target_group(name: &'r str, at: Place, known: &'r [&'r str]) -> Self {
        Self::new(
            Code::SpecUnknownTargetGroup,
            "target group",
            name,
            at,
            known,
        )
    }

    /// The names are those of `scope` ("task definition `web`"), not of the stack.
    pub(super) fn within(mut self, scope: String) -> Self {
        self.scope = Some(scope);
        self
    }

    /// How something outside the stack is given (added to the help).
    pub(super) const fn outside(mut self, how: &'r str) -> Self {
        self.outside = Some(how);
        self
    }

    /// Other words: the message, the label, the help when there are no names, and what
    /// comes before the list of them.
    pub(super) fn worded(
        mut self,
        message: String,
        label: &str,
        none: String,
        listed: String,
    ) -> Self {
        self.message = Some(message);
        self.label = Some(label.to_owned());
        self.none = Some(none);
        self.listed = Some(listed);
        self
    }
}

/// Where each key was first seen, to report the ones given again.
pub(super) struct Seen<K>(BTreeMap<K, Place>);

impl<K> Default for Seen<K> {
    fn default() -> Self {
        Self(BTreeMap::new())
    }
}

impl<K: Ord> Seen<K> {
    /// Where `key` was first seen, when it was; else records it as seen at `at`.
    pub(super) fn again(&mut self, key: K, at: Place) -> Option<Place> {
        match self.0.get(&key) {
            Some(first) => Some(*first),
            None => {
                self.0.insert(key, at);
                None
            }
        }
    }
}

impl Problem {
    /// Sets the help line (for chaining on `&mut`).
    pub(super) fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary label (for chaining on `&mut`).
    pub(super) fn label(&mut self, (file, span): Place, text: &str) -> &mut Self {
        self.labels.push(Label {
            file,
            span,
            text: text.to_owned(),
        });
        self
    }
}
