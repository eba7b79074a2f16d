#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fieldsales_tests::fuzz::document_import(data);
});
