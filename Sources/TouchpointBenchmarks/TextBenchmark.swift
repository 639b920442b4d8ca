import Foundation
import TouchpointDomain

/// Times the text analytics inside the process on one core: a batch of texts as `POST /api/v1/text/analyze` gets
/// them, and single short texts one by one (their p99 is what a chat message waits).
public struct TextBenchmark {
    public struct Report {
        public var texts: Int
        public var batchSeconds: Double
        public var textsPerSecond: Double
        public var singleP50: Double
        public var singleP99: Double
        /// Building the analyser (folding and stemming the lexicons), paid once at start.
        public var buildMilliseconds: Double
    }

    public let texts: [String]
    public let rounds: Int

    public init(texts: [String], rounds: Int = 5) {
        self.texts = texts
        self.rounds = rounds
    }

    public func run() -> Report {
        let clock = ContinuousClock()
        let buildStart = clock.now
        let analyzer = TextAnalyzer()
        let build = clock.now - buildStart
        // Warm up: first calls touch lazily built tables.
        for text in texts.prefix(50) { _ = analyzer.analyze(text) }
        var best = Duration.seconds(1_000)
        for _ in 0..<rounds {
            let start = clock.now
            var sink = 0.0
            for text in texts { sink += analyzer.analyze(text).score }
            let elapsed = clock.now - start
            if elapsed < best { best = elapsed }
            if sink.isNaN { print("") }
        }
        let short = texts.filter { $0.count <= 80 }
        var singles = [Double]()
        for _ in 0..<rounds {
            for text in short {
                let start = clock.now
                _ = analyzer.analyze(text)
                singles.append(Self.milliseconds(clock.now - start))
            }
        }
        singles.sort()
        func percentile(_ p: Double) -> Double { singles.isEmpty ? 0 : singles[min(singles.count - 1, Int(Double(singles.count) * p))] }
        let seconds = Self.milliseconds(best) / 1000
        return Report(texts: texts.count, batchSeconds: seconds, textsPerSecond: Double(texts.count) / seconds,
                      singleP50: percentile(0.5), singleP99: percentile(0.99), buildMilliseconds: Self.milliseconds(build))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
