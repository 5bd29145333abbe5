//! A static-site generator's posts, read as the generator reads them: which files are posts, their
//! URLs, dates, titles, categories, authors and summaries, by the rules of the [`Site`]
//! (`jekyll`, `hugo`, `zola`, each with its URL rules in `*_url`). Front matter may be YAML, TOML or
//! JSON (`front`), read leniently (`fields`); template tags are removed from bodies (`templates`);
//! what every generator shares becomes an article in `values`.
//!
//! A file whose front matter has a `webUrl` or `originalUrl` is in the article format wherever it
//! is, and is not read here.

mod fields;
mod front;
mod hugo;
mod hugo_url;
mod jekyll;
mod jekyll_url;
mod kramdown;
mod kramdown_emphasis;
mod read;
mod ruby_time;
mod smartify;
mod summary;
mod templates;
mod values;
mod zola;

pub use front::{json_value, last_of_each_key, toml_to_yaml};
pub use hugo_url::unknown_attribute as unknown_hugo_attribute;
pub use jekyll::person as jekyll_person;
pub use jekyll_url::{style as jekyll_style, unknown_placeholder as unknown_jekyll_placeholder};
pub use read::read_post;

/// The `:name` placeholders of a permalink pattern, with their byte range: a `:` and the run of
/// bytes after it that `name_byte` accepts (Jekyll's `:[a-z_]+`, Hugo's `:\w+`).
fn colon_names(pattern: &str, name_byte: impl Fn(u8) -> bool) -> Vec<(usize, usize, String)> {
    let bytes = pattern.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b':' {
            let len = bytes[i + 1..].iter().take_while(|b| name_byte(**b)).count();
            if len > 0 {
                found.push((i, i + 1 + len, pattern[i + 1..i + 1 + len].to_owned()));
                i += 1 + len;
                continue;
            }
        }
        i += 1;
    }
    found
}
