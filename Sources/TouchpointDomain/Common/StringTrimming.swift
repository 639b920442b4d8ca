extension String {
    /// Trims spaces, tabs and line breaks (ASCII) from both ends without Foundation's UTF-16 bridging,
    /// which on the collection path cost more than parsing the JSON.
    public var trimmedWhitespace: String {
        let utf8 = self.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 10 || byte == 13 || byte == 11 || byte == 12 }
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        if start == utf8.startIndex && end == utf8.endIndex { return self }
        return String(self[start..<end])
    }

    /// Nil for the empty string: an optional field cleared by sending "".
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
