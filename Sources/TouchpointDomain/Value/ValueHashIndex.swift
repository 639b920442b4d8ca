/// A small open-addressing hash index used by the CSV reader (repeated rows) and the customer
/// summary (customer numbering).
///
/// Why not `Dictionary`: on a 70,000-row file, SipHash over each key plus a second hash of the Int
/// key was a third of the whole `value fit` run. This table takes a precomputed 64-bit hash (a fast
/// multiply–xorshift over the bytes, seeded at random per table so that a crafted file cannot force
/// collisions predictably) and confirms candidates with a caller-supplied equality check, so a hash
/// collision can never merge two different keys.
struct ValueHashIndex {
    /// Hash and value side by side: one cache line per probe (the table is larger than the cache
    /// on big files, and the miss is most of the cost of a lookup).
    private struct Slot {
        /// The hash's upper 32 bits (the lower ones chose the slot): a cheap filter before `matches`.
        var tag: UInt32
        var value: Int32
    }

    private var slots: [Slot]
    /// Every (hash, value) inserted, in order: what `grow` re-slots from.
    private var entries: [(hash: UInt64, value: Int32)] = []
    private var mask: Int
    private(set) var count = 0
    /// The seed to hash keys with for this table.
    let seed: UInt64

    init(expectedCount: Int = 16) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Slot](repeating: Slot(tag: 0, value: -1), count: capacity)
        mask = capacity - 1
        seed = UInt64.random(in: 1...UInt64.max)
    }

    /// The first stored value with this hash for which `matches` is true.
    func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].value >= 0 {
            if slots[slot].tag == UInt32(truncatingIfNeeded: hash >> 32) && matches(slots[slot].value) { return slots[slot].value }
            slot = (slot + 1) & mask
        }
        return nil
    }

    mutating func insert(hash: UInt64, value: Int32) {
        if (count + 1) * 2 > slots.count { grow() }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].value >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Slot(tag: UInt32(truncatingIfNeeded: hash >> 32), value: value)
        entries.append((hash, value))
        count += 1
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Slot](repeating: Slot(tag: 0, value: -1), count: capacity)
        mask = capacity - 1
        for entry in entries {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot].value >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Slot(tag: UInt32(truncatingIfNeeded: entry.hash >> 32), value: entry.value)
        }
    }

    // MARK: - Hashing

    /// Mixes a 64-bit value into a running hash (multiply–xorshift).
    @inline(__always)
    static func mix(_ h: UInt64, _ v: UInt64) -> UInt64 {
        var x = (h ^ v) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 29
        return x
    }

    /// The final avalanche (MurmurHash3's fmix64), so that the low bits used for slots are well mixed.
    @inline(__always)
    static func finish(_ h: UInt64) -> UInt64 {
        var x = h
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x = x &* 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// Mixes bytes (8 at a time) and their length into a running hash.
    @inline(__always)
    static func mix(_ h: UInt64, bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var x = mix(h, UInt64(bytes.count))
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            var chunk: UInt64 = 0
            for k in 0..<8 { chunk |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            x = mix(x, chunk)
            i += 8
        }
        if i < n {
            var chunk: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                chunk |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
            x = mix(x, chunk)
        }
        return x
    }
}
