//! The entities a feed's XML may use: XML's five, the ones its DOCTYPE declares in its internal
//! subset, and, with a warning, HTML's named ones, which many feeds use without declaring them (the
//! RSS 0.91 DTD declares the Latin-1 ones; others never declared any).
//!
//! Nothing is fetched: an external entity (`SYSTEM` or `PUBLIC`) is an error where it is used.
//! Declared entities are expanded within strict limits, so no document can grow without bound (a
//! "billion laughs"): at most [`MAX_DECLARED`] declarations, each value at most [`MAX_VALUE`] bytes,
//! references inside values at most [`MAX_NESTING`] deep and never circular, and all expansions of a
//! document together at most [`MAX_EXPANDED`] bytes or its own size, whichever is larger. A value
//! holding markup (`<`) is an error too: its elements would have to be parsed again. An entity
//! nobody defines is kept as written, with a warning, never silently emptied.

use std::collections::{HashMap, HashSet};

/// The most entity declarations read from a DOCTYPE.
pub const MAX_DECLARED: usize = 1024;
/// The longest value an entity may have, in bytes.
pub const MAX_VALUE: usize = 64 * 1024;
/// How deep references inside entity values may nest.
pub const MAX_NESTING: usize = 8;
/// The bytes all expansions of one document may produce, at least.
pub const MAX_EXPANDED: usize = 1 << 20;

/// What a declaration says an entity is.
#[derive(Debug, Clone)]
enum Declared {
    /// Its replacement text, as written (references inside are expanded when used).
    Text(String),
    /// Its value is in another file, which is never read.
    External,
}

/// What a reference stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Text from XML or the document's own declarations.
    Text(String),
    /// An HTML entity the document never declared; the warning says so.
    Html(String, String),
    /// An entity nobody defines, kept as written; the warning says so.
    Unknown(String, String),
}

/// The entities of one document, and what expanding them has cost so far.
#[derive(Debug, Default)]
pub struct Entities {
    declared: HashMap<String, Declared>,
    /// Bytes expansions may still produce.
    budget: usize,
    /// Names already warned about, so each is warned about once.
    warned: HashSet<String>,
}

impl Entities {
    /// The entities of a document of `size` bytes whose DOCTYPE (what follows `<!DOCTYPE`, when it has
    /// one) is `doctype`; an error when the DOCTYPE declares more than the limits allow.
    pub fn new(doctype: Option<&str>, size: usize) -> Result<Entities, String> {
        let mut entities = Entities {
            budget: MAX_EXPANDED.max(size),
            ..Entities::default()
        };
        if let Some(subset) = doctype.and_then(internal_subset) {
            declarations(subset, &mut entities.declared)?;
        }
        Ok(entities)
    }

    /// What `&name;` stands for, or why it cannot be used.
    pub fn resolve(&mut self, name: &str) -> Result<Resolved, String> {
        if let Some(text) = quick_xml::escape::resolve_predefined_entity(name) {
            return Ok(Resolved::Text(text.to_owned()));
        }
        if self.declared.contains_key(name) {
            let mut text = String::new();
            self.expand(name, &mut Vec::new(), &mut text)?;
            return Ok(Resolved::Text(text));
        }
        let first = self.warned.insert(name.to_owned());
        if let Some(text) = html_entity(name) {
            let shown: String = match text.chars().all(|c| c.is_whitespace() || c.is_control()) {
                true => text
                    .chars()
                    .map(|c| format!("U+{:04X}", u32::from(c)))
                    .collect(),
                false => format!("`{text}`"),
            };
            let warning = format!(
                "`&{name};` is an HTML entity that the document does not declare; it is read as {shown}"
            );
            return Ok(Resolved::Html(
                text,
                if first { warning } else { String::new() },
            ));
        }
        let warning = format!("the entity `&{name};` is not defined; it is kept as written");
        Ok(Resolved::Unknown(
            format!("&{name};"),
            if first { warning } else { String::new() },
        ))
    }

    /// Appends the replacement text of declared entity `name` to `out`, expanding what it refers to.
    fn expand(
        &mut self,
        name: &str,
        open: &mut Vec<String>,
        out: &mut String,
    ) -> Result<(), String> {
        if open.iter().any(|n| n == name) {
            return Err(format!("the entity `&{name};` refers to itself"));
        }
        if open.len() >= MAX_NESTING {
            return Err(format!(
                "entity references nest more than {MAX_NESTING} deep at `&{name};`"
            ));
        }
        let value = match self.declared.get(name) {
            Some(Declared::Text(value)) => value.clone(),
            Some(Declared::External) => {
                return Err(format!(
                    "the entity `&{name};` is external; frontfeed never reads other files"
                ));
            }
            None => return self.resolve_within(name, out),
        };
        open.push(name.to_owned());
        let mut rest = value.as_str();
        while let Some(at) = rest.find('&') {
            self.produce(&rest[..at], name, out)?;
            let Some(end) = rest[at..].find(';') else {
                return Err(format!("the value of `&{name};` has a `&` without `;`"));
            };
            let reference = &rest[at + 1..at + end];
            match reference.strip_prefix('#') {
                Some(number) => {
                    let c = char_ref(number).ok_or_else(|| {
                        format!(
                            "the value of `&{name};` has a bad character reference `&{reference};`"
                        )
                    })?;
                    self.produce(c.encode_utf8(&mut [0; 4]), name, out)?;
                }
                None => self.expand(reference, open, out)?,
            }
            rest = &rest[at + end + 1..];
        }
        self.produce(rest, name, out)?;
        open.pop();
        Ok(())
    }

    /// Inside a declared value, a reference to an entity not declared: XML's own, else HTML's.
    fn resolve_within(&mut self, name: &str, out: &mut String) -> Result<(), String> {
        let text = quick_xml::escape::resolve_predefined_entity(name)
            .map(str::to_owned)
            .or_else(|| html_entity(name))
            .ok_or_else(|| format!("the entity `&{name};` is not defined"))?;
        self.produce(&text, name, out)
    }

    /// Appends expanded `text` to `out`, within the document's budget.
    fn produce(&mut self, text: &str, name: &str, out: &mut String) -> Result<(), String> {
        if text.contains('<') {
            return Err(format!(
                "the entity `&{name};` holds markup, which frontfeed does not expand; write the \
                 elements in the document itself"
            ));
        }
        self.budget = self.budget.checked_sub(text.len()).ok_or_else(|| {
            format!(
                "entities expand to more than {} bytes; the document is not read (an entity bomb?)",
                MAX_EXPANDED
            )
        })?;
        out.push_str(text);
        Ok(())
    }
}

/// The character a numeric reference (after `&#`) stands for, when it is one XML allows.
pub fn char_ref(number: &str) -> Option<char> {
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    char::from_u32(code)
        .filter(|c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..))
}

/// The text of HTML's named entity `name`, if it has one.
fn html_entity(name: &str) -> Option<String> {
    let key = format!("{name};");
    let &(first, second) = markup5ever::data::NAMED_ENTITIES.get(key.as_str())?;
    let mut text = String::new();
    text.extend(char::from_u32(first));
    if second != 0 {
        text.extend(char::from_u32(second));
    }
    (!text.is_empty()).then_some(text)
}

/// The internal subset of a DOCTYPE: what is between its `[` and `]`.
fn internal_subset(doctype: &str) -> Option<&str> {
    let start = doctype.find('[')?;
    let end = doctype.rfind(']').filter(|&e| e > start)?;
    Some(&doctype[start + 1..end])
}

/// Reads the general entity declarations of an internal subset into `declared`; parameter entities,
/// other declarations and comments are skipped.
fn declarations(subset: &str, declared: &mut HashMap<String, Declared>) -> Result<(), String> {
    let mut rest = subset;
    let mut count = 0;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |e| &comment[e + 3..]);
            continue;
        }
        let Some(decl) = rest.strip_prefix("<!ENTITY") else {
            rest = skip_declaration(&rest[1..]);
            continue;
        };
        let decl = decl.trim_start();
        if decl.starts_with('%') {
            rest = skip_declaration(decl);
            continue;
        }
        let name_end = decl.find(|c: char| c.is_whitespace()).unwrap_or(decl.len());
        let (name, after) = decl.split_at(name_end);
        let after = after.trim_start();
        let value = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let end = after[1..]
                    .find(quote)
                    .ok_or_else(|| format!("the value of the entity `{name}` is never closed"))?;
                let value = &after[1..1 + end];
                if value.len() > MAX_VALUE {
                    return Err(format!(
                        "the entity `{name}` is longer than {MAX_VALUE} bytes; the document is not read"
                    ));
                }
                Declared::Text(value.to_owned())
            }
            _ => Declared::External,
        };
        count += 1;
        if count > MAX_DECLARED {
            return Err(format!(
                "the DOCTYPE declares more than {MAX_DECLARED} entities; the document is not read"
            ));
        }
        // The first declaration of a name is the one that counts.
        declared.entry(name.to_owned()).or_insert(value);
        rest = skip_declaration(decl);
    }
    Ok(())
}

/// What follows the declaration `text` starts in: after its closing `>`, quoted values skipped.
fn skip_declaration(text: &str) -> &str {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(e: &mut Entities, name: &str) -> Result<String, String> {
        e.resolve(name).map(|r| match r {
            Resolved::Text(t) | Resolved::Html(t, _) | Resolved::Unknown(t, _) => t,
        })
    }

    #[test]
    fn declared_entities_expand_with_their_references() {
        let doctype = r#"rss [
            <!-- <!ENTITY no "comment"> -->
            <!ENTITY % param "ignored">
            <!ENTITY sp "SPIEGEL">
            <!ENTITY both '&sp; &amp; &#x263A; &copy;'>
            <!ENTITY sp "second declaration, ignored">
            <!ENTITY logo SYSTEM "file:///etc/passwd">
        ]"#;
        let mut e = Entities::new(Some(doctype), 0).unwrap();
        assert_eq!(text(&mut e, "sp").unwrap(), "SPIEGEL");
        assert_eq!(text(&mut e, "both").unwrap(), "SPIEGEL & \u{263A} \u{a9}");
        assert_eq!(text(&mut e, "lt").unwrap(), "<");
        assert!(text(&mut e, "logo").unwrap_err().contains("external"));
        assert!(matches!(e.resolve("no"), Ok(Resolved::Unknown(..))));
    }

    #[test]
    fn html_entities_are_read_and_unknown_ones_kept_each_warned_once() {
        let mut e = Entities::new(None, 0).unwrap();
        let Ok(Resolved::Html(nbsp, warning)) = e.resolve("nbsp") else {
            panic!()
        };
        assert_eq!((nbsp.as_str(), warning.is_empty()), ("\u{a0}", false));
        assert!(matches!(e.resolve("nbsp"), Ok(Resolved::Html(_, w)) if w.is_empty()));
        assert!(
            matches!(e.resolve("gtgt"), Ok(Resolved::Unknown(t, w)) if t == "&gtgt;" && !w.is_empty())
        );
    }

    #[test]
    fn bombs_loops_and_markup_are_refused() {
        let mut laughs =
            String::from("r [<!ENTITY a0 \"lol lol lol lol lol lol lol lol lol lol\">");
        for i in 1..8 {
            let refs = format!("&a{};", i - 1).repeat(10);
            laughs.push_str(&format!("<!ENTITY a{i} \"{refs}\">"));
        }
        laughs.push(']');
        let mut e = Entities::new(Some(&laughs), 1000).unwrap();
        assert!(text(&mut e, "a7").unwrap_err().contains("bomb"));
        let mut e = Entities::new(Some("r [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]"), 0).unwrap();
        assert!(text(&mut e, "a").unwrap_err().contains("itself"));
        let mut e = Entities::new(Some("r [<!ENTITY m \"<b>x</b>\">]"), 0).unwrap();
        assert!(text(&mut e, "m").unwrap_err().contains("markup"));
        let many: String = (0..=MAX_DECLARED)
            .map(|i| format!("<!ENTITY e{i} \"x\">"))
            .collect();
        assert!(Entities::new(Some(&format!("r [{many}]")), 0).is_err());
    }

    #[test]
    fn character_references_must_be_xml_characters() {
        assert_eq!(char_ref("x263A"), Some('\u{263A}'));
        assert_eq!(char_ref("38"), Some('&'));
        assert_eq!(char_ref("0"), None);
        assert_eq!(char_ref("xD800"), None);
        assert_eq!(char_ref("abc"), None);
    }
}
