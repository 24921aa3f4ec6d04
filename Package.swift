// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sop", targets: ["sop"]),
        .executable(name: "sop-portal", targets: ["sop-portal"]),
        .library(name: "SOPKit", targets: ["SOPKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .target(name: "Git", dependencies: ["CGit2"]),
        .target(name: "Markdown", dependencies: ["CCmarkGFM"]),
        .target(
            name: "SOPKit",
            dependencies: [
                "Git", "Markdown", "Yams", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"), "ZIPFoundation",
            ]
        ),
        .target(
            name: "SOPServer",
            dependencies: [
                "SOPKit", "Git", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"), .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "SOPCommandLine",
            dependencies: ["SOPKit", "Git", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The CLI without the web server: it starts in a few milliseconds.
        .executableTarget(
            name: "sop",
            dependencies: ["SOPKit", "SOPCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "sop-portal",
            dependencies: ["SOPKit", "SOPServer", "SOPCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"]),
        .testTarget(name: "SOPKitTests", dependencies: ["SOPKit", "Git", "TestSupport", "ZIPFoundation"]),
        .testTarget(name: "CLITests", dependencies: ["SOPKit", "TestSupport"]),
        .testTarget(
            name: "SOPServerTests",
            dependencies: [
                "SOPServer", "SOPKit", "Git", "TestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
