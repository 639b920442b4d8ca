import Foundation
import AsyncHTTPClient
import TouchpointApp
import TouchpointDomain
import TouchpointStorage
import TouchpointWeb

/// Fills a fresh database with a year of survey answers (NPS, CSAT, CES on every channel, a third with an analysed
/// comment) and times `GET /api/v1/feedback/report` over HTTP — the limit is 200 ms at 1,000,000 answers.
public struct FeedbackBenchmark: Sendable {
    public struct Report: Sendable {
        public var database: String
        public var answers: Int
        public var loadSeconds: Double
        public var timings: [JourneyBenchmark.Timing]
    }

    public let answers: Int
    public let requests: Int

    public init(answers: Int, requests: Int) {
        self.answers = answers
        self.requests = requests
    }

    public func run(on location: DatabaseLocation, log: @escaping @Sendable (String) -> Void) async throws -> Report {
        try await BenchmarkServer.run(on: location, writeKey: "bench") { app in
            let services = app.touchpoint
            services.feedback.stop()
            // A pool of real comments, analysed once: storing 1,000,000 answers measures storage, not the analyser.
            let pool = Self.comments.map { TextAnalyzer.shared.analyze($0) }
            var random = SeededRandom(seed: 5)
            let channels: [Channel] = [.email, .web, .mobile, .phone, .chat, .store]
            let now = Date()
            let started = DispatchTime.now().uptimeNanoseconds
            var batch = [(answer: SurveyAnswer, sequence: Int64)]()
            for index in 0..<answers {
                let type = SurveyType.allCases[Int(random.next() % 3)]
                let score = type.scale.lowerBound + Int(random.next() % UInt64(type.scale.count))
                var answer = SurveyAnswer(id: SurveyAnswerID(rawValue: "bench-\(index)"), profileID: ProfileID(rawValue: "p\(index % 200_000)"),
                                          type: type, score: score, comment: nil, surveyID: "bench", caseID: nil,
                                          channel: channels[Int(random.next() % UInt64(channels.count))], locale: .pl,
                                          answeredAt: now.addingTimeInterval(-Double(random.next() % (365 * 86_400))))
                if random.next() % 3 == 0 {
                    let comment = Int(random.next() % UInt64(pool.count))
                    answer.comment = Self.comments[comment]
                    answer.sentiment = pool[comment].sentiment
                    answer.sentimentScore = pool[comment].score
                    answer.topics = pool[comment].topics.map(\.topic)
                }
                batch.append((answer, Int64(index + 1)))
                if batch.count == 20_000 || index == answers - 1 {
                    _ = try await services.store.saveAnswers(batch, checkpoint: 0)
                    batch.removeAll(keepingCapacity: true)
                    if (index + 1) % 100_000 == 0 { log("stored \(index + 1) answers") }
                }
            }
            let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            let port = try await BenchmarkServer.listen(app)
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            var timings = [JourneyBenchmark.Timing]()
            let yearAgo = DayKey.of(now.addingTimeInterval(-365 * 86_400)), today = DayKey.of(now)
            for path in ["/api/v1/feedback/report?from=\(yearAgo)&to=\(today)", "/api/v1/feedback/report?from=\(yearAgo)&to=\(today)&type=nps",
                         "/api/v1/feedback/report?type=csat&channel=chat", "/api/v1/feedback/report"] {
                timings.append(try await JourneyBenchmark.time(path, label: path, port: port, times: requests, client: client,
                                                               header: ("Authorization", "Bearer \(BenchmarkServer.adminToken)")))
            }
            try await client.shutdown()
            return Report(database: location.kindName, answers: answers, loadSeconds: loadSeconds, timings: timings)
        }
    }

    static let comments = [
        "Kurier był bardzo miły, paczka dotarła na czas", "Dostawa się spóźniła o tydzień, nikt nie odbierał telefonu",
        "Cena w porządku, ale aplikacja ciągle się zawiesza", "Zwrot pieniędzy trwał miesiąc, nie polecam",
        "Świetna obsługa w sklepie, doradca znał się na rzeczy", "Produkt wadliwy, reklamacja odrzucona bez powodu",
        "Great service, the courier called before delivery", "The app keeps crashing when I try to pay",
        "Waited forty minutes on the hotline, terrible", "Refund arrived quickly, thank you",
        "Отличный сервис, доставили вовремя", "Ужасное обслуживание, возврат денег не получил",
        "Всё нормально, но сайт тормозит", "Консультант вежливый и быстро помог",
    ]
}
