import AsyncHTTPClient
import Foundation
import NIOCore
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// The knowledge base at 10,000 articles: storing them through the import path, building a node's search index from
/// the database (what a node does when it starts), then `GET /api/v1/kb/search` and `POST /api/v1/assistant/answer`
/// over HTTP with real customer questions (limits: index under 30 s, search p95 under 20 ms, assistant p95 under 50 ms).
public struct KnowledgeBenchmark: Sendable {
    public struct Report: Sendable {
        public var database: String
        public var articles: Int
        public var storeSeconds: Double
        public var indexSeconds: Double
        public var search: Percentiles
        public var assistant: Percentiles
    }

    public struct Percentiles: Sendable {
        public var requests: Int
        public var p50: Double
        public var p95: Double
        public var p99: Double
    }

    let templates: [ArticleFile]
    let questions: [(text: String, language: TextLanguage)]
    let articles: Int
    let requests: Int

    public init(templates: [ArticleFile], questions: [(text: String, language: TextLanguage)], articles: Int = 10_000, requests: Int = 500) {
        self.templates = templates
        self.questions = questions
        self.articles = articles
        self.requests = requests
    }

    /// `count` articles made from the templates: each a variant for another product line, its sentences in another order.
    static func variants(of templates: [ArticleFile], count: Int) -> [ArticleFile] {
        let products = ["Samsung QE55", "LG OLED65", "Sony Bravia", "iPhone 15", "Galaxy S24", "Lenovo IdeaPad", "Bosch Serie 6", "Electrolux 700",
                        "Xiaomi Redmi", "Philips Airfryer", "Dyson V15", "PlayStation 5", "Whirlpool FFB", "Beko WUE", "Apple Watch", "JBL Charge"]
        var random = SeededRandom(seed: 11)
        var result = [ArticleFile]()
        result.reserveCapacity(count)
        for index in 0..<count {
            var file = templates[index % templates.count]
            let product = products[random.below(products.count)] + " \(100 + random.below(900))"
            var paragraphs = file.content.body.components(separatedBy: "\n\n")
            if paragraphs.count > 2 { paragraphs.swapAt(1, 1 + random.below(paragraphs.count - 1)) }
            file.content.title = file.content.title + " — " + product
            file.content.body = paragraphs.joined(separator: "\n\n") + "\n\n" + product
            file.translationKey = "bench-\(index)"
            file.slug = nil
            file.status = .published
            result.append(file)
        }
        return result
    }

    public func run(on location: DatabaseLocation, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        try await BenchmarkServer.run(on: location, writeKey: "bench") { app in
            let services = app.touchpoint
            services.selfService.stop()
            let files = Self.variants(of: templates, count: articles)
            var started = DispatchTime.now().uptimeNanoseconds
            _ = try await services.knowledge.importFiles(files, by: KnowledgeEditor(name: "bench", mayPublish: true)) { done, total in
                if done % 2_000 == 0 { log("stored \(done) of \(total) articles") }
            }
            let storeSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            // A node starting on this database: every article read and indexed.
            let fresh = KnowledgeBase(repository: services.store)
            started = DispatchTime.now().uptimeNanoseconds
            try await fresh.refreshIndex(force: true)
            let indexSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            log("indexed \(fresh.indexedCount) articles in \(String(format: "%.2f", indexSeconds)) s")

            let port = try await BenchmarkServer.listen(app)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            defer { _ = client.shutdown() }
            var searchSamples = [Double]()
            var assistantSamples = [Double]()
            for index in 0..<requests {
                let question = questions[index % questions.count]
                let query = question.text.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)?.replacingOccurrences(of: "&", with: "%26") ?? ""
                var search = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/kb/search?q=\(query)&locale=\(question.language.rawValue)")
                search.headers.add(name: "Authorization", value: "Bearer \(BenchmarkServer.adminToken)")
                searchSamples.append(try await Self.time(search, client: client))
                var answer = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/assistant/answer")
                answer.method = .POST
                answer.headers.add(name: "Authorization", value: "Bearer \(BenchmarkServer.adminToken)")
                answer.headers.add(name: "Content-Type", value: "application/json")
                answer.body = .bytes(ByteBuffer(string: JSONCodec.serialize(.object(["question": .string(question.text), "locale": .string(question.language.rawValue)]))))
                assistantSamples.append(try await Self.time(answer, client: client))
            }
            return Report(database: location.kindName, articles: fresh.indexedCount, storeSeconds: storeSeconds, indexSeconds: indexSeconds,
                          search: Self.percentiles(searchSamples), assistant: Self.percentiles(assistantSamples))
        }
    }

    static func time(_ request: HTTPClientRequest, client: HTTPClient) async throws -> Double {
        let sentAt = DispatchTime.now().uptimeNanoseconds
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 4 << 20)
        guard response.status == .ok else { throw BenchmarkError.failed("\(request.url) answered \(response.status)") }
        return Double(DispatchTime.now().uptimeNanoseconds - sentAt) / 1e6
    }

    static func percentiles(_ samples: [Double]) -> Percentiles {
        // The first request of each kind warms caches and connections: left out.
        let sorted = samples.dropFirst().sorted()
        func at(_ share: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * share))] }
        return Percentiles(requests: sorted.count, p50: at(0.5), p95: at(0.95), p99: at(0.99))
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case failed(String)
    var description: String { switch self { case .failed(let text): text } }
}
