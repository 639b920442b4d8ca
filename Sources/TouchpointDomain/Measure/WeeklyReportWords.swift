import Foundation

/// The weekly report's words in Polish, English and Russian. The indicators' and levels' names live here, below the
/// web layer, because the mail is composed here; the console takes them (and the stages' names) from this table. A
/// domain test keeps every key filled in every language.
public enum WeeklyReportWords {
    /// Every word of the weekly report in Polish, English and Russian; the console reuses the indicators' and levels' names.
    public static let table: [String: (pl: String, en: String, ru: String)] = [
        "subject": ("{company} · tydzień CX {period}: poziom {n} z 5{change}", "{company} · CX week {period}: level {n} of 5{change}",
                    "{company} · неделя CX {period}: уровень {n} из 5{change}"),
        "greeting": ("Dzień dobry,", "Hello,", "Здравствуйте!"),
        "intro": ("Doświadczenia klientów w tygodniu {period} w porównaniu z tygodniem wcześniejszym.",
                  "The customer experience in the week {period}, compared with the week before.",
                  "Клиентский опыт за неделю {period} в сравнении с предыдущей неделей."),
        "level": ("Osiągnięty poziom: {n} z 5 (tydzień wcześniej: {before} z 5){change}", "Level reached: {n} of 5 (a week earlier: {before} of 5){change}",
                  "Достигнутый уровень: {n} из 5 (неделей раньше: {before} из 5){change}"),
        "blocking": ("Poziom blokujący: {level}", "Blocking level: {level}", "Блокирующий уровень: {level}"),
        "blocking_none": ("Żaden poziom nie blokuje: wszystkie są spełnione.", "No level blocks: every level holds.", "Ни один уровень не блокирует: все выполнены."),
        "nps": ("NPS: {value}{change} · odpowiedzi: {n}", "NPS: {value}{change} · {n} answers", "NPS: {value}{change} · ответов: {n}"),
        "csat": ("CSAT: {value} zadowolonych{change} · odpowiedzi: {n}", "CSAT: {value} satisfied{change} · {n} answers",
                 "CSAT: довольных {value}{change} · ответов: {n}"),
        "indicators": ("Wskaźniki piramidy (ten tydzień · poprzedni · zmiana)", "The pyramid's indicators (this week · last week · change)",
                       "Показатели пирамиды (эта неделя · прошлая · изменение)"),
        "indicators_none": ("Żaden wskaźnik nie ma danych w tych dwóch tygodniach.", "No indicator has data in these two weeks.",
                            "Ни у одного показателя нет данных за эти две недели."),
        "costs": ("Koszt złych doświadczeń (ten tydzień · poprzedni · zmiana)", "What bad experiences cost (this week · last week · change)",
                  "Цена плохого опыта (эта неделя · прошлая · изменение)"),
        "costs_pending": ("Porównanie tygodni pojawi się, gdy będą dzienne liczniki sprzed 7 i 14 dni. Dotąd łącznie: negatywne doświadczenia: {negative}, poczta pantoflowa dociera do ok. {reach} osób.",
                          "The weeks compared appear once there are daily counts from 7 and 14 days ago. To date: {negative} negative experiences, word of mouth reaching about {reach} people.",
                          "Сравнение недель появится, когда будут ежедневные счётчики за 7 и 14 дней до сегодня. Всего на сегодня: негативный опыт — {negative}, сарафанное радио охватывает около {reach} человек."),
        "costs_none": ("Koszt złych doświadczeń nie jest dostępny.", "What bad experiences cost is not available.", "Цена плохого опыта недоступна."),
        "cost_negative": ("Negatywne doświadczenia", "Negative experiences", "Негативный опыт"),
        "cost_unhappy": ("Nowi niezadowoleni klienci", "Newly unhappy customers", "Новые недовольные клиенты"),
        "cost_reach": ("Zasięg poczty pantoflowej", "Word-of-mouth reach", "Охват сарафанного радио"),
        "cost_abandoned": ("Zakupy porzucone po złym kontakcie", "Purchases abandoned after a poor contact", "Брошенные покупки после плохого контакта"),
        "cost_lost": ("Utracone zamówienia (szacunek)", "Orders lost (estimate)", "Потерянные заказы (оценка)"),
        "journeys": ("Gdzie klienci odpadają (najpierw najsłabsze przejście)", "Where customers drop out (worst step first)",
                     "Где клиенты уходят (сначала худший переход)"),
        "journeys_none": ("Brak danych o etapach klientów.", "No stage data yet.", "Данных об этапах пока нет."),
        "journey": ("{from} → {to}: dalej przechodzi {conversion}{change} · odpadło: {lost}", "{from} → {to}: {conversion} go on{change} · {lost} dropped off",
                    "{from} → {to}: дальше идут {conversion}{change} · ушли: {lost}"),
        "open": ("Otwórz przegląd", "Open the overview", "Открыть обзор"),
        "footer": ("Dostajesz ten e-mail jako administrator lub kierownik w {company}. Wysyłamy go w każdy poniedziałek po 7:00.",
                   "You get this e-mail as an admin or a manager at {company}. It is sent every Monday after 07:00.",
                   "Вы получаете это письмо как администратор или руководитель в {company}. Оно приходит каждый понедельник после 07:00."),
        "points": ("p.p.", "pp", "п.п."),
        "score_points": ("pkt", "pts", "п."),
        "per_order": ("na zamówienie", "per order", "на заказ"),

        "level_useful_information": ("Przydatna informacja", "Useful information", "Полезная информация"),
        "level_on_demand_problem_solving": ("Rozwiązywanie problemów na żądanie", "Problem solving on demand", "Решение проблем по запросу"),
        "level_needs_met": ("Zaspokojone potrzeby", "Needs met", "Потребности удовлетворены"),
        "level_needs_anticipated": ("Przewidywanie potrzeb", "Needs anticipated", "Потребности предвосхищены"),
        "level_safety_and_extra_value": ("Bezpieczeństwo i wartość dodana", "Safety and extra value", "Надёжность и дополнительная ценность"),

        "ind_self_service_resolution": ("Rozwiązane samoobsługowo", "Self-service resolution", "Решено самообслуживанием"),
        "ind_zero_result_searches": ("Wyszukiwania bez wyników", "Searches with no results", "Поиски без результатов"),
        "ind_contacts_per_order": ("Kontakty na zamówienie", "Contacts per order", "Обращения на заказ"),
        "ind_first_contact_resolution": ("Rozwiązane przy pierwszym kontakcie", "First-contact resolution", "Решено с первого обращения"),
        "ind_first_response_in_target": ("Pierwsza odpowiedź w terminie", "First response within target", "Первый ответ в срок"),
        "ind_resolution_in_target": ("Rozwiązanie w terminie", "Resolution within target", "Решение в срок"),
        "ind_reachability": ("Osiągalność", "Reachability", "Доступность"),
        "ind_csat": ("Zadowolenie (CSAT)", "Satisfaction (CSAT)", "Удовлетворённость (CSAT)"),
        "ind_repeat_contacts": ("Ponowne kontakty", "Repeat contacts", "Повторные обращения"),
        "ind_returns_and_complaints_per_order": ("Zwroty i reklamacje na zamówienie", "Returns and complaints per order", "Возвраты и жалобы на заказ"),
        "ind_proactive_share": ("Kontakty z inicjatywy firmy", "Proactive contacts", "Проактивные обращения"),
        "ind_offer_acceptance": ("Przyjęte oferty", "Offer acceptance", "Принятие предложений"),
        "ind_engagement_and_loyalty": ("Zaangażowanie i lojalność", "Engagement and loyalty", "Вовлечённость и лояльность"),
        "ind_nps": ("Net Promoter Score (NPS)", "Net Promoter Score (NPS)", "Индекс лояльности (NPS)"),
        "ind_retention": ("Utrzymanie (szansa powrotu)", "Retention (chance of returning)", "Удержание (вероятность возврата)"),
        "ind_clv_trend": ("Trend wartości klientów (CLV)", "Customer value trend (CLV)", "Тренд ценности клиентов (CLV)"),

        "stage_need": ("potrzeba", "need", "потребность"),
        "stage_awareness": ("świadomość", "awareness", "осведомлённость"),
        "stage_interaction": ("interakcja", "interaction", "взаимодействие"),
        "stage_experience": ("doświadczenie", "experience", "опыт"),
        "stage_engagement": ("zaangażowanie", "engagement", "вовлечённость"),
        "stage_loyalty": ("lojalność", "loyalty", "лояльность"),
    ]

    /// Every word of one language.
    static func all(_ language: TextLanguage) -> [String: String] {
        table.mapValues { entry in
            switch language {
            case .pl: entry.pl
            case .en: entry.en
            case .ru: entry.ru
            }
        }
    }

    static func locale(_ language: TextLanguage) -> Locale {
        switch language {
        case .pl: Locale(identifier: "pl_PL")
        case .en: Locale(identifier: "en_GB")
        case .ru: Locale(identifier: "ru_RU")
        }
    }

    /// `template` with each `{key}` replaced.
    static func fill(_ template: String, _ values: [String: String]) -> String {
        values.reduce(template) { text, entry in text.replacingOccurrences(of: "{" + entry.key + "}", with: entry.value) }
    }
}
