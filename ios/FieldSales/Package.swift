// swift-tools-version: 5.9
//
// The fieldsales core for iOS (and macOS, for `swift test`), in three layers:
//   FieldSalesFFIC  the Rust static library and its C header, as an XCFramework
//   FieldSalesFFI   the Swift bindings uniffi generates from that library
//   FieldSales      what the app uses: an async, Observation-friendly wrapper
// The first two are built by ../build-xcframework.sh and are not in git.
import PackageDescription

let package = Package(
    name: "FieldSales",
    // the string catalog's source language; th, zh-Hans, fa and vi are translated in it
    defaultLocalization: "en",
    platforms: [.iOS(.v17), .macOS(.v14)],
    products: [
        .library(name: "FieldSales", targets: ["FieldSales"]),
        .library(name: "FieldSalesFFI", targets: ["FieldSalesFFI"]),
    ],
    targets: [
        // libfieldsales_ffi.a for iOS devices, the iOS simulator and macOS, with
        // FieldSalesFFIC.h and a module.modulemap declaring the `FieldSalesFFIC` module.
        .binaryTarget(name: "FieldSalesFFIC", path: "FieldSalesFFI.xcframework"),
        .target(
            name: "FieldSalesFFI",
            dependencies: ["FieldSalesFFIC"],
            path: "Sources/FieldSalesFFI",
            exclude: ["README.md"],
            linkerSettings: [
                // what the Rust standard library and the core's crates link on Apple
                // platforms: TLS certificate checks (rustls-platform-verifier), time zones
                // (iana-time-zone) and libc's iconv
                .linkedFramework("Security"),
                .linkedFramework("CoreFoundation"),
                .linkedLibrary("iconv"),
            ]
        ),
        .target(
            name: "FieldSales",
            dependencies: ["FieldSalesFFI"],
            path: "Sources/FieldSales",
            // Localizable.xcstrings: every sentence of the app and the package (see Strings.swift)
            resources: [.process("Resources/Localizable.xcstrings")]
        ),
        .testTarget(
            name: "FieldSalesTests",
            dependencies: ["FieldSales", "FieldSalesFFI"],
            path: "Tests/FieldSalesTests"
        ),
    ]
)
