//! `uniffi-bindgen generate --library target/debug/libfieldsales_ffi.so --language kotlin ...`:
//! the generator from the same uniffi version as the library, so bindings and scaffolding
//! always agree.

fn main() {
    uniffi::uniffi_bindgen_main()
}
