import Foundation

/// The three languages the toolkit understands.
public enum TextLanguage: String, Codable, CodingKeyRepresentable, Sendable, CaseIterable { case pl, en, ru }

/// A stemmer takes ONE lowercased word (letters only) and returns its stem. Pure, thread-safe, no allocation-heavy
/// regexes (it is called ~50,000 times a second): work on `[Character]` or `[Unicode.Scalar]` arrays / String suffix checks.
public protocol Stemmer: Sendable { func stem(_ word: String) -> String }
