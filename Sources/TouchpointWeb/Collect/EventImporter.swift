import Foundation
import TouchpointDomain
import TouchpointStorage

/// Loads Segment-spec messages from files or generators through the same validation, identity resolution
/// and group-commit path as the HTTP API. Used by `touchpoint import events` and the demo company.
public struct EventImporter: Sendable {
    public struct Summary: Sendable {
        public var lines = 0
        public var accepted = 0
        public var stored = 0
        public var duplicates = 0
        public var suppressed = 0
        /// Rejections by reason code, with the first few line numbers of each.
        public var rejected: [String: (count: Int, examples: [(line: Int, message: String)])] = [:]

        public init() {}

        public var rejectedCount: Int { rejected.values.reduce(0) { $0 + $1.count } }

        mutating func reject(line: Int, code: String, message: String) {
            var entry = rejected[code] ?? (0, [])
            entry.count += 1
            if entry.examples.count < 5 { entry.examples.append((line, message)) }
            rejected[code] = entry
        }
    }

    let services: TouchpointServices
    let sourceID: SourceID

    public init(services: TouchpointServices, sourceID: SourceID) {
        self.services = services
        self.sourceID = sourceID
    }

    /// Validates and stores one batch of messages; `lines` numbers them for the report.
    /// Historical data: timestamps are taken as given (as Segment's `/v1/import`).
    public func submit(_ messages: [JSONValue], lines: [Int], into summary: inout Summary) async throws {
        var accepted = [InboundMessage]()
        let envelope = MessageValidator.Envelope(correctsClockSkew: false, receivedAt: Date())
        for (offset, raw) in messages.enumerated() {
            summary.lines += 1
            switch services.validator.validateBatchMember(raw, index: offset, envelope: envelope, makeID: { UUID().uuidString.lowercased() }) {
            case .success(let message): accepted.append(message)
            case .failure(let rejection): summary.reject(line: lines[offset], code: rejection.code, message: rejection.message)
            }
        }
        guard !accepted.isEmpty else { return }
        let outcome = try await services.pipeline.submit(IngestSubmission(sourceID: sourceID, messages: accepted))
        summary.accepted += accepted.count
        summary.stored += outcome.stored
        summary.duplicates += outcome.duplicates
        summary.suppressed += outcome.suppressed
    }

    /// Reads a JSONL file (one message a line; blank lines skipped) and imports it in batches,
    /// calling `progress` after each batch with the bytes read so far.
    public func importJSONL(at path: String, batchSize: Int = 1000, progress: (Summary, Int, Int) -> Void) async throws -> Summary {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StorageError.notFound("cannot open '\(path)': check the path and that the file is readable")
        }
        defer { try? handle.close() }
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var summary = Summary()
        var pending = [JSONValue]()
        var pendingLines = [Int]()
        var lineNumber = 0
        var bytesRead = 0
        var carry = [UInt8]()

        func handleLine(_ line: ArraySlice<UInt8>) {
            lineNumber += 1
            var trimmed = line
            while let last = trimmed.last, last == 13 || last == 32 || last == 9 { trimmed.removeLast() }
            while let first = trimmed.first, first == 32 || first == 9 { trimmed.removeFirst() }
            if trimmed.isEmpty { return }
            do {
                pending.append(try JSONCodec.parse(trimmed))
                pendingLines.append(lineNumber)
            } catch {
                summary.lines += 1
                summary.reject(line: lineNumber, code: "invalid_json", message: "not valid JSON: \(error)")
            }
        }

        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            bytesRead += chunk.count
            carry.append(contentsOf: chunk)
            var start = carry.startIndex
            while let newline = carry[start...].firstIndex(of: 10) {
                handleLine(carry[start..<newline])
                start = newline + 1
                if pending.count >= batchSize {
                    try await submit(pending, lines: pendingLines, into: &summary)
                    pending.removeAll(keepingCapacity: true)
                    pendingLines.removeAll(keepingCapacity: true)
                    progress(summary, bytesRead, totalBytes)
                }
            }
            carry.removeSubrange(carry.startIndex..<start)
        }
        if !carry.isEmpty { handleLine(carry[...]) }
        if !pending.isEmpty { try await submit(pending, lines: pendingLines, into: &summary) }
        progress(summary, bytesRead, totalBytes)
        return summary
    }
}
