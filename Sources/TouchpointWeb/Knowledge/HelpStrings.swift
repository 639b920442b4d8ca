import TouchpointDomain

/// The help centre's words in the three languages (its pages speak the article's language, not the browser's).
enum HelpStrings {
    static func all(_ language: TextLanguage) -> [String: String] {
        switch language {
        case .pl: polish
        case .en: english
        case .ru: russian
        }
    }

    static let polish: [String: String] = [
        "help_centre": "Centrum pomocy", "search_label": "Czego szukasz?", "search_placeholder": "np. zwrot towaru, płatność BLIK",
        "search_button": "Szukaj", "categories": "Kategorie", "results_for": "Wyniki dla", "no_results": "Nie znaleźliśmy artykułu na ten temat.",
        "no_results_hint": "Spróbuj innych słów albo napisz do nas — odpowiemy.", "contact": "Kontakt z obsługą", "helpful_question": "Czy ten artykuł był pomocny?",
        "yes": "Tak", "no": "Nie", "thanks_vote": "Dziękujemy za opinię!", "related": "Powiązane artykuły", "home": "Strona główna",
        "updated": "Zaktualizowano", "other_languages": "Inne języki", "suggestions": "Podpowiedzi", "skip": "Przejdź do treści",
        "articles_count": "artykułów", "all_articles": "Wszystkie artykuły",
    ]

    static let english: [String: String] = [
        "help_centre": "Help centre", "search_label": "How can we help?", "search_placeholder": "e.g. return a product, pay with BLIK",
        "search_button": "Search", "categories": "Categories", "results_for": "Results for", "no_results": "We found no article about that.",
        "no_results_hint": "Try other words, or write to us — we will answer.", "contact": "Contact customer service", "helpful_question": "Was this article helpful?",
        "yes": "Yes", "no": "No", "thanks_vote": "Thank you for your feedback!", "related": "Related articles", "home": "Home",
        "updated": "Updated", "other_languages": "Other languages", "suggestions": "Suggestions", "skip": "Skip to content",
        "articles_count": "articles", "all_articles": "All articles",
    ]

    static let russian: [String: String] = [
        "help_centre": "Центр помощи", "search_label": "Чем мы можем помочь?", "search_placeholder": "например, возврат товара, оплата BLIK",
        "search_button": "Найти", "categories": "Категории", "results_for": "Результаты по запросу", "no_results": "Мы не нашли статью на эту тему.",
        "no_results_hint": "Попробуйте другие слова или напишите нам — мы ответим.", "contact": "Связаться с поддержкой", "helpful_question": "Была ли статья полезной?",
        "yes": "Да", "no": "Нет", "thanks_vote": "Спасибо за отзыв!", "related": "Похожие статьи", "home": "Главная",
        "updated": "Обновлено", "other_languages": "Другие языки", "suggestions": "Подсказки", "skip": "Перейти к содержанию",
        "articles_count": "статей", "all_articles": "Все статьи",
    ]
}
