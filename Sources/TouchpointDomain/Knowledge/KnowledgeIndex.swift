import Foundation

/// What the index needs of an article: its id, language, audience and text.
public struct IndexableArticle: Sendable, Equatable {
    public var id: String
    public var locale: TextLanguage
    public var audience: ArticleAudience
    public var title: String
    public var category: String?
    public var tags: [String]
    /// Markdown.
    public var body: String

    public init(id: String, locale: TextLanguage, audience: ArticleAudience, title: String, category: String?, tags: [String], body: String) {
        self.id = id
        self.locale = locale
        self.audience = audience
        self.title = title
        self.category = category
        self.tags = tags
        self.body = body
    }

    public init(_ article: Article) {
        self.init(id: article.id.rawValue, locale: article.locale, audience: article.audience, title: article.content.title,
                  category: article.content.category, tags: article.content.tags, body: article.content.body)
    }
}

/// A search's question: the text, its language, who asks (customers never see internal articles), how many answers.
public struct SearchQuery: Sendable {
    public var text: String
    public var language: TextLanguage
    public var includeInternal: Bool
    public var limit: Int
    /// The last word is still being typed ("zwr" → "zwrot"): it also matches words it begins.
    public var completesLastWord: Bool

    public init(text: String, language: TextLanguage, includeInternal: Bool = false, limit: Int = 10, completesLastWord: Bool = false) {
        self.text = text
        self.language = language
        self.includeInternal = includeInternal
        self.limit = limit
        self.completesLastWord = completesLastWord
    }
}

/// One article found, best first.
public struct SearchHit: Sendable, Equatable {
    public var id: String
    public var title: String
    /// The sentence of the body that best matches the query (or the article's opening), plain text.
    public var snippet: String
    public var score: Double
    /// Share of the query's weight (idf) the article matches, 0…1: 1 when every meaningful word was found.
    public var coverage: Double
}

/// The knowledge base's own inverted index, the same on SQLite and PostgreSQL because it is built here from the
/// articles (the database stores articles, not index structures): stems of the title, tags, category and body with
/// their counts, ranked by BM25F (the title weighs 3, tags 2, the category 1.5, the body 1), with boosts when every
/// word is in the title and for query words that stand next to each other in the article, and typo tolerance for
/// words of 5 letters or more through a deletion neighbourhood (SymSpell): one edit for words up to 7 letters, two
/// from 8.
///
/// A value type: copy it to search while another copy takes writes.
public struct KnowledgeIndex: Sendable {
    struct Posting: Sendable {
        var slot: Int32
        var title: UInt16
        var tags: UInt16
        var category: UInt16
        var body: UInt16
    }

    struct Document: Sendable {
        var id: String
        var audience: ArticleAudience
        var title: String
        var plainBody: String
        var lead: String
        var titleStems: [Int32]
        var bodyStems: [Int32]
        /// Every stem with a posting for this article (to take it out again).
        var stems: [Int32]
        var bodyLength: Int
    }

    struct LanguageIndex: Sendable {
        /// By slot; a removed article leaves nil (slots are never reused).
        var documents = [Document?]()
        var liveCount = 0
        var slots = [String: Int32]()
        var nextSlot: Int32 = 0
        var stemIDs = [String: Int32]()
        var postings = [[Posting]]()
        /// Folded word → its stem id, for words seen in any article.
        var words = [String: Int32]()
        /// Deletion variant → words of 5+ letters it comes from (typo tolerance).
        var deletions = [String: [String]]()
        /// First three letters → words that start with them (completion as you type).
        var prefixes = [String: [String]]()
        var totalBodyLength = 0
    }

    var languages = [TextLanguage: LanguageIndex]()

    public init() {}

    /// How many articles are indexed.
    public var count: Int { languages.values.reduce(0) { $0 + $1.liveCount } }

    public func contains(_ id: String) -> Bool { languages.values.contains { $0.slots[id] != nil } }

    // MARK: Writing

    /// Adds an article, replacing its earlier version if it was indexed.
    public mutating func add(_ article: IndexableArticle) {
        remove(article.id)
        // Taken out of the dictionary while it changes: a copy left behind would make every append copy the whole index.
        var index = languages.removeValue(forKey: article.locale) ?? LanguageIndex()
        let slot = index.nextSlot
        index.nextSlot += 1
        index.slots[article.id] = slot

        let language = article.locale
        let title = SearchAnalyzer.terms(article.title, language: language)
        let (plain, lead) = Markdown.plainTextAndLead(article.body)
        let body = SearchAnalyzer.terms(plain, language: language)
        let tags = article.tags.flatMap { SearchAnalyzer.terms($0, language: language) }
        let category = SearchAnalyzer.terms(article.category ?? "", language: language)

        var counts = [Int32: Posting]()
        func count(_ terms: [SearchTerm], _ field: WritableKeyPath<Posting, UInt16>) -> [Int32] {
            terms.map { term in
                let id = index.stemID(term.stem)
                index.remember(word: term.word, stem: id)
                var posting = counts[id] ?? Posting(slot: slot, title: 0, tags: 0, category: 0, body: 0)
                if posting[keyPath: field] < UInt16.max { posting[keyPath: field] += 1 }
                counts[id] = posting
                return id
            }
        }
        let titleStems = count(title, \.title)
        _ = count(tags, \.tags)
        _ = count(category, \.category)
        let bodyStems = count(body, \.body)
        for (stem, posting) in counts { index.postings[Int(stem)].append(posting) }

        index.liveCount += 1
        index.documents.append(Document(id: article.id, audience: article.audience, title: article.title, plainBody: plain,
                                         lead: lead ?? "", titleStems: titleStems, bodyStems: bodyStems,
                                         stems: Array(counts.keys), bodyLength: bodyStems.count))
        index.totalBodyLength += bodyStems.count
        languages[article.locale] = index
    }

    /// Takes an article out (unpublished, archived, deleted). Nothing happens when it was not indexed.
    public mutating func remove(_ id: String) {
        guard let language = languages.first(where: { $0.value.slots[id] != nil })?.key, var index = languages.removeValue(forKey: language) else { return }
        if let slot = index.slots.removeValue(forKey: id), let document = index.documents[Int(slot)] {
            index.documents[Int(slot)] = nil
            index.liveCount -= 1
            for stem in document.stems { index.postings[Int(stem)].removeAll { $0.slot == slot } }
            index.totalBodyLength -= document.bodyLength
        }
        languages[language] = index
    }

    // MARK: Searching

    /// The share of a query's weight a result must match to be shown to a customer: below it, the help centre says it
    /// found nothing (and the search counts as a content gap) rather than list articles that share one common word.
    public static let customerCoverage = 0.3

    static let k1 = 1.2
    static let b = 0.75

    public func search(_ query: SearchQuery) -> [SearchHit] {
        guard let index = languages[query.language], index.liveCount > 0, query.limit > 0 else { return [] }
        var terms = [SearchTerm]()
        var seen = Set<String>()
        for term in SearchAnalyzer.terms(String(query.text.prefix(500)), language: query.language) where seen.insert(term.stem).inserted {
            terms.append(term)
            if terms.count == 32 { break }
        }
        guard !terms.isEmpty else { return [] }

        let documentCount = Double(index.liveCount)
        let averageBody = max(1, Double(index.totalBodyLength) / documentCount)
        // A word no article has weighs like the rarest word: the assistant is less sure of an answer that ignores it.
        let unknownIDF = log(1 + (documentCount + 0.5) / 0.5)
        // Dense per-slot accumulators: one pass over each posting list, no per-article allocation.
        let slots = index.documents.count
        var total = [Double](repeating: 0, count: slots)
        var covered = [Double](repeating: 0, count: slots)
        var titleMatches = [UInt8](repeating: 0, count: slots)
        var touched = [Int32]()
        var totalWeight = 0.0
        var queryStems = [[Int32]]()

        for (position, term) in terms.enumerated() {
            let candidates = index.candidates(for: term, completing: query.completesLastWord && position == terms.count - 1)
            queryStems.append(candidates.map(\.stem))
            var termWeight = 0.0
            // A term's score in an article is its best candidate's (a typo's corrections do not add up).
            var best = [Int32: (part: Double, title: Bool)]()
            var single = [(slot: Int32, part: Double, title: Bool)]()
            for (stem, weight) in candidates {
                let postings = index.postings[Int(stem)]
                let df = Double(postings.count)
                let idf = log(1 + (documentCount - df + 0.5) / (df + 0.5))
                termWeight = max(termWeight, idf * weight)
                for posting in postings {
                    guard let document = index.documents[Int(posting.slot)] else { continue }
                    if document.audience == .internal && !query.includeInternal { continue }
                    let bodyNorm = 1 - Self.b + Self.b * Double(document.bodyLength) / averageBody
                    let tf = 3 * Double(posting.title) + 2 * Double(posting.tags) + 1.5 * Double(posting.category) + Double(posting.body) / bodyNorm
                    let part = weight * idf * tf * (Self.k1 + 1) / (tf + Self.k1)
                    if candidates.count == 1 {
                        single.append((posting.slot, part, posting.title > 0))
                    } else if part > (best[posting.slot]?.part ?? 0) {
                        best[posting.slot] = (part, posting.title > 0 || best[posting.slot]?.title == true)
                    }
                }
            }
            let weightOfTerm = termWeight > 0 ? termWeight : (term.word.count >= 3 ? unknownIDF : 0)
            totalWeight += weightOfTerm
            func apply(_ slot: Int32, _ part: Double, _ title: Bool) {
                let at = Int(slot)
                if total[at] == 0 { touched.append(slot) }
                total[at] += part
                covered[at] += weightOfTerm
                if title { titleMatches[at] += 1 }
            }
            for entry in single { apply(entry.slot, entry.part, entry.title) }
            for (slot, entry) in best { apply(slot, entry.part, entry.title) }
        }
        totalWeight = max(totalWeight, 0.0001)

        // Articles that answer every word of the question beat longer ones that repeat some of them.
        var ranked = touched.map { slot -> (slot: Int32, score: Double, coverage: Double) in
            let at = Int(slot)
            let coverage = min(1, covered[at] / totalWeight)
            var score = total[at] * (0.5 + 0.5 * coverage)
            if terms.count > 1, Int(titleMatches[at]) == terms.count { score *= 1.3 }
            return (slot, score, coverage)
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.slot < $1.slot }
        // Phrases are looked for in the best 50 only: word order refines the ranking, it does not make it.
        if terms.count > 1 {
            let head = ranked.prefix(50).map { entry -> (slot: Int32, score: Double, coverage: Double) in
                guard let document = index.documents[Int(entry.slot)] else { return entry }
                return (entry.slot, entry.score * (1 + Self.phraseBoost(queryStems, title: document.titleStems, body: document.bodyStems)), entry.coverage)
            }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.slot < $1.slot }
            ranked = head
        }
        let stems = Set(queryStems.flatMap { $0 })
        return ranked.prefix(query.limit).compactMap { entry in
            guard let document = index.documents[Int(entry.slot)] else { return nil }
            return SearchHit(id: document.id, title: document.title, snippet: Snippet.best(in: document.plainBody, lead: document.lead, stems: stems, index: index),
                             score: (entry.score * 1000).rounded() / 1000, coverage: (entry.coverage * 1000).rounded() / 1000)
        }
    }

    /// 0.15 for each pair of consecutive query words found next to each other in the title, 0.08 in the body; at most 0.5.
    static func phraseBoost(_ query: [[Int32]], title: [Int32], body: [Int32]) -> Double {
        guard query.count > 1 else { return 0 }
        var boost = 0.0
        for pair in 0..<(query.count - 1) {
            let first = query[pair], second = query[pair + 1]
            guard !first.isEmpty, !second.isEmpty else { continue }
            if adjacent(first, second, in: title) { boost += 0.15 } else if adjacent(first, second, in: body) { boost += 0.08 }
        }
        return min(boost, 0.5)
    }

    static func adjacent(_ first: [Int32], _ second: [Int32], in stems: [Int32]) -> Bool {
        guard stems.count > 1 else { return false }
        for position in 0..<(stems.count - 1) where first.contains(stems[position]) && second.contains(stems[position + 1]) { return true }
        return false
    }

    /// Words indexed in a language that begin with `prefix` (folded), most common stems first: suggestions as you type.
    public func completions(of prefix: String, language: TextLanguage, limit: Int = 8) -> [String] {
        guard let index = languages[language] else { return [] }
        let folded = TextFolding.fold(prefix)
        guard folded.count >= 3 else { return [] }
        let words = (index.prefixes[String(folded.prefix(3))] ?? []).filter { $0.hasPrefix(folded) }
        return words.sorted { index.postings[Int(index.words[$0]!)].count > index.postings[Int(index.words[$1]!)].count }
            .prefix(limit).map { $0 }
    }
}

extension KnowledgeIndex.LanguageIndex {
    mutating func stemID(_ stem: String) -> Int32 {
        if let id = stemIDs[stem] { return id }
        let id = Int32(postings.count)
        stemIDs[stem] = id
        postings.append([])
        return id
    }

    mutating func remember(word: String, stem: Int32) {
        guard words[word] == nil else { return }
        words[word] = stem
        if word.count >= 3 { prefixes[String(word.prefix(3)), default: []].append(word) }
        guard word.count >= 5 else { return }
        for variant in TypoTolerance.deletions(of: word) { deletions[variant, default: []].append(word) }
    }

    /// The stems a query word stands for, with a weight: its own stem (1), words it begins while being typed (0.9),
    /// and close spellings when its stem is unknown (0.8).
    func candidates(for term: SearchTerm, completing: Bool) -> [(stem: Int32, weight: Double)] {
        var found = [Int32: Double]()
        if let stem = stemIDs[term.stem], !postings[Int(stem)].isEmpty { found[stem] = 1 }
        if found.isEmpty, let stem = words[term.word], !postings[Int(stem)].isEmpty { found[stem] = 1 }
        if completing, term.word.count >= 3 {
            for word in (prefixes[String(term.word.prefix(3))] ?? []) where word.hasPrefix(term.word) && word != term.word {
                if let stem = words[word], found[stem] == nil, !postings[Int(stem)].isEmpty { found[stem] = 0.9 }
                if found.count >= 12 { break }
            }
        }
        if found.isEmpty, term.word.count >= 5 {
            let limit = term.word.count >= 8 ? 2 : 1
            var corrections = [(word: String, stem: Int32)]()
            var checked = Set<String>()
            for variant in TypoTolerance.deletions(of: term.word) + [term.word] {
                for word in deletions[variant] ?? [] where checked.insert(word).inserted {
                    if let stem = words[word], TypoTolerance.distance(word, term.word, limit: limit) <= limit { corrections.append((word, stem)) }
                }
            }
            for correction in corrections.sorted(by: { postings[Int($0.stem)].count > postings[Int($1.stem)].count }).prefix(3)
            where !postings[Int(correction.stem)].isEmpty {
                found[correction.stem] = 0.8
            }
        }
        return found.map { ($0.key, $0.value) }.sorted { $0.stem < $1.stem }
    }
}
