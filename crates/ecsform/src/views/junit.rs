//! JUnit XML for drift jobs: one test case per resource, failing when the resource
//! would change.

use std::fmt::Write as _;

use ecsform_plan::{Action, Plan};

use super::{Paint, field_lines, future};

/// One `<testsuite name="ecsform plan <stack>">` (inside `<testsuites>`), one
/// `<testcase classname="<kind>" name="<address>">` per resource of the plan, in apply
/// order. A resource that would change has a `<failure>` whose message says what
/// happens and whose text lists its notes and field changes.
///
/// A saved plan's digest is the test suite's property
/// `ecsform.saved_plan_digest` (`<properties>` come first in a `<testsuite>`). GitLab's
/// JUnit parser reads only the `testcase` and nested `testsuite` elements of a suite, so
/// the property does not disturb the Tests tab (gitlabhq/gitlabhq
/// `lib/gitlab/ci/parsers/test/junit.rb` at 028d8ac9fdde17782cc002563ecd7c5f77ea699f).
#[must_use]
pub fn junit(plan: &Plan, digest: Option<&str>) -> String {
    let tests = plan.changes.len();
    let failures = plan
        .changes
        .iter()
        .filter(|c| c.action != Action::NoOp)
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"ecsform\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">",
        escape(&format!("ecsform plan {}", plan.stack))
    );
    if let Some(digest) = digest {
        let _ = writeln!(
            out,
            "    <properties>\n      <property name=\"ecsform.saved_plan_digest\" value=\"{}\"/>\n    </properties>",
            escape(digest)
        );
    }
    for change in &plan.changes {
        let open = format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            escape(change.address.kind.as_str()),
            escape(&change.address.to_string())
        );
        if change.action == Action::NoOp {
            let _ = writeln!(out, "{open}/>");
            continue;
        }
        let message = format!("{} {}", change.address, future(change));
        let mut text = String::new();
        for note in &change.notes {
            let _ = writeln!(text, "# ({note})");
        }
        for line in field_lines(change, Paint::PLAIN) {
            let _ = writeln!(text, "{line}");
        }
        let _ = writeln!(out, "{open}>");
        let _ = writeln!(
            out,
            "      <failure message=\"{}\" type=\"{}\">{}</failure>",
            escape(&message),
            escape(&change.action.names().join("+")),
            escape_text(&text)
        );
        let _ = writeln!(out, "    </testcase>");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes an XML attribute value (double-quoted).
pub(crate) fn escape(text: &str) -> String {
    escape_xml(text, true)
}

/// Escapes XML character data: quotes stay as they are, so JSON values read as JSON.
fn escape_text(text: &str) -> String {
    escape_xml(text, false)
}

/// `&`, `<` and `>` always, quotes in attribute values. Characters XML 1.0 does not
/// allow (control characters other than tab, newline and carriage return, U+FFFE,
/// U+FFFF) become U+FFFD.
fn escape_xml(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if u32::from(c) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push('\u{FFFD}');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape, escape_text};

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\ne"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}\ne"
        );
        assert_eq!(
            escape_text("a<b & \"c\" 'd'>\u{1}\u{FFFF}\ne"),
            "a&lt;b &amp; \"c\" 'd'&gt;\u{FFFD}\u{FFFD}\ne"
        );
    }
}
