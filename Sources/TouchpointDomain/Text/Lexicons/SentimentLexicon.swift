// Touchpoint — sentiment lexicon (pure data).
//
// Written for Touchpoint from the authors' own knowledge of Polish, English and Russian; not derived from or copied
// out of any published lexicon (no RuSentiLex, LinisCrowd, VADER, AFINN, NRC, SentiWordNet, plWordNet/plWordNet-emo
// or similar). Licensed under the Touchpoint project's licence, like the rest of the code base.
//
// Edit the lists here. Keep every key unique: a duplicate key in a Swift dictionary literal traps at run time (the
// domain tests build every table, so a duplicate fails them first).

/// Words that carry an opinion, with a valence from -4 (very negative) to +4 (very positive), per language.
///
/// Scale: ±0.3…1 weak or lukewarm ("ok", "fine", "problem", "niestety"), ±1.5…2 clear ("good", "slow", "dziękuję"),
/// ±2.5…3 strong ("great", "broken", "rude", "polecam"), ±3.5…4 extreme ("excellent", "scam", "worst", "oszustwo").
/// Adverbs carry the value of their adjective (szybki/szybko, rude/rudely). Keys are lowercase, written as people
/// normally write them (Polish with diacritics, Russian with ё where it is usually printed); the analyser folds and
/// stems both keys and text, so write-ins without diacritics match too. Words whose job is to intensify (bardzo,
/// очень, very) live only in `intensifiers`; a few words are both an opinion word and an intensifier ("super",
/// "okropnie", "zajebiście", "ужасно", "офигенно"): treat them as intensifiers when an opinion word follows.
/// Look a token up in `intensifiers`, `negators` and `contrast` by its folded form BEFORE the stemmed opinion
/// lookup: several of them share a stem with an opinion word (strasznie/straszny, довольно/довольный,
/// terribly/terrible, incredibly/incredible).
/// Phrases (matched before single words) may have valence 0: those are courtesy formulas ("dzień dobry",
/// "kind regards", "добрый день", "dzięki temu") whose opinion words must not count.
public enum SentimentLexicon {

    /// Emoji and emoticons, shared by all languages (197 entries). Letter emoticons are given in both cases (":D"/":d",
    /// "xD"/"xd").
    public static let emoji: [String: Double] = [
        // positive faces
        "😀": 2.0, "😃": 2.0, "😄": 2.5, "😁": 2.5, "😆": 2.0, "😅": 0.5, "😂": 1.0, "🤣": 1.0, "🙂": 1.5, "😊": 2.0,
        "☺️": 2.0, "☺": 2.0, "😇": 2.0, "😍": 3.0, "🥰": 3.0, "😘": 2.5, "😗": 1.5, "😙": 1.5, "😚": 2.0, "😉": 1.0,
        "😌": 1.5, "😎": 2.0, "🤩": 3.0, "🥳": 3.0, "😋": 2.0, "🤗": 2.0, "🙃": -0.5,
        // positive gestures and symbols
        "👍": 2.0, "👍🏻": 2.0, "👍🏼": 2.0, "👍🏽": 2.0, "👍🏾": 2.0, "👍🏿": 2.0, "👌": 2.0, "👌🏻": 2.0, "👌🏼": 2.0, "👏": 2.5,
        "👏🏻": 2.5, "👏🏼": 2.5, "🙌": 2.5, "💪": 2.0, "🤝": 1.5, "🙏": 1.5, "🙏🏻": 1.5, "🙏🏼": 1.5, "❤️": 3.0, "❤": 3.0,
        "♥️": 3.0, "♥": 3.0, "💕": 3.0, "💖": 3.0, "💗": 3.0, "💓": 3.0, "💞": 3.0, "💚": 2.5, "💙": 2.5, "💛": 2.5,
        "💜": 2.5, "🧡": 2.5, "😻": 3.0, "💯": 3.0, "⭐": 1.5, "⭐️": 1.5, "🌟": 2.0, "✨": 1.5, "🔥": 2.0, "🎉": 2.5,
        "🥇": 2.5, "🏆": 2.5, "✅": 1.5, "✔️": 1.0, "🆗": 0.8, "🚀": 2.0,
        // neutral-negative faces
        "😐": -0.5, "😑": -1.0, "😶": -0.5, "🤔": -0.5, "😏": -0.5, "🤨": -1.0, "😬": -1.0, "😳": -1.0, "🥴": -1.0, "😲": -0.5,
        "😯": -0.5, "🙄": -2.0, "😒": -2.0, "😕": -1.5, "😟": -2.0, "🙁": -2.0, "☹️": -2.5, "☹": -2.5, "😞": -2.5,
        "😔": -2.0, "😣": -2.0, "😖": -2.5, "😫": -2.5, "😩": -2.5, "😢": -2.5, "😭": -3.0, "🥺": -1.0, "😪": -1.0, "😴": -1.5,
        "🥱": -1.5, "😓": -1.5, "😤": -2.5, "😠": -3.0, "😡": -3.5, "🤬": -4.0, "😱": -2.5, "😨": -2.0, "😰": -2.0, "🤯": -2.0,
        "😵": -2.0, "🤢": -3.0, "🤮": -3.5, "💩": -3.0, "🤡": -2.5,
        // negative gestures and symbols
        "👎": -2.5, "👎🏻": -2.5, "👎🏼": -2.5, "👎🏽": -2.5, "👎🏾": -2.5, "👎🏿": -2.5, "🖕": -4.0, "🤦": -2.5, "🤦‍♂️": -2.5,
        "🤦‍♀️": -2.5, "🤦🏻‍♂️": -2.5, "🤦🏻‍♀️": -2.5, "🤷": -0.5, "🤷‍♂️": -0.5, "🤷‍♀️": -0.5, "💔": -3.0, "❌": -1.5,
        "👿": -3.0, "💢": -2.5, "🐌": -2.0, "⛔": -2.0, "🚫": -2.0,
        // emoticons
        ":)": 1.5, ":-)": 1.5, ":]": 1.5, "=)": 1.5, "(:": 1.5, ":))": 2.0, ":-))": 2.0, ":)))": 2.5, ":d": 2.5,
        ":-d": 2.5, "xd": 1.5, "x-d": 1.5, ";)": 1.0, ";-)": 1.0, ":p": 1.0, ":-p": 1.0, ":*": 2.0, ":-*": 2.0,
        "<3": 3.0, "<33": 3.0, "^^": 1.5, "^_^": 2.0, "c:": 1.0, ":3": 1.5, "))": 1.5, ")))": 2.0, "))))": 2.0,
        ":(": -2.0, ":-(": -2.0, ":((": -2.5, ":(((": -3.0, ":'(": -2.5, ":/": -1.5, ":-/": -1.5, ":\\": -1.5,
        ":|": -0.5, ":-|": -0.5, ">:(": -3.0, ":@": -3.0, ":c": -2.0, ";(": -2.0, ";-(": -2.0, "</3": -2.5,
        "-_-": -1.0, "t_t": -2.5, "((": -1.5, "(((": -2.0, "((((": -2.5, ":D": 2.5, ":-D": 2.5, "xD": 1.5, "XD": 1.5,
        "X-D": 1.5, ":P": 1.0, ":-P": 1.0, "T_T": -2.5, ":C": -2.0, "D:": -2.0,
    ]

    /// Words that invert the polarity of what follows within a few words (nie, ani, bez, brak / не, нет, ни, без / not,
    /// no, never, don't, without, hardly…). English contractions are listed with and without the apostrophe; "n't" is
    /// there for tokenisers that split it off. Polish and Russian use negative concord ("nikt nie odpowiada", "nic nie
    /// działa", "никто не отвечает", "никогда не"): several negators in one window are ONE negation, not a double
    /// negative.
    public static let negators: [TextLanguage: Set<String>] = [
        .pl: [
            "nie", "ani", "ni", "bez", "brak", "braku", "brakuje", "brakowało", "nigdy", "żaden", "żadna", "żadne",
            "żadnego", "żadnej", "żadnych", "żadnym", "nic", "niczego", "niczym", "nikt", "nikogo", "nikomu", "zero",
            "mało", "niewiele", "niewystarczająco", "ledwo", "ledwie", "nieszczególnie",
        ],
        .en: [
            "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "hardly",
            "barely", "scarcely", "lack", "lacks", "lacking", "cannot", "can't", "cant", "don't", "dont", "doesn't",
            "doesnt", "didn't", "didnt", "isn't", "isnt", "wasn't", "wasnt", "aren't", "arent", "weren't", "werent",
            "won't", "wont", "wouldn't", "wouldnt", "couldn't", "couldnt", "shouldn't", "shouldnt", "haven't",
            "havent", "hasn't", "hasnt", "hadn't", "hadnt", "ain't", "aint", "n't", "zero", "insufficiently",
        ],
        .ru: [
            "не", "нет", "ни", "без", "никогда", "ничуть", "нисколько", "отнюдь", "никак", "нету", "никто",
            "никакой", "никакая", "никакое", "никакие", "никакого", "никаких", "отсутствие", "отсутствует",
            "отсутствуют", "недостаточно", "едва", "еле", "мало",
        ],
    ]

    /// Multipliers for the next opinion word: amplifiers > 1 (bardzo 1.5, очень 1.5, very 1.5, extremely 1.8) and
    /// diminishers < 1 (trochę 0.6, немного 0.6, slightly 0.6; "a bit" → "bit", "a little" → "little").
    public static let intensifiers: [TextLanguage: [String: Double]] = [
        .pl: polishIntensifiers, .en: englishIntensifiers, .ru: russianIntensifiers,
    ]

    /// Words after which the clause that follows outweighs the one before (ale, jednak, lecz, natomiast / но, однако,
    /// а, зато / but, however, yet).
    public static let contrast: [TextLanguage: Set<String>] = [
        .pl: [
            "ale", "jednak", "jednakże", "lecz", "natomiast", "zaś",
        ],
        .en: [
            "but", "however", "yet", "nevertheless", "nonetheless", "anyway",
        ],
        .ru: [
            "но", "однако", "а", "зато", "впрочем",
        ],
    ]

    /// Concessive words: the clause they introduce is outweighed by the rest of the sentence (usually the part before
    /// them: "good product, although delivery was slow"; chociaż, choć, mimo / хотя, несмотря / although, though,
    /// despite).
    public static let concessive: [TextLanguage: Set<String>] = [
        .pl: [
            "chociaż", "choć", "choćby", "mimo", "pomimo", "aczkolwiek", "wprawdzie", "acz",
        ],
        .en: [
            "albeit", "although", "despite", "notwithstanding", "spite", "though",
        ],
        .ru: [
            "несмотря", "пусть", "хоть", "хотя",
        ],
    ]

    /// Fixed multi-word phrases with their own valence, matched before single words (and before negation), e.g.
    /// "nie polecam" -3.5, "bez problemu" +2, "не рекомендую" -3.5, "waste of time" -3, "not bad" +1.5. Words are
    /// separated by single spaces; keys are lowercase with diacritics/ё like the single-word tables.
    public static let phrases: [TextLanguage: [String: Double]] = [
        .pl: polishPhrases, .en: englishPhrases, .ru: russianPhrases,
    ]

    /// The single-word table for a language.
    public static func words(for language: TextLanguage) -> [String: Double] {
        switch language {
        case .pl: return polish
        case .en: return english
        case .ru: return russian
        }
    }
}
