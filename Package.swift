// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "touchpoint",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "touchpoint", targets: ["touchpoint"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.110.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.12.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.50.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.8.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.10.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.32.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.12.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.4.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.1.0"),
        .package(url: "https://github.com/pointfreeco/swift-tagged.git", from: "0.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.24.0"),
    ],
    targets: [
        /// Pure product logic: value types, typed IDs and algorithms. No Vapor, Fluent or NIO.
        .target(
            name: "TouchpointDomain",
            dependencies: [
                .product(name: "Tagged", package: "swift-tagged"),
            ],
            exclude: [],
            // The sentiment classifier's weights: data the training command writes, not code.
            resources: [.copy("Text/Classifier/Weights")]
        ),
        /// The door per area: application services (`ServiceDesk`) and the repository protocols they call. No Vapor,
        /// Fluent or NIO: storage implements the protocols, the web layer calls the services.
        .target(
            name: "TouchpointApp",
            dependencies: [
                "TouchpointDomain",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tagged", package: "swift-tagged"),
            ]
        ),
        /// Persistence: migrations, SQLKit queries, the repositories the application layer's protocols name.
        .target(
            name: "TouchpointStorage",
            dependencies: [
                "TouchpointDomain",
                "TouchpointApp",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                "CSQLiteSettings",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Tagged", package: "swift-tagged"),
            ]
        ),
        /// What Swift cannot do with SQLite: a setting passed through variable arguments (`sqlite3_db_config`), and the
        /// page cache wrapped when the program loads (`PageCache.c`).
        .target(name: "CSQLiteSettings"),
        /// zlib from the system, for gzip request bodies.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        /// HTTP: configuration, routes, controllers, DTOs, pages and middleware.
        .target(
            name: "TouchpointWeb",
            dependencies: [
                "TouchpointDomain",
                "TouchpointApp",
                "TouchpointStorage",
                "CZlib",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Tagged", package: "swift-tagged"),
            ],
            resources: [.copy("Resources")]
        ),
        /// Elektro Świat, the demo company: a seeded generator of two years of customers, events and service cases
        /// (Generator/, pure), and the loader that sends them through the collection path and the service desk (Loader/).
        .target(
            name: "TouchpointDemo",
            dependencies: [
                "TouchpointDomain",
                "TouchpointApp",
                "TouchpointStorage",
                "TouchpointWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Tagged", package: "swift-tagged"),
            ],
            resources: [.copy("Resources")]
        ),
        /// Benchmarks that print figures (`touchpoint bench …`): each drives a real server over HTTP and compares with
        /// the limit measured in the same run.
        .target(
            name: "TouchpointBenchmarks",
            dependencies: [
                "TouchpointDomain",
                "TouchpointApp",
                "TouchpointStorage",
                "TouchpointWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Tagged", package: "swift-tagged"),
            ]
        ),
        /// The thin `touchpoint` executable: start-up and commands.
        .executableTarget(
            name: "touchpoint",
            dependencies: [
                "TouchpointDomain",
                "TouchpointStorage",
                "TouchpointWeb",
                "TouchpointBenchmarks",
                "TouchpointDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Vapor", package: "vapor"),
            ]
        ),
        .testTarget(name: "TouchpointDomainTests", dependencies: ["TouchpointDomain"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TouchpointAppTests", dependencies: ["TouchpointApp", "TouchpointDomain", .product(name: "Tagged", package: "swift-tagged")]),
        .testTarget(name: "TouchpointDemoTests", dependencies: ["TouchpointDemo", "TouchpointDomain"]),
        .testTarget(name: "TouchpointStorageTests", dependencies: ["TouchpointStorage", "TouchpointApp", "TouchpointDomain"]),
        .testTarget(
            name: "TouchpointWebTests",
            dependencies: [
                "TouchpointWeb",
                "TouchpointDemo",
                .product(name: "XCTVapor", package: "vapor"),
            ]
        ),
    ]
)
