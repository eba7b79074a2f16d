#![no_main]

libfuzzer_sys::fuzz_target!(
    init: {
        // automerge panics on some malformed input; fieldsales catches those panics and
        // returns typed errors, so a caught panic is not a finding. One that escapes still
        // ends the run: libfuzzer-sys aborts on any panic that reaches it.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |data: &[u8]| {
        fieldsales_tests::fuzz::document_import(data);
    }
);
