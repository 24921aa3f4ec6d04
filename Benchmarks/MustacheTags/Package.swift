// swift-tools-version:6.0
// What one tag costs in swift-mustache, the template engine of `sop publish` (see
// Benchmarks/publish.sh and the README's performance section). Run by `make bench`:
//   swift run -c release --package-path Benchmarks/MustacheTags
import PackageDescription

let package = Package(
    name: "MustacheTags",
    dependencies: [.package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1")],
    targets: [.executableTarget(name: "mustache-tags", dependencies: [.product(name: "Mustache", package: "swift-mustache")])]
)
