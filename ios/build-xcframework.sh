#!/usr/bin/env bash
# Builds what the Swift package ios/FieldSales needs from the Rust crate fieldsales-ffi:
#
#   ios/FieldSales/FieldSalesFFI.xcframework        libfieldsales_ffi.a for iOS devices (arm64),
#                                                   the iOS simulator (arm64 + x86_64) and macOS
#                                                   (arm64 + x86_64, for `swift test`), with
#                                                   FieldSalesFFIC.h and module.modulemap
#   ios/FieldSales/Sources/FieldSalesFFI/FieldSalesFFI.swift
#                                                   the Swift bindings, generated from that
#                                                   same library by the repo's pinned uniffi-bindgen
#
# Needs macOS with Xcode 16 (xcodebuild) and rustup. Usage:
#   ios/build-xcframework.sh            release build of every slice
#   ios/build-xcframework.sh --debug    debug build (faster to build, slower to run)
#   ios/build-xcframework.sh --no-x86   Apple-silicon slices only (arm64 device, simulator, Mac)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
PKG="$HERE/FieldSales"
CRATE="fieldsales-ffi"
LIB="libfieldsales_ffi.a"
PROFILE="release"
X86=1

die() {
    printf 'build-xcframework: %s\n' "$*" >&2
    exit 1
}
step() { printf '\n== %s\n' "$*"; }

for arg in "$@"; do
    case "$arg" in
        --debug) PROFILE="debug" ;;
        --no-x86) X86=0 ;;
        -h | --help)
            sed -n '2,17p' "$0"
            exit 0
            ;;
        *) die "unknown option $arg (try --help)" ;;
    esac
done

# ---- the host -------------------------------------------------------------------------------

if [ "$(uname -s)" != "Darwin" ]; then
    die "this builds iOS and macOS libraries and needs a Mac with Xcode 16; this host is $(uname -s).
On Linux, 'bash scripts/bindings' generates the Swift bindings (without compiling them) and
'bash ios/check-sources.sh' checks the Swift sources against them."
fi
command -v xcodebuild >/dev/null 2>&1 \
    || die "xcodebuild not found: install Xcode 16 from the App Store, then run
  sudo xcode-select -s /Applications/Xcode.app"
XCODE_VERSION="$(xcodebuild -version 2>/dev/null | sed -n 's/^Xcode \([0-9][0-9.]*\).*/\1/p')"
[ -n "$XCODE_VERSION" ] \
    || die "xcodebuild does not run (are only the Command Line Tools selected?): run
  sudo xcode-select -s /Applications/Xcode.app"
if [ "${XCODE_VERSION%%.*}" -lt 16 ]; then
    die "Xcode $XCODE_VERSION found; the package and the app need Xcode 16 or later"
fi
xcrun --sdk iphoneos --show-sdk-path >/dev/null 2>&1 \
    || die "the iOS SDK is missing: open Xcode once and install the iOS platform (Xcode > Settings > Components)"
command -v rustup >/dev/null 2>&1 \
    || die "rustup not found: install Rust from https://rustup.rs (the Apple targets come through rustup)"
command -v cargo >/dev/null 2>&1 || die "cargo not found: open a new shell after installing rustup"
for tool in lipo; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool not found (it comes with Xcode)"
done

IOS_DEVICE="aarch64-apple-ios"
IOS_SIM=("aarch64-apple-ios-sim")
MACOS=("aarch64-apple-darwin")
if [ "$X86" = 1 ]; then
    IOS_SIM+=("x86_64-apple-ios")
    MACOS+=("x86_64-apple-darwin")
fi
TARGETS=("$IOS_DEVICE" "${IOS_SIM[@]}" "${MACOS[@]}")

cd "$ROOT"

step "rustup targets: ${TARGETS[*]}"
rustup target add "${TARGETS[@]}"

# ---- the static library, once per target ----------------------------------------------------

# what the C code built by the crates (SQLite, ring) is compiled for; matches Package.swift
export IPHONEOS_DEPLOYMENT_TARGET=17.0
export MACOSX_DEPLOYMENT_TARGET=14.0

# (not an empty array: macOS's bash 3.2 calls expanding one an unbound variable under set -u)
PROFILE_FLAG="--profile=dev"
[ "$PROFILE" = "release" ] && PROFILE_FLAG="--release"

for target in "${TARGETS[@]}"; do
    step "cargo: $CRATE for $target ($PROFILE)"
    # only the static library: the cdylib and rlib the crate also declares are not needed here
    cargo rustc --locked -p "$CRATE" --lib --crate-type staticlib "$PROFILE_FLAG" --target "$target"
    [ -f "target/$target/$PROFILE/$LIB" ] || die "cargo did not produce target/$target/$PROFILE/$LIB"
done

WORK="$ROOT/target/xcframework"
rm -rf "$WORK"
mkdir -p "$WORK/ios-simulator" "$WORK/macos" "$WORK/headers" "$WORK/bindings"

fat() { # fat OUTPUT TARGET...
    local out="$1"
    shift
    local inputs=()
    for t in "$@"; do inputs+=("target/$t/$PROFILE/$LIB"); done
    lipo -create "${inputs[@]}" -output "$out"
}

step "lipo: one simulator library, one macOS library"
fat "$WORK/ios-simulator/$LIB" "${IOS_SIM[@]}"
fat "$WORK/macos/$LIB" "${MACOS[@]}"

# ---- the Swift bindings, from the library itself -----------------------------------------------

step "uniffi-bindgen (pinned in the workspace): Swift bindings from $IOS_DEVICE/$LIB"
# built on its own, so the generator's `cli` feature never reaches the library
cargo build --locked -q -p uniffi-bindgen
"$ROOT/target/debug/uniffi-bindgen" generate --no-format \
    --library "target/$IOS_DEVICE/$PROFILE/$LIB" \
    --language swift --out-dir "$WORK/bindings"
for f in FieldSalesFFI.swift FieldSalesFFIC.h FieldSalesFFIC.modulemap; do
    [ -f "$WORK/bindings/$f" ] || die "uniffi-bindgen did not write $f (is bindings/uniffi.toml's [bindings.swift] intact?)"
done

# headers + module map as clang finds them in an XCFramework: the module map must be called
# module.modulemap and sit beside the header it names
cp "$WORK/bindings/FieldSalesFFIC.h" "$WORK/headers/"
cp "$WORK/bindings/FieldSalesFFIC.modulemap" "$WORK/headers/module.modulemap"

# ---- the XCFramework and the generated Swift into the package --------------------------------

step "xcodebuild -create-xcframework"
rm -rf "$PKG/FieldSalesFFI.xcframework"
xcodebuild -create-xcframework \
    -library "target/$IOS_DEVICE/$PROFILE/$LIB" -headers "$WORK/headers" \
    -library "$WORK/ios-simulator/$LIB" -headers "$WORK/headers" \
    -library "$WORK/macos/$LIB" -headers "$WORK/headers" \
    -output "$PKG/FieldSalesFFI.xcframework"

cp "$WORK/bindings/FieldSalesFFI.swift" "$PKG/Sources/FieldSalesFFI/FieldSalesFFI.swift"

step "check the Swift sources against the new bindings"
FIELDSALES_BINDINGS="$WORK/bindings" bash "$HERE/check-sources.sh"

cat <<EOF

Built:
  $PKG/FieldSalesFFI.xcframework
  $PKG/Sources/FieldSalesFFI/FieldSalesFFI.swift

Next:
  (cd ios/FieldSales && swift test)          # the wrapper against a real store, on this Mac
  open ios/FieldSalesApp/FieldSalesApp.xcodeproj   # then Run on an iOS 17+ simulator
EOF
