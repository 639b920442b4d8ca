import Foundation

/// Words a search query or an article carries that say nothing about what it is about, folded like the index's words.
/// Polish reuses the text toolkit's list; the question words customers type into a search box ("how do I", "как",
/// "jak") are stop words here too.
public enum SearchStopWords {
    public static func contains(_ folded: String, language: TextLanguage) -> Bool {
        switch language {
        case .pl: PolishStopWords.words.contains(folded) || polishExtra.contains(folded)
        case .en: english.contains(folded)
        case .ru: russian.contains(folded)
        }
    }

    static let polishExtra: Set<String> = [
        "chce", "chcialbym", "chcialabym", "prosze", "dzien", "dobry", "witam", "czesc", "mozecie", "moge", "mozna", "musze",
        "trzeba", "czy", "jakie", "jaka", "jaki", "ile", "dlaczego", "zrobic", "mojego", "moja", "moj", "pan", "pani", "panstwo",
    ]

    static let english: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "of", "at", "by", "for", "with", "about", "to", "from", "in", "on", "into",
        "onto", "off", "over", "under", "up", "down", "out", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
        "did", "doing", "have", "has", "had", "having", "i", "me", "my", "mine", "myself", "we", "us", "our", "you", "your",
        "he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "this", "that", "these", "those", "what",
        "which", "who", "whom", "whose", "when", "where", "why", "how", "can", "could", "would", "should", "will", "shall",
        "may", "might", "must", "there", "here", "so", "than", "too", "very", "just", "please", "hi", "hello", "thanks",
        "thank", "any", "some", "all", "as", "also", "then", "im", "i'm", "ive", "i've", "dont", "don't", "get", "got",
        "want", "need", "know", "tell", "let", "still", "yet",
    ]

    static let russian: Set<String> = [
        "и", "в", "во", "не", "что", "он", "на", "я", "с", "со", "как", "а", "то", "все", "она", "так", "его", "но", "да",
        "ты", "к", "у", "же", "вы", "за", "бы", "по", "только", "ее", "мне", "было", "вот", "от", "меня", "еще", "о", "из",
        "ему", "теперь", "когда", "даже", "ну", "вдруг", "ли", "если", "уже", "или", "ни", "быть", "был", "него", "до",
        "вас", "нибудь", "опять", "уж", "вам", "ведь", "там", "потом", "себя", "ничего", "ей", "может", "они", "тут", "где",
        "есть", "надо", "ней", "для", "мы", "тебя", "их", "чем", "была", "сам", "чтоб", "без", "будто", "чего", "раз",
        "тоже", "себе", "под", "будет", "ж", "тогда", "кто", "этот", "того", "потому", "этого", "какой", "совсем", "ним",
        "здесь", "этом", "один", "почти", "мой", "тем", "чтобы", "нее", "были", "куда", "зачем", "всех", "никогда",
        "можно", "при", "наконец", "два", "об", "другой", "хоть", "после", "над", "больше", "тот", "через", "эти", "нас",
        "про", "всего", "них", "какая", "много", "разве", "три", "эту", "моя", "впрочем", "хорошо", "свою", "этой",
        "перед", "иногда", "лучше", "чуть", "том", "нельзя", "такой", "им", "более", "всегда", "конечно", "всю", "между",
        "мою", "моей", "моего", "мои", "моих", "ваш", "ваша", "ваше", "здравствуйте", "привет", "пожалуйста", "подскажите",
        "скажите", "хочу", "хотел", "хотела", "нужно", "могу", "ли", "это", "как", "почему", "сколько",
    ]
}
