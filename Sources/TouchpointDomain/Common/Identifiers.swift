import Foundation
import Tagged

/// Typed identifiers so that a profile id can never be passed where an event id is expected.
public enum ProfileTag {}
public enum EventTag {}
public enum SourceTag {}
public enum MergeTag {}

public typealias ProfileID = Tagged<ProfileTag, String>
public typealias EventID = Tagged<EventTag, String>
public typealias SourceID = Tagged<SourceTag, String>
public typealias MergeID = Tagged<MergeTag, String>

/// Time-ordered UUIDs (version 7 layout): new rows land at the end of indexes, and ids sort by creation.
public enum TimeOrderedID {
    public static func make(at date: Date = Date()) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        for index in 0..<6 { bytes[index] = UInt8((millis >> (8 * (5 - index))) & 0xFF) }
        var random = SystemRandomNumberGenerator()
        for index in 6..<16 { bytes[index] = UInt8.random(in: 0...255, using: &random) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(45) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
