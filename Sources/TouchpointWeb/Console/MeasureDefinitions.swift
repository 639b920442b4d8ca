import TouchpointDomain
extension Strings {
    /// The pyramid's levels and indicators in words: `ms_level_<level key>` and `ms_level_about_<level key>`;
    /// per indicator `ms_ind_<key>` (its name), `ms_def_<key>` (what it measures, from which events and records),
    /// `ms_num_<key>` and `ms_den_<key>` (the two counts it divides). The definitions follow `MeasureDesk.facts`, so
    /// a reader can recount a figure by hand; `{days}` is the repeat-contact window from the settings.
    static let measureIndicatorTable: [String: (pl: String, en: String, ru: String)] = measureDefinitionTable.merging(
        // The indicators' and levels' names are the domain's, which the Monday e-mail writes too.
        WeeklyReportWords.table.filter { $0.key.hasPrefix("ind_") || $0.key.hasPrefix("level_") }
            .map { ("ms_" + $0.key, $0.value) }, uniquingKeysWith: { first, _ in first })

    private static let measureDefinitionTable: [String: (pl: String, en: String, ru: String)] = [
        "ms_level_about_useful_information": ("Klient sam znajduje to, czego potrzebuje, bez pytania kogokolwiek.", "The customer finds what they need to know without asking anyone.",
                                              "Клиент сам находит нужное, ни у кого не спрашивая."),
        "ms_level_about_on_demand_problem_solving": ("Gdy klient pyta, problem zostaje rozwiązany wtedy, kiedy tego potrzebuje.", "When they do ask, the problem is solved when they need it.",
                                                     "Когда клиент всё же спрашивает, проблема решается тогда, когда ему нужно."),
        "ms_level_about_needs_met": ("To, co klient kupił, i pomoc, którą dostał, zrobiły to, czego potrzebował.", "What they bought and the help they got did what they needed.",
                                     "Купленное и полученная помощь сделали то, что было нужно клиенту."),
        "ms_level_about_needs_anticipated": ("Firma działa, zanim klient musi poprosić.", "The company moved before the customer had to.", "Компания действует раньше, чем клиенту приходится просить."),
        "ms_level_about_safety_and_extra_value": ("Relacja warta utrzymania: klienci wracają, dobrze o nas mówią i z czasem są warci więcej.",
                                                  "A relationship worth keeping: customers come back, speak well of us and are worth more over time.",
                                                  "Отношения, которые стоит сохранять: клиенты возвращаются, хорошо о нас отзываются и со временем приносят больше."),

        "ms_def_self_service_resolution": ("Jak często wyszukiwanie w centrum pomocy i asystent rozstrzygają sprawę bez udziału człowieka. Każde wyszukiwanie, które coś znalazło, i każda odpowiedź asystenta liczy się raz; jest rozwiązana, gdy ta sama osoba przez 72 godziny nie skontaktowała się z nikim w żadnym kanale (nie otworzyła zgłoszenia ani nie napisała w otwartym). Odpowiedzi dla odwiedzających, których nie da się rozpoznać, liczą się jako rozwiązane, bo nie można do nich przypisać późniejszego kontaktu.",
                                           "How often help-centre searches and the assistant settle a question without a person. Every search that found something and every assistant answer counts once; it counts as solved when the same person then contacted nobody on any channel for 72 hours (no new case, no message on an open one). Answers to visitors who cannot be recognised count as solved, since no later contact can be tied to them.",
                                           "Как часто поиск в центре помощи и ассистент решают вопрос без участия человека. Каждый поиск, который что-то нашёл, и каждый ответ ассистента считаются один раз; вопрос решён, если тот же человек затем 72 часа ни к кому не обращался ни по одному каналу (не открыл обращение и не написал в открытое). Ответы посетителям, которых нельзя узнать, считаются решёнными: более поздний контакт к ним не привязать."),
        "ms_num_self_service_resolution": ("odpowiedzi, po których nikt się nie kontaktował przez 72 h", "answers followed by no contact for 72 h", "ответы, после которых 72 ч не было обращений"),
        "ms_den_self_service_resolution": ("wyszukiwania z wynikami i odpowiedzi asystenta", "searches that found something and assistant answers", "поиски с результатами и ответы ассистента"),

        "ms_def_zero_result_searches": ("Udział wyszukiwań w centrum pomocy, które nic nie znalazły. Każde wpisane wyszukiwanie liczy się raz; puste wyszukiwanie pokazuje lukę w bazie wiedzy, a strona samoobsługi wymienia najczęstsze z nich.",
                                        "The share of help-centre searches that found nothing. Every search typed into the help centre counts once; an empty one points to a gap in the knowledge base, and the self-service page lists the most frequent of them.",
                                        "Доля поисков в центре помощи, которые ничего не нашли. Каждый введённый поиск считается один раз; пустой поиск указывает на пробел в базе знаний, а страница самообслуживания перечисляет самые частые из них."),
        "ms_num_zero_result_searches": ("wyszukiwania bez wyników", "searches with no results", "поиски без результатов"),
        "ms_den_zero_result_searches": ("wszystkie wyszukiwania", "all searches", "все поиски"),

        "ms_def_contacts_per_order": ("Jak często klienci muszą kontaktować się z firmą w przeliczeniu na zamówienie. Zgłoszenia otwarte przez samych klientów (bez powiadomień i działań następczych, które otworzyła firma) dzieli się przez zdarzenia „Order Completed” z tego samego okresu. Mniej kontaktów na zamówienie znaczy, że informacja była tam, gdzie klienci jej szukali.",
                                      "How often customers have to contact the company, per order placed. The cases customers opened themselves (not the notices and follow-ups the company opened) are divided by the “Order Completed” events of the same period. Fewer contacts per order means the information was where customers looked for it.",
                                      "Как часто клиентам приходится обращаться в компанию в расчёте на заказ. Обращения, открытые самими клиентами (без уведомлений и последующих контактов, открытых компанией), делятся на события «Order Completed» за тот же период. Чем меньше обращений на заказ, тем лучше информация была там, где её искали."),
        "ms_num_contacts_per_order": ("zgłoszenia otwarte przez klientów", "cases customers opened", "обращения, открытые клиентами"),
        "ms_den_contacts_per_order": ("zdarzenia „Order Completed”", "“Order Completed” events", "события «Order Completed»"),

        "ms_def_first_contact_resolution": ("Udział rozwiązanych zgłoszeń, które załatwiono przy pierwszym kontakcie, liczony tak jak w raportach obsługi: zgłoszenie z najwyżej jedną odpowiedzią konsultanta, nigdy nie otwarte ponownie, po którego rozwiązaniu ten sam klient nie otworzył nowego zgłoszenia w oknie ponownego kontaktu. Liczą się zgłoszenia utworzone w okresie.",
                                            "The share of resolved cases settled at the first contact, counted as the service reports count it: a case with at most one agent reply, never reopened, and not followed by a new case from the same customer within the re-contact window after its resolution. Cases created in the period count.",
                                            "Доля решённых обращений, закрытых с первого контакта, — так же, как в отчётах поддержки: не больше одного ответа оператора, обращение не открывалось повторно и после его решения тот же клиент не открыл новое в окне повторного контакта. Учитываются обращения, созданные в периоде."),
        "ms_num_first_contact_resolution": ("zgłoszenia rozwiązane przy pierwszym kontakcie", "cases resolved at the first contact", "обращения, решённые с первого контакта"),
        "ms_den_first_contact_resolution": ("rozwiązane zgłoszenia", "resolved cases", "решённые обращения"),

        "ms_def_first_response_in_target": ("Udział zegarów SLA pierwszej odpowiedzi, które dotrzymały celu, liczony jak w raporcie SLA. Zegar jest dotrzymany, gdy pierwsza odpowiedź przyszła w czasie docelowym (w godzinach pracy), przekroczony, gdy przyszła później, i naruszony, gdy wciąż biegnie po terminie. Wartość = dotrzymane ÷ (dotrzymane + przekroczone + naruszone), dla zgłoszeń utworzonych w okresie.",
                                            "The share of first-response SLA clocks that met their target, as the SLA report counts them. A clock is achieved when the first reply came within the target (in business hours), missed when it came later, and breached when it is still running past the target. Value = achieved ÷ (achieved + missed + breached), for the cases created in the period.",
                                            "Доля часов SLA первого ответа, уложившихся в цель, — как в отчёте SLA. Часы выполнены, если первый ответ пришёл в пределах цели (в рабочее время), пропущены, если позже, и нарушены, если они всё ещё идут после срока. Значение = выполнены ÷ (выполнены + пропущены + нарушены) для обращений, созданных в периоде."),
        "ms_num_first_response_in_target": ("zegary dotrzymane", "clocks achieved", "часы выполнены"),
        "ms_den_first_response_in_target": ("zegary ocenione (dotrzymane, przekroczone lub naruszone)", "clocks judged (achieved, missed or breached)", "оценённые часы (выполнены, пропущены или нарушены)"),

        "ms_def_resolution_in_target": ("Udział zegarów SLA rozwiązania, które dotrzymały celu, liczony jak w raporcie SLA: dotrzymany, gdy zgłoszenie rozwiązano w czasie docelowym (w godzinach pracy), przekroczony, gdy później, naruszony, gdy wciąż jest otwarte po terminie. Czas oczekiwania na klienta nie jest liczony. Wartość = dotrzymane ÷ (dotrzymane + przekroczone + naruszone), dla zgłoszeń utworzonych w okresie.",
                                        "The share of resolution SLA clocks that met their target, as the SLA report counts them: achieved when the case was resolved within the target (in business hours), missed when later, breached when it is still open past the target. Time spent waiting on the customer does not count. Value = achieved ÷ (achieved + missed + breached), for the cases created in the period.",
                                        "Доля часов SLA решения, уложившихся в цель, — как в отчёте SLA: выполнены, если обращение решено в пределах цели (в рабочее время), пропущены, если позже, нарушены, если оно всё ещё открыто после срока. Время ожидания ответа клиента не считается. Значение = выполнены ÷ (выполнены + пропущены + нарушены) для обращений, созданных в периоде."),
        "ms_num_resolution_in_target": ("zegary dotrzymane", "clocks achieved", "часы выполнены"),
        "ms_den_resolution_in_target": ("zegary ocenione (dotrzymane, przekroczone lub naruszone)", "clocks judged (achieved, missed or breached)", "оценённые часы (выполнены, пропущены или нарушены)"),

        "ms_def_reachability": ("Udział kontaktów, w których klient prosił o człowieka i go dostał. Kontakty to połączenia przychodzące oraz zgłoszenia otwarte przez klientów w pozostałych kanałach; połączenie jest odebrane, jeśli nie zostało porzucone w kolejce ani nie trafiło na pocztę głosową, a zgłoszenie, gdy konsultant wysłał pierwszą odpowiedź.",
                                "The share of contacts in which a customer who asked for a person got one. Contacts are inbound calls and the cases customers opened on the other channels; a call is answered unless it was abandoned in the queue or went to voicemail, and a case once an agent sent the first reply.",
                                "Доля обращений, в которых клиент просил человека и получил его. Обращения — это входящие звонки и обращения, открытые клиентами в остальных каналах; звонок принят, если он не брошен в очереди и не ушёл на голосовую почту, а обращение — когда оператор отправил первый ответ."),
        "ms_num_reachability": ("kontakty odebrane przez człowieka", "contacts a person answered", "обращения, принятые человеком"),
        "ms_den_reachability": ("kontakty, w których proszono o człowieka", "contacts that asked for a person", "обращения, в которых просили человека"),

        "ms_def_csat": ("Udział zadowolonych odpowiedzi w ankiecie CSAT. Klienci oceniają otrzymaną pomoc w skali od 1 do 5; odpowiedzi 4 i 5 liczą się jako zadowolone. Liczą się odpowiedzi udzielone w okresie; oceny spoza skali są pomijane.",
                        "The share of satisfied answers to the CSAT survey. Customers rate the help they got from 1 to 5; answers of 4 or 5 count as satisfied. The answers given in the period count; scores outside the scale are left out.",
                        "Доля довольных ответов в опросе CSAT. Клиенты оценивают полученную помощь от 1 до 5; ответы 4 и 5 считаются довольными. Учитываются ответы, данные в периоде; оценки вне шкалы не учитываются."),
        "ms_num_csat": ("odpowiedzi 4 lub 5", "answers of 4 or 5", "ответы 4 или 5"),
        "ms_den_csat": ("odpowiedzi CSAT", "CSAT answers", "ответы CSAT"),

        "ms_def_repeat_contacts": ("Udział zgłoszeń, po których ta sama osoba w ciągu {days} dni otworzyła kolejne — znak, że pierwszy kontakt nie dał jej tego, czego potrzebowała. Liczą się tylko zgłoszenia znanych osób, bo tylko u rozpoznanej osoby widać powtórkę; kolejne zgłoszenie może przyjść dowolnym kanałem.",
                                   "The share of cases followed by another case from the same person within {days} days — a sign the first contact did not give them what they needed. Only cases of known people count, since a repeat can only be seen for someone recognised; the next case may come on any channel.",
                                   "Доля обращений, после которых тот же человек в течение {days} дн. открыл ещё одно, — признак того, что первый контакт не дал ему нужного. Учитываются только обращения известных людей: повтор виден лишь у узнанного человека; следующее обращение может прийти по любому каналу."),
        "ms_num_repeat_contacts": ("zgłoszenia, po których przyszło kolejne", "cases followed by another", "обращения, после которых пришло ещё одно"),
        "ms_den_repeat_contacts": ("zgłoszenia znanych osób", "cases of known people", "обращения известных людей"),

        "ms_def_returns_and_complaints_per_order": ("Ile zwrotów, refundacji i reklamacji przypada na zamówienie. Zdarzenia „Order Refunded”, „Order Returned” i „Complaint Filed” z okresu sumuje się i dzieli przez zdarzenia „Order Completed”. Rosnąca wartość znaczy, że produkty lub dostawy nie spełniają oczekiwań klientów.",
                                                    "How many returns, refunds and complaints there are per order. The “Order Refunded”, “Order Returned” and “Complaint Filed” events of the period are added up and divided by its “Order Completed” events. A rising figure means products or deliveries do not do what customers expected.",
                                                    "Сколько возвратов, компенсаций и жалоб приходится на заказ. События «Order Refunded», «Order Returned» и «Complaint Filed» за период складываются и делятся на события «Order Completed». Растущее значение означает, что товары или доставка не оправдывают ожиданий клиентов."),
        "ms_num_returns_and_complaints_per_order": ("zwroty, refundacje i reklamacje", "refunds, returns and complaints", "возвраты, компенсации и жалобы"),
        "ms_den_returns_and_complaints_per_order": ("zdarzenia „Order Completed”", "“Order Completed” events", "события «Order Completed»"),

        "ms_def_proactive_share": ("Udział zgłoszeń, które firma otworzyła sama, zanim klient musiał pytać: powiadomień o opóźnieniu, awarii czy zmianie. Działania następcze po złej ocenie w ankiecie się nie liczą, bo są reakcją na skargę. Wartość = zgłoszenia otwarte proaktywnie ÷ wszystkie zgłoszenia utworzone w okresie.",
                                   "The share of cases the company opened itself before the customer had to ask: notices of a delay, an outage or a change. Follow-ups of a poor survey answer do not count, as they react to a complaint. Value = cases opened proactively ÷ all cases created in the period.",
                                   "Доля обращений, которые компания открыла сама, прежде чем клиенту пришлось спрашивать: уведомления о задержке, сбое или изменении. Реакция на плохую оценку в опросе не считается — это ответ на жалобу. Значение = проактивные обращения ÷ все обращения, созданные в периоде."),
        "ms_num_proactive_share": ("zgłoszenia otwarte proaktywnie", "cases opened proactively", "проактивные обращения"),
        "ms_den_proactive_share": ("wszystkie zgłoszenia", "all cases", "все обращения"),

        "ms_def_offer_acceptance": ("Udział ofert pokazanych przez silnik decyzji, które klient przyjął. Każde pokazanie na stronie, w aplikacji, w e-mailu lub obok zgłoszenia liczy się raz, a przyjęcie to zgłoszona akceptacja oferty — te same liczby, co w raporcie decyzji.",
                                    "The share of the offers the decision engine showed that the customer accepted. Every showing on a page, in the app, in an e-mail or beside a case counts once, and an acceptance is the offer's reported acceptance — the same counts as in the decision report.",
                                    "Доля предложений, показанных системой решений, которые клиент принял. Каждый показ на странице, в приложении, в письме или рядом с обращением считается один раз, а принятие — это сообщённое принятие предложения; это те же числа, что в отчёте о решениях."),
        "ms_num_offer_acceptance": ("oferty przyjęte", "offers accepted", "принятые предложения"),
        "ms_den_offer_acceptance": ("oferty pokazane", "offers shown", "показанные предложения"),

        "ms_def_engagement_and_loyalty": ("Udział klientów, którzy kupili i przeszli dalej, do zaangażowania lub lojalności w cyklu doświadczeń klienta. Kupili ci w etapach doświadczenia, zaangażowania i lojalności. Wskaźnik czyta etapy takie, jakie są teraz, a nie w okresie, i nie da się go odczytać dla jednego kanału.",
                                          "The share of customers who bought and moved on to engagement or loyalty in the customer experience cycle. Those in the experience, engagement and loyalty stages have bought. It reads the stages as they are now, not for the period, and cannot be read for one channel.",
                                          "Доля клиентов, которые купили и перешли дальше — к вовлечённости или лояльности в цикле клиентского опыта. Купили те, кто на этапах опыта, вовлечённости и лояльности. Показатель читает этапы такими, какие они сейчас, а не за период, и его нельзя получить для одного канала."),
        "ms_num_engagement_and_loyalty": ("klienci zaangażowani lub lojalni", "customers in engagement or loyalty", "вовлечённые или лояльные клиенты"),
        "ms_den_engagement_and_loyalty": ("klienci, którzy kupili", "customers who bought", "клиенты, которые купили"),

        "ms_def_nps": ("Skłonność do polecania z ankiety NPS w skali 0–10. Promotorzy odpowiadają 9–10, krytycy 0–6; NPS = % promotorów − % krytyków, od −100 do 100. Liczą się odpowiedzi udzielone w okresie.",
                       "The willingness to recommend, from the NPS survey scored 0–10. Promoters answer 9–10 and detractors 0–6; NPS = % promoters − % detractors, from −100 to 100. The answers given in the period count.",
                       "Готовность рекомендовать по опросу NPS со шкалой 0–10. Промоутеры отвечают 9–10, критики — 0–6; NPS = % промоутеров − % критиков, от −100 до 100. Учитываются ответы, данные в периоде."),
        "ms_num_nps": ("promotorzy minus krytycy", "promoters minus detractors", "промоутеры минус критики"),
        "ms_den_nps": ("odpowiedzi NPS", "NPS answers", "ответы NPS"),

        "ms_def_retention": ("Jak prawdopodobne jest, że klienci wrócą: średnie prawdopodobieństwo, że klient jest wciąż aktywny (P(alive)), które model wartości wylicza dla każdego ocenionego klienta. Wskaźnik czyta najnowsze oceny modelu, a nie okres, i nie da się go odczytać dla jednego kanału.",
                             "How likely customers are to come back: the mean probability of being still active (P(alive)) that the value model gives each customer it has scored. It reads the model's latest scores, not the period, and cannot be read for one channel.",
                             "Насколько вероятно, что клиенты вернутся: средняя вероятность того, что клиент всё ещё активен (P(alive)), которую модель ценности даёт каждому оценённому клиенту. Показатель читает последние оценки модели, а не период, и его нельзя получить для одного канала."),
        "ms_num_retention": ("suma P(alive)", "the sum of P(alive)", "сумма P(alive)"),
        "ms_den_retention": ("klienci z oceną wartości", "customers with a value score", "клиенты с оценкой ценности"),

        "ms_def_clv_trend": ("Jak zmieniła się łączna przewidywana wartość klientów (CLV) od początku okresu. Suma z modelu wartości jest zapisywana codziennie; wartość = (suma na końcu okresu − suma na jego początku) ÷ suma na początku. Wyniku nie ma, dopóki nie istnieje zapis z początku okresu, ani dla segmentu, który nie ma własnej historii.",
                             "How the total predicted customer lifetime value (CLV) changed since the start of the period. The value model's total is recorded every day; value = (total at the period's end − total at its start) ÷ total at the start. There is no figure until a record from the period's start exists, nor for a segment, which has no history of its own.",
                             "Как изменилась суммарная прогнозная ценность клиентов (CLV) с начала периода. Сумма модели ценности записывается каждый день; значение = (сумма в конце периода − сумма в его начале) ÷ сумма в начале. Значения нет, пока не существует записи на начало периода, и для сегмента, у которого нет своей истории."),
        "ms_num_clv_trend": ("łączne CLV na końcu okresu", "total CLV at the period's end", "суммарная CLV в конце периода"),
        "ms_den_clv_trend": ("łączne CLV na początku okresu", "total CLV at the period's start", "суммарная CLV в начале периода"),
    ]
}
