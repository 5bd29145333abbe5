//! Any text as front matter: whenever the fast block-YAML reader answers, serde_yaml_ng must parse the
//! same text to the same tree. (Files from the seed corpus are cut to their front matter.)
#![no_main]

use frontfeed::input::block_yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => rest.split("\n---").next().unwrap_or(rest),
        None => text,
    };
    if let Some(fast) = block_yaml::parse(yaml) {
        match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(yaml) {
            Ok(full) => assert_eq!(fast, full, "{yaml:?}"),
            Err(err) => panic!("the fast reader took what serde_yaml_ng rejects ({err}): {yaml:?}"),
        }
    }
});
