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
        let random = RandomBits.next()
        for index in 6..<16 { bytes[index] = UInt8(truncatingIfNeeded: random.0 >> (8 * UInt64(index % 8)) ^ random.1 >> (8 * UInt64((index + 3) % 8))) }
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

import Synchronization

/// Random bits for ids without a system call each: a xoshiro256** generator seeded once from the system.
/// Ids need uniqueness, not secrecy (secrets use `SystemRandomNumberGenerator` directly).
enum RandomBits {
    private static let state = Mutex<(UInt64, UInt64, UInt64, UInt64)>({
        var system = SystemRandomNumberGenerator()
        return (system.next() | 1, system.next(), system.next(), system.next())
    }())

    static func next() -> (UInt64, UInt64) {
        state.withLock { s in
            func step(_ s: inout (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
                let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
                let t = s.1 << 17
                s.2 ^= s.0
                s.3 ^= s.1
                s.1 ^= s.2
                s.0 ^= s.3
                s.2 ^= t
                s.3 = s.3 << 45 | s.3 >> 19
                return result
            }
            return (step(&s), step(&s))
        }
    }
}
