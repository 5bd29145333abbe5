//! Any feed, however strange its text, writes as Atom that independent parsers read back.
#![no_main]

use arbitrary::Unstructured;
use frontfeed::output::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    if let Ok(feed) = frontfeed_fuzz::feed(&mut u) {
        frontfeed_fuzz::write_and_parse_back(&feed, Format::Atom);
    }
});
