// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Landscape",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "landscape", targets: ["landscape"]),
        .library(name: "Landscape", targets: ["Landscape"]),
        // The readers under libFuzzer: built by `make fuzz` with -sanitize=fuzzer,address.
        .executable(name: "landscape-fuzz", targets: ["LandscapeFuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // OpenSSL's SHA-256, which uses the CPU's SHA instructions where it has them: digests
        // are on every stage's path (cached bodies, article digests, snapshot files).
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // Wrappers for what Swift cannot call directly: curl's variadic setopt/getinfo,
        // libxml2's variadic generic-error hook, zlib's init macros.
        .target(
            name: "CLandscapeShims",
            dependencies: ["CCurl", "CLibXML2", "CZlib", "CCrypto"]
        ),
        .target(
            name: "Landscape",
            dependencies: [
                "CCurl", "CLibXML2", "CZlib", "CCrypto", "CLandscapeShims",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            // Release builds leave out the run-time exclusivity checks (8% of parse time on
            // one core); debug builds, which the tests run, keep them and catch any violation.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .executableTarget(
            name: "landscape",
            dependencies: [
                "Landscape",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "LandscapeFuzz",
            dependencies: ["Landscape"]
        ),
        .testTarget(
            name: "LandscapeTests",
            dependencies: ["Landscape"]
        ),
        .testTarget(
            name: "LandscapeCLITests",
            dependencies: ["landscape", "Landscape", "LandscapeFuzz"]
        ),
    ]
)
