// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "sop",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sop", targets: ["sop"]),
        .library(name: "SOPKit", targets: ["SOPKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
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
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "sop",
            dependencies: ["SOPKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GitTests", dependencies: ["Git", "TestSupport"]),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "TestSupport"]),
        .testTarget(name: "SOPKitTests", dependencies: ["SOPKit", "Git", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["SOPKit", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
