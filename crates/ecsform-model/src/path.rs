//! Field paths in documents: the patterns of the defaults table and of the comparison
//! rules (`containerDefinitions[].portMappings[].hostPort`,
//! `attributes."idle_timeout.timeout_seconds"`), parsed once and matched against the
//! concrete paths of a walk.

use std::fmt;

/// One step of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// A member of an object.
    Key(String),
    /// Every element of a list.
    Each,
}

/// A parsed pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern(pub Vec<Seg>);

impl Pattern {
    /// Parses `a.b[].c` and `a."dotted.key"`. Returns `None` for a malformed pattern
    /// (the table's own test parses every row, so this never happens at run time).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let mut segs = Vec::new();
        let mut rest = text;
        loop {
            let (key, after) = if let Some(quoted) = rest.strip_prefix('"') {
                let end = quoted.find('"')?;
                (&quoted[..end], &quoted[end + 1..])
            } else {
                let end = rest.find(['.', '[']).unwrap_or(rest.len());
                (&rest[..end], &rest[end..])
            };
            if key.is_empty() {
                return None;
            }
            segs.push(Seg::Key(key.to_owned()));
            rest = after;
            while let Some(r) = rest.strip_prefix("[]") {
                segs.push(Seg::Each);
                rest = r;
            }
            if rest.is_empty() {
                return Some(Self(segs));
            }
            rest = rest.strip_prefix('.')?;
        }
    }

    /// The last key, when the pattern ends with one.
    #[must_use]
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Seg::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The pattern without its last step.
    #[must_use]
    pub fn parent(&self) -> &[Seg] {
        self.0.split_last().map_or(&[][..], |(_, p)| p)
    }

    /// Whether `concrete` (keys and list positions) is matched.
    #[must_use]
    pub fn matches(&self, concrete: &[Step]) -> bool {
        self.0.len() == concrete.len()
            && self.0.iter().zip(concrete).all(|(s, c)| match (s, c) {
                (Seg::Key(k), Step::Key(c)) => k == c,
                (Seg::Each, Step::Index(_)) => true,
                _ => false,
            })
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) => {
                    if i > 0 {
                        f.write_str(".")?;
                    }
                    if k.contains('.') {
                        write!(f, "\"{k}\"")?;
                    } else {
                        f.write_str(k)?;
                    }
                }
                Seg::Each => f.write_str("[]")?,
            }
        }
        Ok(())
    }
}

/// One step of a concrete path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    /// A member of an object.
    Key(String),
    /// A position in a list.
    Index(usize),
}

/// A concrete path as the plan shows it: `containerDefinitions[0].image`.
#[must_use]
pub fn display(steps: &[Step]) -> String {
    let mut out = String::new();
    for s in steps {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_and_print() {
        for text in [
            "family",
            "containerDefinitions[].portMappings[].hostPort",
            "attributes.\"idle_timeout.timeout_seconds\"",
            "a[][].b",
        ] {
            let p = Pattern::parse(text).unwrap_or_else(|| Pattern(vec![]));
            assert_eq!(p.to_string(), text);
        }
        for bad in ["", ".a", "a..b", "a.", "\"open", "a[]b"] {
            assert_eq!(Pattern::parse(bad), None, "{bad}");
        }
        let p = Pattern::parse("a[].b").unwrap_or_else(|| Pattern(vec![]));
        assert!(p.matches(&[Step::Key("a".into()), Step::Index(3), Step::Key("b".into())]));
        assert!(!p.matches(&[Step::Key("a".into()), Step::Key("b".into())]));
        assert_eq!(p.last_key(), Some("b"));
        assert_eq!(
            display(&[Step::Key("a".into()), Step::Index(3), Step::Key("b".into())]),
            "a[3].b"
        );
    }
}
