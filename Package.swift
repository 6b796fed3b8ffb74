// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "gongkai",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gongkai", targets: ["gongkai"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .target(
            name: "GongkaiCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "GongkaiShell",
            dependencies: ["GongkaiCore", "CReadline"]
        ),
        .executableTarget(
            name: "gongkai",
            dependencies: [
                "GongkaiCore",
                "GongkaiShell",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "GongkaiTestKit", path: "Tests/GongkaiTestKit"),
        .testTarget(name: "GongkaiCoreTests", dependencies: ["GongkaiCore", "GongkaiTestKit"]),
        .testTarget(name: "GongkaiShellTests", dependencies: ["GongkaiShell", "GongkaiCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["GongkaiCore", "gongkai", "GongkaiTestKit"]),
    ],
    swiftLanguageModes: [.v6]
)
