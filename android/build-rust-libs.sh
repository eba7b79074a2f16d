#!/usr/bin/env bash
# The native half of the Android app: builds libfieldsales_ffi.so (release) for arm64-v8a,
# armeabi-v7a and x86_64 with cargo-ndk into app/src/main/jniLibs, then generates the Kotlin
# bindings from the host build of the same library into shared/build/generated/uniffi.
# Needs Rust (rustup) and an Android NDK named by ANDROID_NDK_HOME. Run it again after a
# change to the Rust code.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
JNI="$HERE/app/src/main/jniLibs"
GENERATED="$HERE/shared/build/generated/uniffi"

if [ -z "${ANDROID_NDK_HOME:-}" ] || [ ! -d "${ANDROID_NDK_HOME:-}" ]; then
    cat >&2 <<'MSG'
build-rust-libs.sh: ANDROID_NDK_HOME is not set (or is not a directory).
Install an NDK (Android Studio: Settings > Languages & Frameworks > Android SDK > SDK Tools >
"NDK (Side by side)", r26 or newer) and point ANDROID_NDK_HOME at it, for example
    export ANDROID_NDK_HOME="$HOME/Android/Sdk/ndk/27.2.12479018"          # Linux
    export ANDROID_NDK_HOME="$HOME/Library/Android/sdk/ndk/27.2.12479018"  # macOS
MSG
    exit 2
fi
if ! command -v cargo >/dev/null 2>&1 || ! command -v rustup >/dev/null 2>&1; then
    echo "build-rust-libs.sh: needs Rust through rustup (https://rustup.rs)" >&2
    exit 2
fi

step() { printf '\n== %s\n' "$*"; }

if ! cargo ndk --version >/dev/null 2>&1; then
    step "install cargo-ndk"
    cargo install cargo-ndk
fi

step "rust targets"
rustup target add aarch64-linux-android armv7-linux-androideabi x86_64-linux-android

step "libfieldsales_ffi.so for arm64-v8a, armeabi-v7a, x86_64 -> $JNI"
cd "$ROOT"
# 16 KB pages (Android 15 devices) need 16 KB-aligned segments; older NDKs align to 4 KB
RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-Wl,-z,max-page-size=16384" \
    cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 --platform 26 -o "$JNI" \
    build --release -p fieldsales-ffi

step "Kotlin bindings -> $GENERATED"
# from the host build of the same sources; built apart from uniffi-bindgen so that the
# generator's features never reach the library (as scripts/bindings does)
cargo build --quiet -p fieldsales-ffi
case "$(uname -s)" in
    Darwin) HOST_LIB="$ROOT/target/debug/libfieldsales_ffi.dylib" ;;
    MINGW* | MSYS* | CYGWIN*) HOST_LIB="$ROOT/target/debug/fieldsales_ffi.dll" ;;
    *) HOST_LIB="$ROOT/target/debug/libfieldsales_ffi.so" ;;
esac
rm -rf "$GENERATED"
cargo run --quiet -p uniffi-bindgen -- generate --no-format --library "$HOST_LIB" \
    --language kotlin --out-dir "$GENERATED"

step "done"
find "$JNI" -name '*.so' -exec ls -l {} \;
echo "bindings: $(find "$GENERATED" -name '*.kt')"
