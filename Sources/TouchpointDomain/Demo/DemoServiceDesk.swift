import Foundation

/// The service desk of Elektro Świat: agents, teams, routing rules and a plan of case histories (opened, answered,
/// waited on, resolved, re-opened, rated) that the demo loader replays through the real service-desk operations, so
/// that every service page of the console has believable data.
///
/// Pure and deterministic: the same seed and inputs give the same plan on every machine, without touching the system
/// clock or generator. Times are whole seconds inside `[start, end]`; agents answer mostly in office hours
/// (Monday–Friday 09:00–17:00 Europe/Warsaw), customers write whenever they are awake.
///
/// ```swift
/// let desk = DemoServiceDesk(seed: 42, customers: contacts, start: twoYearsAgo, end: now)
/// for step in desk.steps { try await replay(step) }   // oldest first
/// ```
public struct DemoServiceDesk: Sendable {
    public struct Agent: Sendable, Equatable {
        /// Stable key ("agent-3") that the loader maps to a console user.
        public var key: String
        public var email: String
        public var name: String
        public var role: Role
        public var teamKeys: [String]
        public var skills: [String]
        public var languages: [String]
        public var capacity: Int
        public var presence: AgentPresence

        public init(key: String, email: String, name: String, role: Role, teamKeys: [String], skills: [String], languages: [String],
                    capacity: Int, presence: AgentPresence) {
            self.key = key
            self.email = email
            self.name = name
            self.role = role
            self.teamKeys = teamKeys
            self.skills = skills
            self.languages = languages
            self.capacity = capacity
            self.presence = presence
        }
    }

    public struct Team: Sendable, Equatable {
        public var key: String
        public var name: String

        public init(key: String, name: String) {
            self.key = key
            self.name = name
        }
    }

    /// One thing that happens to a case. A case's steps are in causal order; the loader applies them as the real
    /// operations do (a customer message re-opens a pending or resolved case, a reply answers a new one), so every
    /// `status` step is a move `CaseStatus.canMove(to:)` allows from the state those operations leave.
    public enum Step: Sendable, Equatable {
        case open(caseKey: String, at: Date, channel: Channel, customer: CustomerContact, subject: String, body: String,
                  priority: CasePriority, category: String?, tags: [String], language: String?, teamKey: String?)
        case customerMessage(caseKey: String, at: Date, body: String)
        case reply(caseKey: String, at: Date, agentKey: String, body: String, handleSeconds: Double)
        case note(caseKey: String, at: Date, agentKey: String, body: String)
        case assign(caseKey: String, at: Date, agentKey: String)
        /// `agentKey` nil: the system (the automatic close a week after resolution).
        case status(caseKey: String, at: Date, status: CaseStatus, agentKey: String?)
        /// `at` is when the call started; the agent answered `waitSeconds` later.
        case call(caseKey: String, at: Date, agentKey: String, direction: String, waitSeconds: Double, talkSeconds: Double,
                  wrapSeconds: Double, outcome: String)
        case csat(caseKey: String, at: Date, score: Int, comment: String?)

        public var at: Date {
            switch self {
            case .open(_, let at, _, _, _, _, _, _, _, _, _), .customerMessage(_, let at, _), .reply(_, let at, _, _, _),
                 .note(_, let at, _, _), .assign(_, let at, _), .status(_, let at, _, _), .call(_, let at, _, _, _, _, _, _),
                 .csat(_, let at, _, _):
                return at
            }
        }

        public var caseKey: String {
            switch self {
            case .open(let key, _, _, _, _, _, _, _, _, _, _), .customerMessage(let key, _, _), .reply(let key, _, _, _, _),
                 .note(let key, _, _, _), .assign(let key, _, _), .status(let key, _, _, _), .call(let key, _, _, _, _, _, _, _),
                 .csat(let key, _, _, _):
                return key
            }
        }
    }

    public let agents: [Agent]
    public let teams: [Team]
    /// Rule `teamID`s are team keys (`TeamID(rawValue: team.key)`); the loader maps them to the real team ids.
    public let routingRules: [RoutingRule]
    /// Every step of every case, oldest first; ties by case key, then by the step's place in its case.
    public let steps: [Step]

    /// Builds the plan. Takes a few milliseconds for the default 400 cases.
    /// - Parameters:
    ///   - seed: the same seed gives the same plan.
    ///   - customers: contacts of real demo customers to pick case customers from; made up when empty.
    ///   - start, end: nothing is dated outside this period; cases still open at `end` stay open.
    ///   - cases: how many cases to open (about half in the last 90 days).
    public init(seed: UInt64 = 42, customers: [CustomerContact], start: Date, end: Date, cases: Int = 400) {
        agents = Self.roster
        teams = Self.teamList
        routingRules = Self.rules
        let endMs = DemoTime.wholeSecond(Timestamps.millis(max(start, end)))
        let startMs = min(endMs, DemoTime.wholeSecond(Timestamps.millis(start) + 999))
        var planner = DemoServicePlanner(seed: seed, customers: customers, startMs: startMs, endMs: endMs, agents: agents)
        steps = planner.plan(cases: max(0, cases))
    }

    // MARK: The company's desk

    static let teamList: [Team] = [
        Team(key: "after-sales", name: "Obsługa posprzedażowa"),
        Team(key: "complaints", name: "Reklamacje i zwroty"),
        Team(key: "vip", name: "VIP"),
        Team(key: "technical", name: "Wsparcie techniczne"),
    ]

    static let roster: [Agent] = {
        func agent(_ number: Int, _ first: String, _ last: String, _ role: Role, _ teams: [String], _ skills: [String],
                   _ languages: [String], _ capacity: Int, _ presence: AgentPresence = .online) -> Agent {
            let email = DemoNames.ascii(first).lowercased() + "." + DemoNames.ascii(last).lowercased() + "@elektroswiat.pl"
            return Agent(key: "agent-\(number)", email: email, name: first + " " + last, role: role, teamKeys: teams, skills: skills,
                         languages: languages, capacity: capacity, presence: presence)
        }
        return [
            agent(1, "Katarzyna", "Wiśniewska", .manager, ["after-sales", "complaints", "vip"], ["returns", "payments", "vip"], ["pl", "en"], 4),
            agent(2, "Anna", "Zielińska", .agent, ["after-sales"], ["payments", "returns"], ["pl", "en"], 6),
            agent(3, "Michał", "Nowak", .agent, ["after-sales", "technical"], ["technical"], ["pl"], 6),
            agent(4, "Magdalena", "Kamińska", .agent, ["complaints"], ["returns", "payments"], ["pl"], 5),
            agent(5, "Paweł", "Lewandowski", .manager, ["technical", "vip"], ["technical", "vip"], ["pl", "en"], 4),
            agent(6, "Oksana", "Melnyk", .agent, ["complaints", "after-sales"], ["returns"], ["pl", "ru"], 5),
            agent(7, "Jakub", "Dąbrowski", .agent, ["vip", "after-sales"], ["vip", "payments"], ["pl", "en"], 5, .away),
            agent(8, "Joanna", "Szymańska", .agent, ["complaints", "technical"], ["returns", "technical"], ["pl"], 6, .offline),
        ]
    }()

    static let rules: [RoutingRule] = [
        RoutingRule(id: "rule-vip", name: "Klienci VIP", position: 1,
                    conditions: RoutingConditions(valueTiers: ["platinum", "gold"]),
                    teamID: TeamID(rawValue: "vip"), strategy: .leastLoaded, priority: .high),
        RoutingRule(id: "rule-returns", name: "Zwroty i reklamacje", position: 2,
                    conditions: RoutingConditions(categories: ["returns", "reklamacja", "warranty"]),
                    teamID: TeamID(rawValue: "complaints"), strategy: .skills, requiredSkills: ["returns"]),
        RoutingRule(id: "rule-chat", name: "Czat", position: 3, conditions: RoutingConditions(channels: [.chat]),
                    teamID: TeamID(rawValue: "after-sales"), strategy: .roundRobin),
    ]
}

// MARK: - Office hours

/// Office-hours arithmetic in whole milliseconds (Monday–Friday 09:00–17:00, Warsaw time), without Foundation calendars.
enum DemoServiceTime {
    static let openHour = 9.0, closeHour = 17.0

    /// The Warsaw local day (days since 1970) and hour of an instant.
    static func local(_ ms: Int64) -> (day: Int64, hour: Double) {
        let offset = DemoTime.warsawOffsetHours(days: DemoTime.dayIndex(ms))
        let localMs = ms + offset * DemoTime.hour
        let day = DemoTime.dayIndex(localMs)
        return (day, Double(localMs - day * DemoTime.day) / Double(DemoTime.hour))
    }

    static func isWorkday(_ day: Int64) -> Bool { (1...5).contains(DemoTime.weekday(days: day)) }

    static func isOpen(_ ms: Int64) -> Bool {
        let (day, hour) = local(ms)
        return isWorkday(day) && hour >= openHour && hour < closeHour
    }

    /// `ms` itself when the office is open, else the next opening.
    static func nextOpen(_ ms: Int64) -> Int64 {
        let (day, hour) = local(ms)
        if isWorkday(day) {
            if hour >= openHour && hour < closeHour { return ms }
            if hour < openHour { return DemoTime.instant(days: day, localHour: openHour) }
        }
        var next = day + 1
        while !isWorkday(next) { next += 1 }
        return DemoTime.instant(days: next, localHour: openHour)
    }

    /// `seconds` of office time after `ms` (starting at the next opening when closed).
    static func addBusiness(_ ms: Int64, seconds: Double) -> Int64 {
        var t = nextOpen(ms)
        var remaining = Int64(max(0, seconds) * 1000)
        for _ in 0..<400 {
            let close = DemoTime.instant(days: local(t).day, localHour: closeHour)
            if t + remaining <= close { return t + remaining }
            remaining -= close - t
            t = nextOpen(close)
        }
        return t + remaining
    }

    /// Moved to a waking hour (07:00–23:00 local) when it falls in the night: when customers write.
    static func awake(_ ms: Int64, random: inout SeededRandom) -> Int64 {
        let (day, hour) = local(ms)
        if hour >= 7 && hour < 23 { return ms }
        let morning = hour >= 23 ? day + 1 : day
        return DemoTime.instant(days: morning, localHour: 7 + random.double(0...3))
    }
}

// MARK: - Texts

/// What customers and agents write, by topic and language ("pl", "en", "ru").
struct DemoServiceTopic: Sendable {
    let key: String
    let category: String?
    let teamKey: String?
    let tags: [String]
    let weight: Double
    /// Product categories the topic is usually about.
    let products: [DemoCategory]
    let subjects: [String: [String]]
    let bodies: [String: [String]]
    let firstReplies: [String: [String]]
    let resolutions: [String: [String]]
    let followUps: [String]
    let reopens: [String]
    let notes: [String]
    /// What the agent writes after a call about it.
    let callSummary: String

    static let all: [DemoServiceTopic] = [
        DemoServiceTopic(
            key: "delivery", category: "delivery", teamKey: "after-sales", tags: ["dostawa"], weight: 22,
            products: [.tv, .laptop, .phone, .fridge, .washer, .console, .vacuum],
            subjects: [
                "pl": ["Gdzie jest moje zamówienie {order}?", "Opóźniona dostawa – zamówienie {order}", "Kurier nie przyjechał w umówionym terminie",
                       "Zmiana adresu dostawy zamówienia {order}", "Status zamówienia nie zmienia się od kilku dni"],
                "en": ["Where is my order {order}?", "Delivery delayed – order {order}"],
                "ru": ["Где мой заказ {order}?"],
            ],
            bodies: [
                "pl": ["Dzień dobry, zamówiłem {product} (zamówienie {order}) z dostawą w 24 h, a status od trzech dni to \"w przygotowaniu\". Kiedy mogę spodziewać się przesyłki?",
                       "Witam, kurier miał przyjechać wczoraj między 8 a 16, czekałam cały dzień i nikt się nie pojawił. Nie dostałam też żadnego SMS-a. Co z moją paczką ({order})?",
                       "Dzień dobry, czy mogę zmienić adres dostawy zamówienia {order}? W tym tygodniu będę u rodziców w Krakowie.",
                       "Zamówienie {order} miało trafić do paczkomatu, ale śledzenie przesyłki pokazuje \"nie znaleziono numeru\". Co się dzieje?"],
                "en": ["Hi, I ordered {product} (order {order}) with next-day delivery, but the status hasn't changed for three days. When will it arrive?"],
                "ru": ["Здравствуйте! Я заказал {product} (заказ {order}) с доставкой на следующий день, но статус не меняется уже три дня. Когда придёт посылка?"],
            ],
            firstReplies: [
                "pl": ["Sprawdziliśmy zamówienie {order} – przesyłka utknęła w sortowni kuriera. Złożyliśmy reklamację u przewoźnika i paczka powinna dotrzeć w ciągu 1–2 dni roboczych. Numer listu przewozowego wyślemy SMS-em.",
                       "Dziękujemy za wiadomość. Zamówienie {order} zostało wysłane wczoraj wieczorem i kurier powinien dostarczyć je jutro. Link do śledzenia znajdą Państwo w e-mailu z potwierdzeniem wysyłki."],
                "en": ["We have checked order {order}: the parcel is held at the courier's sorting centre. We have raised it with the courier and it should arrive within 1–2 working days."],
                "ru": ["Мы проверили заказ {order}: посылка задержалась на сортировочном складе курьера. Мы направили запрос перевозчику, посылка должна прийти в течение 1–2 рабочих дней."],
            ],
            resolutions: [
                "pl": ["Przesyłka {order} została doręczona – potwierdzenie mamy w systemie kuriera. Za opóźnienie przepraszamy; w ramach rekompensaty dodaliśmy do Państwa konta kod rabatowy 50 zł.",
                       "Adres dostawy został zmieniony, kurier dostarczy paczkę pod nowy adres. W razie pytań prosimy o odpowiedź na tę wiadomość."],
                "en": ["Your parcel {order} has been delivered. We apologise for the delay and have added a 50 PLN discount code to your account."],
                "ru": ["Посылка {order} доставлена. Приносим извинения за задержку – на ваш аккаунт добавлен промокод на 50 злотых."],
            ],
            followUps: ["Dziękuję, ale nadal nie mam żadnej informacji od kuriera.", "Paczka dalej nie dotarła. Czy mogę odebrać towar w sklepie zamiast czekać?",
                        "Nikt do mnie nie dzwonił, a w śledzeniu nadal to samo."],
            reopens: ["Niestety to nie ja odebrałem paczkę – w domu nikogo nie było, a status pokazuje \"doręczono\". Proszę to wyjaśnić."],
            notes: ["Sprawdzone w panelu DPD – paczka stoi w sortowni w Strykowie od 3 dni.", "Zgłoszona reklamacja u przewoźnika, nr DPD/{rma}.",
                    "Magazyn potwierdził wysyłkę, numer listu przewozowego przekazany klientowi."],
            callSummary: "pyta o status dostawy zamówienia {order}"),
        DemoServiceTopic(
            key: "returns", category: "returns", teamKey: "complaints", tags: ["zwrot"], weight: 15,
            products: [.headphones, .phone, .smartwatch, .tablet, .smallAppliance, .audio, .accessory],
            subjects: [
                "pl": ["Zwrot towaru – zamówienie {order}", "Jak zwrócić {product}?", "Zwrot pieniędzy za zwrócony towar", "Odstąpienie od umowy – {product}"],
                "en": ["I'd like to return {product}"],
                "ru": ["Возврат товара – заказ {order}"],
            ],
            bodies: [
                "pl": ["Dzień dobry, chciałbym zwrócić {product} kupiony przez internet (zamówienie {order}). Produkt jest nieużywany, w oryginalnym opakowaniu. Jak mam to zrobić?",
                       "Odesłałam {product} dwa tygodnie temu, Państwa magazyn odebrał paczkę, a pieniądze nadal nie wróciły na konto. Proszę o pilne sprawdzenie.",
                       "Czy mogę zwrócić w sklepie stacjonarnym towar kupiony online? Chodzi o zamówienie {order}."],
                "en": ["Hi, I want to return {product} from order {order}. It's unused and in the original box. How do I send it back?"],
                "ru": ["Здравствуйте, хочу вернуть {product} из заказа {order}. Товар не использовался, в оригинальной упаковке. Как это сделать?"],
            ],
            firstReplies: [
                "pl": ["Dziękujemy za zgłoszenie. Zwrotu można dokonać w ciągu 30 dni – etykietę zwrotną wysłaliśmy na Państwa adres e-mail. Wystarczy nadać paczkę w dowolnym paczkomacie.",
                       "Sprawdziliśmy zwrot do zamówienia {order}: paczka dotarła do magazynu i jest weryfikowana. Pieniądze wrócą w ciągu 3 dni roboczych od zakończenia weryfikacji."],
                "en": ["Thank you. You can return items within 30 days – we have e-mailed you a prepaid return label."],
                "ru": ["Спасибо за обращение. Вернуть товар можно в течение 30 дней – этикетку для возврата мы отправили на вашу почту."],
            ],
            resolutions: [
                "pl": ["Zwrot został przyjęty, a kwota {amount} zł przelana na Państwa konto. Środki powinny być widoczne w ciągu 1–2 dni roboczych.",
                       "Zwrot w sklepie stacjonarnym jest możliwy – wystarczy podać numer zamówienia {order}. Pieniądze wrócą tą samą metodą płatności."],
                "en": ["Your return has been accepted and {amount} PLN has been refunded to your account."],
                "ru": ["Возврат принят, сумма {amount} злотых переведена на ваш счёт."],
            ],
            followUps: ["Wysłałem paczkę zwrotną, numer nadania 6{digits}.", "Minęło 5 dni roboczych, a pieniędzy dalej nie ma.", "Czy muszę dołączyć paragon?"],
            reopens: ["Na konto wpłynęło mniej, niż zapłaciłem za {product}. Proszę o wyjaśnienie różnicy."],
            notes: ["Zwrot zaksięgowany, przelew wyjdzie w najbliższym cyklu płatności.", "Magazyn potwierdził przyjęcie zwrotu – towar bez śladów użytkowania.",
                    "Klient prosi o zwrot na inne konto – poproszono o pisemną dyspozycję."],
            callSummary: "chce zwrócić {product} z zamówienia {order}"),
        DemoServiceTopic(
            key: "complaint", category: "reklamacja", teamKey: "complaints", tags: ["reklamacja"], weight: 13,
            products: [.tv, .laptop, .phone, .fridge, .washer, .coffee, .vacuum],
            subjects: [
                "pl": ["Reklamacja – uszkodzony {product}", "Towar dotarł uszkodzony", "Reklamacja: przyszedł inny model niż zamówiony", "Reklamacja zamówienia {order}"],
                "en": ["Complaint – damaged {product}"],
                "ru": ["Рекламация – повреждённый {product}"],
            ],
            bodies: [
                "pl": ["Dzień dobry, {product} dotarł z pękniętą obudową i porysowanym ekranem. Karton był cały, więc uszkodzenie powstało przed wysyłką. Załączam zdjęcia i proszę o wymianę na nowy egzemplarz.",
                       "Zamówiłem {product}, a przyszedł zupełnie inny model. Jak mam odesłać błędny towar i kiedy dostanę właściwy?",
                       "Składam reklamację: {product} po tygodniu używania przestał się włączać. Zamówienie {order}. <b>Proszę o szybką odpowiedź!</b>"],
                "en": ["Hello, my {product} arrived with a cracked casing, although the box looked fine. Please advise how to get a replacement."],
                "ru": ["Здравствуйте! {product} пришёл с треснувшим корпусом и поцарапанным экраном. Прошу заменить товар на новый."],
            ],
            firstReplies: [
                "pl": ["Bardzo nam przykro z powodu uszkodzenia. Reklamację zarejestrowaliśmy pod numerem REK/{rma}. Kurier odbierze uszkodzony towar w ciągu 2 dni roboczych, a nowy egzemplarz wyślemy zaraz po odbiorze.",
                       "Przepraszamy za pomyłkę. Zamówiliśmy kuriera po błędny towar, a właściwy model wysłaliśmy dziś priorytetowo."],
                "en": ["We are very sorry. Your complaint has been registered as REK/{rma}; a courier will collect the damaged item within 2 working days."],
                "ru": ["Нам очень жаль. Рекламация зарегистрирована под номером REK/{rma}. Курьер заберёт повреждённый товар в течение 2 рабочих дней."],
            ],
            resolutions: [
                "pl": ["Reklamacja REK/{rma} została uznana. Nowy {product} został dostarczony, a uszkodzony egzemplarz odebrany. Dziękujemy za cierpliwość.",
                       "Reklamacja została rozpatrzona pozytywnie – zwróciliśmy {amount} zł na Państwa konto."],
                "en": ["Complaint REK/{rma} has been accepted and a new {product} has been delivered. Thank you for your patience."],
                "ru": ["Рекламация REK/{rma} признана обоснованной, новый {product} доставлен. Спасибо за терпение."],
            ],
            followUps: ["W załączniku przesyłam zdjęcia uszkodzenia.", "Kurier nie przyjechał po uszkodzony towar. Kiedy będzie nowy termin?",
                        "Nie chcę wymiany, wolę zwrot pieniędzy."],
            reopens: ["Nowy egzemplarz też ma wadę – ekran miga po włączeniu. Jestem bardzo rozczarowany."],
            notes: ["Zdjęcia potwierdzają uszkodzenie transportowe – zgłoszone do ubezpieczyciela przewoźnika.",
                    "Proszę kierownika o akceptację wymiany bez odbioru towaru (stały klient).", "Wymiana zatwierdzona, zlecenie wysyłki nowego egzemplarza w magazynie."],
            callSummary: "zgłasza reklamację – uszkodzony {product}"),
        DemoServiceTopic(
            key: "warranty", category: "warranty", teamKey: "complaints", tags: ["gwarancja"], weight: 8,
            products: [.laptop, .phone, .washer, .dishwasher, .coffee, .fridge, .console],
            subjects: [
                "pl": ["Naprawa gwarancyjna trwa zbyt długo", "Gwarancja – {product} nie działa", "Status naprawy serwisowej RMA {rma}"],
                "en": ["Warranty repair taking too long"],
                "ru": ["Гарантийный ремонт затянулся"],
            ],
            bodies: [
                "pl": ["Dzień dobry, oddałem {product} do naprawy gwarancyjnej ponad 30 dni temu i do dziś nie mam żadnej informacji. Proszę o status i termin zwrotu sprzętu.",
                       "Mój {product} ma 14 miesięcy i przestał się ładować. Czy obejmuje go gwarancja i jak oddać go do serwisu?"],
                "en": ["I sent my {product} for warranty repair over a month ago and have heard nothing since. Could you check the status?"],
                "ru": ["Здравствуйте! Месяц назад я сдал {product} в гарантийный ремонт, и до сих пор нет никакой информации. Подскажите, пожалуйста, статус."],
            ],
            firstReplies: [
                "pl": ["Sprawdziliśmy zgłoszenie serwisowe RMA {rma}: sprzęt jest w autoryzowanym serwisie producenta, który czeka na części. Poprosiliśmy o przyspieszenie naprawy i wrócimy z informacją do końca tygodnia.",
                       "Urządzenie jest objęte 24-miesięczną gwarancją producenta. Kurier odbierze je bezpłatnie – wystarczy wybrać termin w linku, który wysłaliśmy e-mailem."],
                "en": ["Your device is at the manufacturer's authorised service centre, which is waiting for parts. We have asked them to speed up the repair."],
                "ru": ["Ваше устройство находится в авторизованном сервисном центре производителя, который ожидает запчасти. Мы попросили ускорить ремонт."],
            ],
            resolutions: [
                "pl": ["Naprawa została zakończona – wymieniono płytę główną. {product} wraca do Państwa kurierem, numer przesyłki wyślemy SMS-em.",
                       "Ponieważ naprawa przekroczyła 30 dni, zdecydowaliśmy o wymianie urządzenia na nowe. Nowy {product} jest już w drodze."],
                "en": ["The repair is complete and your {product} is on its way back to you by courier."],
                "ru": ["Ремонт завершён, {product} отправлен вам курьером."],
            ],
            followUps: ["Minął kolejny tydzień i nadal nic. To już 5 tygodni bez sprzętu.", "Czy mogę dostać urządzenie zastępcze na czas naprawy?"],
            reopens: ["Po naprawie problem wrócił po dwóch dniach."],
            notes: ["Serwis producenta: czas oczekiwania na części ok. 10 dni.", "Przekroczony termin 30 dni – kwalifikuje się do wymiany, proszę o decyzję.",
                    "Zlecenie RMA {rma} założone w systemie serwisu."],
            callSummary: "pyta o status naprawy gwarancyjnej (RMA {rma})"),
        DemoServiceTopic(
            key: "installation", category: "installation", teamKey: "technical", tags: ["montaż"], weight: 8,
            products: [.washer, .dishwasher, .tv, .fridge],
            subjects: [
                "pl": ["Montaż pralki – termin", "Instalacja zmywarki do zabudowy", "Montaż telewizora na ścianie", "Usługa wniesienia i podłączenia"],
                "en": ["Installation appointment"],
                "ru": ["Установка техники"],
            ],
            bodies: [
                "pl": ["Dzień dobry, kupiłem {product} z usługą montażu. Kiedy instalator może przyjechać? Pasują mi popołudnia po 16.",
                       "Instalator podłączył {product}, ale spod drzwiczek cieknie woda. Czy to wina montażu?",
                       "Czy w ramach usługi montażu telewizora na ścianie dostarczacie też uchwyt, czy muszę kupić go osobno?"],
                "en": ["Hi, I bought {product} with installation. When can your technician come? Afternoons after 4 pm work best for me."],
                "ru": ["Здравствуйте! Я купил {product} с услугой установки. Когда может приехать мастер? Мне удобно после 16:00."],
            ],
            firstReplies: [
                "pl": ["Montaż możemy zaplanować na czwartek lub piątek w godzinach 16–20. Prosimy o potwierdzenie wybranego terminu.",
                       "Uchwyt nie jest częścią usługi – polecamy uchwyt dopasowany do rozstawu VESA telewizora, który instalator może przywieźć (149 zł)."],
                "en": ["We can schedule the installation for Thursday or Friday between 4 and 8 pm. Please confirm which suits you."],
                "ru": ["Установку можно запланировать на четверг или пятницу с 16 до 20. Пожалуйста, подтвердите удобный день."],
            ],
            resolutions: [
                "pl": ["Montaż został wykonany, protokół odbioru przesłaliśmy e-mailem. Życzymy udanego użytkowania!",
                       "Instalator ponownie podłączył urządzenie i wymienił uszczelkę – wyciek usunięty."],
                "en": ["The installation has been completed; we have e-mailed you the protocol."],
                "ru": ["Установка выполнена, акт мы отправили на вашу почту."],
            ],
            followUps: ["Czwartek mi pasuje, proszę o potwierdzenie godziny.", "Instalator się nie pojawił, czekałem do 20:00."],
            reopens: ["Znowu cieknie, tym razem z tyłu urządzenia."],
            notes: ["Termin montażu potwierdzony z firmą instalacyjną.", "Instalator zgłasza brak zaworu odcinającego u klienta – potrzebny hydraulik."],
            callSummary: "umawia montaż: {product}"),
        DemoServiceTopic(
            key: "technical", category: "technical", teamKey: "technical", tags: ["wsparcie-techniczne"], weight: 10,
            products: [.tv, .laptop, .phone, .audio, .console, .smartwatch, .tablet],
            subjects: [
                "pl": ["{product} nie łączy się z Wi-Fi", "Problem z aktualizacją oprogramowania", "Jak sparować słuchawki z telewizorem?", "Brak dźwięku przez HDMI ARC"],
                "en": ["{product} won't connect to Wi-Fi"],
                "ru": ["{product} не подключается к Wi-Fi"],
            ],
            bodies: [
                "pl": ["Dzień dobry, {product} nie chce połączyć się z domową siecią Wi-Fi. Inne urządzenia działają. Próbowałem resetu, bez efektu.",
                       "Po ostatniej aktualizacji {product} co chwilę się restartuje. Co mogę zrobić?",
                       "Podłączyłam soundbar przez HDMI ARC i nie ma dźwięku. Ustawienia sprawdzałam według instrukcji."],
                "en": ["Hi, my {product} won't connect to my home Wi-Fi. Other devices work fine and I've already tried a reset."],
                "ru": ["Здравствуйте! {product} не подключается к домашней сети Wi-Fi. Другие устройства работают, сброс настроек не помог."],
            ],
            firstReplies: [
                "pl": ["Prosimy spróbować: 1) odłączyć urządzenie od prądu na 60 sekund, 2) w ustawieniach sieci wybrać \"Zapomnij sieć\", 3) połączyć się ponownie. Jeśli to nie pomoże, prosimy o zdjęcie komunikatu błędu.",
                       "W ustawieniach dźwięku prosimy włączyć HDMI-CEC i wybrać wyjście \"Odbiornik HDMI\". To zwykle rozwiązuje problem."],
                "en": ["Please try: 1) unplug the device for 60 seconds, 2) choose \"Forget network\" in the network settings, 3) connect again. If that doesn't help, send us a photo of the error."],
                "ru": ["Попробуйте, пожалуйста: 1) отключить устройство от сети на 60 секунд, 2) выбрать «Забыть сеть», 3) подключиться заново. Если не поможет, пришлите фото ошибки."],
            ],
            resolutions: [
                "pl": ["Cieszymy się, że urządzenie działa. W razie kolejnych problemów zapraszamy do kontaktu.",
                       "Producent udostępnił poprawkę oprogramowania – po jej instalacji restarty ustąpiły."],
                "en": ["Glad to hear it works now. Don't hesitate to contact us if anything else comes up."],
                "ru": ["Рады, что всё заработало. Если возникнут вопросы, обращайтесь."],
            ],
            followUps: ["Zrobiłem wszystko według instrukcji i dalej nie działa. Komunikat: \"Błąd 105\".", "Pomogło, dziękuję! Ale teraz pilot nie steruje soundbarem."],
            reopens: ["Problem wrócił po kolejnej aktualizacji."],
            notes: ["Znany problem z firmware – producent wydał poprawkę.", "Klient nie ma dostępu do routera – zaproponowano wizytę technika."],
            callSummary: "problem techniczny: {product}"),
        DemoServiceTopic(
            key: "payments", category: "payments", teamKey: "after-sales", tags: ["płatności"], weight: 9,
            products: [.laptop, .tv, .phone, .fridge, .console],
            subjects: [
                "pl": ["Podwójnie pobrana płatność", "Raty 0% – brak decyzji banku", "Płatność BLIK nie przeszła, a pieniądze zniknęły z konta"],
                "en": ["Charged twice for order {order}"],
                "ru": ["Деньги списаны дважды"],
            ],
            bodies: [
                "pl": ["Dzień dobry, przy zamówieniu {order} płatność kartą została pobrana dwa razy ({amount} zł). Proszę o zwrot nadpłaty.",
                       "Złożyłam wniosek o raty 0% na {product} trzy dni temu i nadal nie ma decyzji. Zamówienie {order} czeka.",
                       "Płaciłem BLIK-iem, w aplikacji banku transakcja jest zatwierdzona, a zamówienie {order} ma status \"oczekuje na płatność\"."],
                "en": ["Hello, my card was charged twice ({amount} PLN) for order {order}. Please refund the extra payment."],
                "ru": ["Здравствуйте! За заказ {order} с карты дважды списали {amount} злотых. Прошу вернуть лишний платёж."],
            ],
            firstReplies: [
                "pl": ["Sprawdziliśmy płatności do zamówienia {order}: druga transakcja to blokada autoryzacyjna, którą bank zwolni automatycznie w ciągu 7 dni. Środki nie zostały pobrane.",
                       "Skontaktowaliśmy się z bankiem w sprawie wniosku ratalnego – brakuje potwierdzenia tożsamości. Link do weryfikacji wysłaliśmy SMS-em."],
                "en": ["The second transaction is only an authorisation hold, which your bank will release within 7 days. The money has not been taken."],
                "ru": ["Вторая операция – это только блокировка средств, банк снимет её в течение 7 дней. Деньги не были списаны."],
            ],
            resolutions: [
                "pl": ["Płatność została zaksięgowana i zamówienie {order} przekazaliśmy do realizacji.", "Nadpłata {amount} zł została zwrócona na kartę."],
                "en": ["The extra {amount} PLN has been refunded to your card."],
                "ru": ["Лишний платёж {amount} злотых возвращён на вашу карту."],
            ],
            followUps: ["Blokada dalej jest widoczna na koncie.", "Zweryfikowałam tożsamość, czy teraz wszystko jest w porządku?"],
            reopens: ["Bank twierdzi, że pieniądze jednak zostały pobrane dwa razy."],
            notes: ["Operator płatności potwierdził podwójną autoryzację – zlecone zwolnienie blokady.", "Wniosek ratalny zaakceptowany przez bank."],
            callSummary: "pyta o płatność za zamówienie {order}"),
        DemoServiceTopic(
            key: "invoice", category: "invoice", teamKey: "after-sales", tags: ["faktura"], weight: 8,
            products: [.laptop, .tv, .phone, .coffee, .accessory],
            subjects: [
                "pl": ["Prośba o fakturę VAT do zamówienia {order}", "Korekta faktury – błędny NIP", "Faktura na firmę zamiast paragonu"],
                "en": ["VAT invoice for order {order}"],
                "ru": ["Счёт-фактура к заказу {order}"],
            ],
            bodies: [
                "pl": ["Dzień dobry, proszę o wystawienie faktury VAT na firmę do zamówienia {order}. NIP: {nip}.",
                       "Na fakturze do zamówienia {order} jest błędny NIP (zamienione dwie cyfry). Proszę o fakturę korygującą.",
                       "Kupiłem {product} w sklepie na paragon, a potrzebuję faktury na firmę. Czy to jeszcze możliwe?"],
                "en": ["Hello, could you please issue a VAT invoice for order {order} to my company? VAT number: PL{nip}."],
                "ru": ["Здравствуйте! Прошу выставить счёт-фактуру на фирму к заказу {order}. NIP: {nip}."],
            ],
            firstReplies: [
                "pl": ["Faktura VAT do zamówienia {order} została wystawiona i wysłana na Państwa adres e-mail. Jest też dostępna w zakładce \"Moje zamówienia\".",
                       "Fakturę do paragonu możemy wystawić, jeśli NIP był podany przy zakupie. Prosimy o zdjęcie paragonu."],
                "en": ["The VAT invoice for order {order} has been issued and e-mailed to you; it is also under \"My orders\"."],
                "ru": ["Счёт-фактура к заказу {order} выставлен и отправлен на вашу почту."],
            ],
            resolutions: [
                "pl": ["Faktura korygująca została wystawiona i wysłana e-mailem.", "Faktura została wystawiona – znajdą ją Państwo w załączniku."],
                "en": ["The corrected invoice has been issued and e-mailed to you."],
                "ru": ["Исправленный счёт-фактура выставлен и отправлен на почту."],
            ],
            followUps: ["W załączniku zdjęcie paragonu.", "Faktura nie dotarła, sprawdzałem też spam."],
            reopens: ["Na korekcie nadal jest błędny adres firmy."],
            notes: ["Korekta wystawiona w systemie księgowym, numer FK/{rma}.", "NIP nie był podany przy zakupie – klient poinformowany o przepisach."],
            callSummary: "prosi o fakturę do zamówienia {order}"),
        DemoServiceTopic(
            key: "question", category: nil, teamKey: nil, tags: ["pytanie"], weight: 7,
            products: [.tv, .laptop, .phone, .headphones, .console, .coffee],
            subjects: [
                "pl": ["Pytanie o dostępność {product}", "Czy mogę zarezerwować produkt w sklepie?", "Punkty w programie lojalnościowym"],
                "en": ["Is {product} in stock?"],
                "ru": ["Есть ли {product} в наличии?"],
            ],
            bodies: [
                "pl": ["Dzień dobry, czy {product} jest dostępny od ręki w sklepie w Warszawie? Chciałbym odebrać go jeszcze dziś.",
                       "Nie naliczyły mi się punkty w programie lojalnościowym za ostatnie zakupy ({order}).",
                       "Czy mogę zarezerwować {product} w sklepie i zapłacić przy odbiorze?"],
                "en": ["Hi, is {product} available in your Warsaw store today? I'd like to pick it up this afternoon."],
                "ru": ["Здравствуйте! Есть ли {product} в наличии в магазине в Варшаве? Хотел бы забрать сегодня."],
            ],
            firstReplies: [
                "pl": ["{product} jest dostępny w sklepie Elektro Świat Warszawa Arkadia – możemy zarezerwować go dla Państwa na 48 godzin.",
                       "Punkty zostaną doliczone ręcznie w ciągu 2 dni roboczych."],
                "en": ["{product} is in stock at Elektro Świat Warszawa Arkadia – we can reserve it for you for 48 hours."],
                "ru": ["{product} есть в магазине Elektro Świat Warszawa Arkadia – можем зарезервировать его для вас на 48 часов."],
            ],
            resolutions: [
                "pl": ["Rezerwacja potwierdzona, zapraszamy po odbiór.", "Punkty zostały doliczone. Dziękujemy za kontakt!"],
                "en": ["Your reservation is confirmed – see you in the store."],
                "ru": ["Бронь подтверждена, ждём вас в магазине."],
            ],
            followUps: ["Dziękuję, a czy mogę zapłacić przy odbiorze kartą?"],
            reopens: ["Punkty znowu zniknęły z konta."],
            notes: ["Sprawdzone stany magazynowe – 3 szt. w sklepie."],
            callSummary: "pyta o dostępność: {product}"),
    ]

    static let genericFollowUps: [String: [String]] = [
        "pl": ["Dzień dobry, czy jest już coś wiadomo w mojej sprawie?", "Dziękuję za odpowiedź. Mam jeszcze jedno pytanie – czy mogę odebrać towar w sklepie?",
               "Halo? Czekam na odpowiedź już drugi dzień.", "Numer zamówienia to {order}, w załączniku zdjęcia."],
        "en": ["Hi, any update on my case?", "Thanks. One more question – can I pick it up in a store instead?"],
        "ru": ["Здравствуйте, есть ли новости по моему вопросу?", "Спасибо. Ещё вопрос – можно ли забрать товар в магазине?"],
    ]

    /// A customer pasting what a broken page showed them: markup that the console must show as text.
    static let markupFollowUp = "Wklejam komunikat, który pokazuje się na stronie po kliknięciu \"Zapłać\": <script>alert('xss')</script> – <b>czy to normalne?</b>"

    static let askInfo: [String: [String]] = [
        "pl": ["Aby kontynuować, prosimy o przesłanie numeru zamówienia oraz zdjęcia paragonu lub faktury.",
               "Prosimy o potwierdzenie, czy proponowane rozwiązanie jest dla Państwa odpowiednie.",
               "Czy mogą Państwo przesłać zdjęcie tabliczki znamionowej urządzenia (numer seryjny)?"],
        "en": ["To continue, please send us your order number and a photo of the receipt.", "Could you please confirm that the proposed solution works for you?"],
        "ru": ["Чтобы продолжить, пришлите, пожалуйста, номер заказа и фото чека.", "Подтвердите, пожалуйста, подходит ли вам предложенное решение."],
    ]

    static let progress: [String: [String]] = [
        "pl": ["Dziękujemy za informacje. Przekazaliśmy sprawę do odpowiedniego działu i wrócimy z odpowiedzią najpóźniej jutro.",
               "Sprawa jest w toku – czekamy na odpowiedź partnera. Damy znać, gdy tylko coś się zmieni.",
               "Otrzymaliśmy zdjęcia, dziękujemy. Zgłoszenie jest rozpatrywane."],
        "en": ["Thank you for the details. We have passed your case to the right team and will get back to you by tomorrow at the latest."],
        "ru": ["Спасибо за информацию. Мы передали ваш вопрос в профильный отдел и ответим не позднее завтрашнего дня."],
    ]

    static let genericReopens: [String: [String]] = [
        "pl": ["Niestety problem nie został rozwiązany.", "Jednak nic się nie zmieniło – proszę o ponowne sprawdzenie."],
        "en": ["Unfortunately the problem is back.", "Nothing has changed, could you please check again?"],
        "ru": ["К сожалению, проблема не решена.", "Ничего не изменилось, проверьте, пожалуйста, ещё раз."],
    ]

    static let repeatOpeners: [String: String] = [
        "pl": "Piszę ponownie w sprawie, którą zgłaszałem niedawno. ",
        "en": "I'm writing again about the issue I reported recently. ",
        "ru": "Пишу повторно по вопросу, о котором недавно сообщал. ",
    ]

    static let csatComments: (good: [String: [String]], middling: [String: [String]], bad: [String: [String]]) = (
        good: ["pl": ["Szybko i konkretnie, dziękuję!", "Bardzo miła i kompetentna obsługa.", "Sprawa załatwiona od ręki, polecam.", "Wreszcie ktoś mi pomógł."],
               "en": ["Quick and helpful, thank you!"], "ru": ["Быстро и по делу, спасибо!"]],
        middling: ["pl": ["Sprawa załatwiona, ale na odpowiedź czekałem dwa dni.", "Ok, choć musiałam kilka razy tłumaczyć to samo."],
                   "en": ["Solved in the end, but it took a while."], "ru": ["Вопрос решили, но ждать пришлось долго."]],
        bad: ["pl": ["Czekałem tydzień na odpowiedź, a problem nadal nie jest rozwiązany.", "Odsyłano mnie od konsultanta do konsultanta.",
                     "Nikt nie oddzwonił mimo obietnic.", "Długo to trwało i nikt mnie nie informował. Więcej tu nie kupię."],
              "en": ["Slow replies and the problem is still not fixed."], "ru": ["Ответа ждал неделю, проблема так и не решена."]]
    )
}

// MARK: - Planning

/// One step before the case has its key.
enum DemoServiceDraft: Sendable {
    case open(channel: Channel, customer: CustomerContact, subject: String, body: String, priority: CasePriority, category: String?,
              tags: [String], language: String?, teamKey: String?)
    case customerMessage(String)
    case reply(agent: String, body: String, handleSeconds: Double)
    case note(agent: String, body: String)
    case assign(agent: String)
    case status(CaseStatus, agent: String?)
    case call(agent: String, direction: String, wait: Double, talk: Double, wrap: Double, outcome: String)
    case csat(score: Int, comment: String?)

    func step(caseKey: String, ms: Int64) -> DemoServiceDesk.Step {
        let at = Date(timeIntervalSince1970: Double(ms) / 1000)
        switch self {
        case let .open(channel, customer, subject, body, priority, category, tags, language, teamKey):
            return .open(caseKey: caseKey, at: at, channel: channel, customer: customer, subject: subject, body: body, priority: priority,
                         category: category, tags: tags, language: language, teamKey: teamKey)
        case .customerMessage(let body): return .customerMessage(caseKey: caseKey, at: at, body: body)
        case let .reply(agent, body, handle): return .reply(caseKey: caseKey, at: at, agentKey: agent, body: body, handleSeconds: handle)
        case let .note(agent, body): return .note(caseKey: caseKey, at: at, agentKey: agent, body: body)
        case .assign(let agent): return .assign(caseKey: caseKey, at: at, agentKey: agent)
        case let .status(status, agent): return .status(caseKey: caseKey, at: at, status: status, agentKey: agent)
        case let .call(agent, direction, wait, talk, wrap, outcome):
            return .call(caseKey: caseKey, at: at, agentKey: agent, direction: direction, waitSeconds: wait, talkSeconds: talk,
                         wrapSeconds: wrap, outcome: outcome)
        case let .csat(score, comment): return .csat(caseKey: caseKey, at: at, score: score, comment: comment)
        }
    }
}

/// A case's steps as they are built: times never go backwards, and status moves are checked against what the real
/// operations do (a customer message re-opens a pending or resolved case, a first reply opens a new one).
struct DemoServiceCaseLog {
    var items: [(ms: Int64, draft: DemoServiceDraft)] = []
    var status: CaseStatus = .new
    var last: Int64 = .min
    var firstResolved: Int64?

    var openedAt: Int64 { items.first?.ms ?? 0 }

    @discardableResult
    mutating func add(_ ms: Int64, _ draft: DemoServiceDraft) -> Int64 {
        let t = DemoTime.wholeSecond(max(ms, last))
        last = t
        switch draft {
        case .open: status = .new
        case .customerMessage: if status == .pending || status == .resolved || status == .closed { status = .open }
        case .reply: if status == .new { status = .open }
        case .status(let target, _):
            guard target != status, status.canMove(to: target) else { return t }
            status = target
            if target == .resolved, firstResolved == nil { firstResolved = t }
        default: break
        }
        items.append((t, draft))
        return t
    }

    /// Keeps what happened by `end` (times only grow, so this is a prefix).
    mutating func cut(at end: Int64) {
        if let index = items.firstIndex(where: { $0.ms > end }) { items.removeSubrange(index...) }
        if let resolved = firstResolved, resolved > end { firstResolved = nil }
    }
}

/// What is decided before a case is simulated.
struct DemoServiceCasePlan {
    var ordinal: Int
    var openMs: Int64
    var channel: Channel
    var customerIndex: Int
    var topicIndex: Int
    /// For a repeat contact: the earlier case's subject.
    var repeatOf: String?
    var forceMarkup = false
}

struct DemoServicePlanner {
    let seed: UInt64
    let startMs: Int64
    let endMs: Int64
    let agents: [DemoServiceDesk.Agent]
    var contacts: [CustomerContact]
    var languages: [String]
    var vip: [Bool]
    var random: SeededRandom

    static let channelWeights: [(Channel, Double)] = [(.email, 35), (.chat, 25), (.phone, 25), (.social, 8), (.store, 7)]

    init(seed: UInt64, customers: [CustomerContact], startMs: Int64, endMs: Int64, agents: [DemoServiceDesk.Agent]) {
        self.seed = seed
        self.startMs = startMs
        self.endMs = endMs
        self.agents = agents
        random = SeededRandom(seed: seed, stream: 0x5E21_1CE0_DE5C)
        let pool = customers.filter(\.hasIdentifier)
        contacts = pool.isEmpty ? Self.madeUpContacts(random: &random) : pool
        languages = contacts.map(Self.language(of:))
        vip = contacts.map { Self.stableHash($0.profileReference ?? $0.displayName) % 100 < 8 }
    }

    // MARK: Customers

    static func madeUpContacts(random: inout SeededRandom) -> [CustomerContact] {
        (0..<150).map { index in
            let person = DemoNames.person(random: &random)
            let email = DemoNames.email(for: person, attempt: index, random: &random)
            let phone = DemoNames.phoneText(DemoNames.mobileNumber(random: &random), random: &random)
            return CustomerContact(email: email, phone: phone, name: person.firstName + " " + person.lastName)
        }
    }

    /// The language a customer writes in, read from their first name: English names write in English, about half of
    /// Ukrainian names in Russian, everyone else in Polish. The same customer always gets the same answer.
    static func language(of contact: CustomerContact) -> String {
        guard let first = contact.name?.split(separator: " ").first.map(String.init) else { return "pl" }
        if DemoNames.englishFemale.contains(first) || DemoNames.englishMale.contains(first) { return "en" }
        if DemoNames.ukrainianFemale.contains(first) || DemoNames.ukrainianMale.contains(first) {
            return stableHash(contact.name ?? first) % 2 == 0 ? "ru" : "pl"
        }
        return "pl"
    }

    /// FNV-1a of the UTF-8 bytes: the same on every machine (unlike `hashValue`).
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    // MARK: The plan

    mutating func plan(cases: Int) -> [DemoServiceDesk.Step] {
        guard cases > 0 else { return [] }
        let repeatTarget = cases >= 20 ? cases * 6 / 100 : 0
        var plans = (0..<(cases - repeatTarget)).map { drawPlan(ordinal: $0) }
        plans.sort { ($0.openMs, $0.ordinal) < ($1.openMs, $1.ordinal) }
        if let first = plans.firstIndex(where: { $0.channel == .email || $0.channel == .chat }) { plans[first].forceMarkup = true }

        var logs: [(plan: DemoServiceCasePlan, log: DemoServiceCaseLog)] = plans.map { ($0, simulate($0)) }

        // Repeat contacts: the same customer back about the same thing within 72 hours of a resolution.
        let window = 72 * DemoTime.hour
        let candidates = logs.indices.filter { index in
            guard let resolved = logs[index].log.firstResolved else { return false }
            return resolved + window < endMs && logs[index].plan.repeatOf == nil
        }
        var repeats = [DemoServiceCasePlan]()
        var remaining = candidates.count
        for index in candidates where repeats.count < repeatTarget {
            let needed = repeatTarget - repeats.count
            if random.chance(Double(needed) / Double(max(remaining, 1))) {
                let original = logs[index]
                let resolved = original.log.firstResolved!
                var openMs = resolved + Int64(random.double(1...60) * Double(DemoTime.hour))
                openMs = min(DemoServiceTime.awake(openMs, random: &random), resolved + window - DemoTime.hour)
                let channel: Channel = random.pickWeighted([(.phone, 5.0), (.email, 3), (.chat, 2)])
                repeats.append(DemoServiceCasePlan(
                    ordinal: cases + repeats.count, openMs: DemoTime.wholeSecond(openMs), channel: channel,
                    customerIndex: original.plan.customerIndex, topicIndex: original.plan.topicIndex, repeatOf: subject(of: original.log)))
            }
            remaining -= 1
        }
        // Too few resolved cases to come back to: ordinary cases instead, so that there are exactly `cases`.
        var extra = 0
        while repeats.count + extra < repeatTarget {
            repeats.append(drawPlan(ordinal: cases * 2 + extra))
            extra += 1
        }
        for plan in repeats { logs.append((plan, simulate(plan))) }

        logs.sort { ($0.log.openedAt, $0.plan.ordinal) < ($1.log.openedAt, $1.plan.ordinal) }
        let width = max(4, String(logs.count).count)
        var keyed = [(ms: Int64, caseIndex: Int, stepIndex: Int, step: DemoServiceDesk.Step)]()
        keyed.reserveCapacity(logs.reduce(0) { $0 + $1.log.items.count })
        for (caseIndex, entry) in logs.enumerated() {
            let number = String(caseIndex + 1)
            let key = "case-" + String(repeating: "0", count: max(0, width - number.count)) + number
            for (stepIndex, item) in entry.log.items.enumerated() {
                keyed.append((item.ms, caseIndex, stepIndex, item.draft.step(caseKey: key, ms: item.ms)))
            }
        }
        keyed.sort { ($0.ms, $0.caseIndex, $0.stepIndex) < ($1.ms, $1.caseIndex, $1.stepIndex) }
        return keyed.map(\.step)
    }

    private func subject(of log: DemoServiceCaseLog) -> String? {
        if case .open(_, _, let subject, _, _, _, _, _, _)? = log.items.first?.draft { return subject }
        return nil
    }

    /// When, where, who and what: half the cases in the last 90 days, the rest spread over the earlier period.
    mutating func drawPlan(ordinal: Int) -> DemoServiceCasePlan {
        let channel: Channel = random.pickWeighted(Self.channelWeights)
        let customerIndex = random.below(contacts.count)
        let topicIndex = random.weighted(DemoServiceTopic.all.map(\.weight))
        let recentStart = max(startMs, endMs - 90 * DemoTime.day)
        var openMs = endMs
        for _ in 0..<8 {
            let from = recentStart > startMs && random.chance(0.5) ? startMs : recentStart
            let to = recentStart > startMs && from == startMs ? recentStart : endMs
            let instant = from + Int64(random.unit() * Double(max(to - from, 1)))
            let day = DemoServiceTime.local(instant).day
            guard let candidate = openingMs(day: day, channel: channel) else { continue }
            if candidate >= startMs && candidate <= endMs {
                openMs = candidate
                break
            }
        }
        return DemoServiceCasePlan(ordinal: ordinal, openMs: DemoTime.wholeSecond(max(startMs, min(openMs, endMs))), channel: channel,
                                   customerIndex: customerIndex, topicIndex: topicIndex)
    }

    /// A moment of a local day when a customer would use the channel (nil: not on that day, e.g. a shop on Sunday).
    mutating func openingMs(day: Int64, channel: Channel) -> Int64? {
        let weekday = DemoTime.weekday(days: day)
        let activity: DemoTime.Activity
        switch channel {
        case .phone:
            // The hotline works Monday–Saturday; fewer calls on Saturday.
            if weekday == 6 && random.chance(0.6) { return nil }
            activity = .callCentre
        case .store: activity = .store
        case .chat: activity = .chat
        default: activity = .browsing
        }
        guard let hour = DemoTime.localHour(activity, weekday: weekday, random: &random) else { return nil }
        return DemoTime.instant(days: day, localHour: hour)
    }

    // MARK: One case

    enum Stall { case unanswered, waitingOnUs, waitingOnCustomer, inProgress }

    func simulate(_ plan: DemoServiceCasePlan) -> DemoServiceCaseLog {
        var sim = DemoServiceCaseSimulation(planner: self, plan: plan)
        sim.run()
        sim.log.cut(at: endMs)
        return sim.log
    }
}

/// Simulates one case's life with a random stream of its own.
struct DemoServiceCaseSimulation {
    let planner: DemoServicePlanner
    let plan: DemoServiceCasePlan
    var random: SeededRandom
    var log = DemoServiceCaseLog()
    let topic: DemoServiceTopic
    let language: String
    var channel: Channel
    let contact: CustomerContact
    let isVIP: Bool
    var teamKey: String?
    var assignee = ""
    /// Replies are slow for this case: its SLA clocks breach.
    var slow = false
    var values: [String: String] = [:]
    var hadTrouble = false

    init(planner: DemoServicePlanner, plan: DemoServiceCasePlan) {
        self.planner = planner
        self.plan = plan
        random = SeededRandom(seed: planner.seed, stream: 0x5E21_0000 &+ UInt64(plan.ordinal))
        topic = DemoServiceTopic.all[plan.topicIndex]
        language = planner.languages[plan.customerIndex]
        contact = planner.contacts[plan.customerIndex]
        isVIP = planner.vip[plan.customerIndex]
        channel = plan.channel
        if channel == .phone, contact.phone?.isEmpty ?? true { channel = .email }
        if channel == .email, contact.email?.isEmpty ?? true { channel = .phone }
    }

    // MARK: Text

    func fill(_ template: String) -> String {
        guard template.contains("{") else { return template }
        var text = template
        for (key, value) in values { text = text.replacingOccurrences(of: "{" + key + "}", with: value) }
        return text
    }

    mutating func text(_ options: [String: [String]], fallback: [String] = []) -> String {
        let list = options[language] ?? options["pl"] ?? fallback
        return fill(random.pick(list.isEmpty ? fallback : list))
    }

    /// Topic-specific Polish texts for Polish speakers, the shared ones in their language for everybody else.
    mutating func localized(_ polish: [String], generic: [String: [String]]) -> String {
        if language == "pl", !polish.isEmpty, random.chance(0.7) { return fill(random.pick(polish)) }
        return text(generic)
    }

    func agentName(_ key: String) -> String { planner.agents.first { $0.key == key }?.name ?? "Zespół Obsługi Klienta" }

    /// An agent's message as the channel shows it: e-mails with a greeting and a signature, chats short.
    func wrapped(_ core: String, agent: String) -> String {
        switch channel {
        case .chat, .phone:
            return core
        case .social:
            return core + " ^" + String(agentName(agent).split(separator: " ").compactMap(\.first))
        default:
            let name = agentName(agent)
            switch language {
            case "en": return "Hello \(values["customer"] ?? ""),\n\n\(core)\n\nKind regards,\n\(name)\nElektro Świat Customer Service"
            case "ru": return "Здравствуйте, \(values["customer"] ?? "")!\n\n\(core)\n\nС уважением,\n\(name)\nElektro Świat, отдел обслуживания клиентов"
            default: return "Dzień dobry,\n\n\(core)\n\nPozdrawiamy serdecznie\n\(name)\nElektro Świat – Obsługa Klienta"
            }
        }
    }

    // MARK: People

    /// Someone from the case's team who speaks the customer's language (else anyone in the team), busier people less often.
    mutating func pickAgent(managers: Bool = false) -> String {
        var pool = planner.agents.filter { managers ? $0.role == .manager : $0.role == .agent }
        if !managers, let team = teamKey {
            let members = planner.agents.filter { $0.teamKeys.contains(team) && $0.role == .agent }
            if !members.isEmpty { pool = members }
        }
        let speakers = pool.filter { $0.languages.contains(language) }
        if !speakers.isEmpty { pool = speakers }
        return random.pickWeighted(pool.map { ($0.key, Double($0.capacity)) })
    }

    // MARK: Timing

    /// When the agent answers a customer message written at `t`.
    mutating func agentTime(after t: Int64, first: Bool) -> Int64 {
        let slowExtra = slow ? random.double(5...16) * 3600 : 0
        switch channel {
        case .chat:
            if DemoServiceTime.isOpen(t) && !slow { return t + Int64(random.double(30...240) * 1000) }
            return DemoServiceTime.addBusiness(t, seconds: random.double(5...90) * 60 + slowExtra)
        case .social:
            return DemoServiceTime.addBusiness(t, seconds: max(300, random.exponential(mean: 45 * 60)) + slowExtra)
        case .store:
            return DemoServiceTime.addBusiness(t, seconds: max(900, random.exponential(mean: 180 * 60)) + slowExtra * 1.5)
        default:
            let mean = first ? 100.0 * 60 : 80.0 * 60
            return DemoServiceTime.addBusiness(t, seconds: max(300, random.exponential(mean: mean)) + slowExtra)
        }
    }

    /// When the customer writes back to a message sent at `t`.
    mutating func customerTime(after t: Int64) -> Int64 {
        if channel == .chat, DemoServiceTime.isOpen(t), random.chance(0.8) { return t + Int64(random.double(20...300) * 1000) }
        let delay = 600 + random.exponential(mean: 7 * 3600)
        return DemoServiceTime.awake(t + Int64(delay * 1000), random: &random)
    }

    mutating func handleSeconds() -> Double {
        switch channel {
        case .chat: return random.double(30...240).rounded()
        case .social: return random.double(60...300).rounded()
        case .store: return random.double(180...900).rounded()
        default: return random.double(120...900).rounded()
        }
    }

    // MARK: The life of a case

    mutating func run() {
        let t0 = plan.openMs
        let endMs = planner.endMs
        let product = random.pick(DemoCatalog.byCategory[random.pick(topic.products)] ?? DemoCatalog.products)
        let month = DemoTime.month(t0 - Int64(random.int(1...20)) * DemoTime.day)
        values = [
            "order": "ZAM-\(month.year)\(DemoTime.twoDigits(month.month))-\(random.digits(6))-\(random.int(1...4))",
            "product": product.name,
            "rma": "\(month.year)/\(random.digits(5))",
            "amount": String(product.priceCents / 100),
            "digits": random.digits(11),
            "nip": random.digits(10),
            "customer": contact.name?.split(separator: " ").first.map(String.init) ?? "",
        ]
        slow = random.chance(0.12)
        teamKey = isVIP ? "vip" : (["returns", "reklamacja", "warranty"].contains(topic.category ?? "") ? "complaints"
            : channel == .chat && topic.teamKey == nil ? "after-sales" : topic.teamKey)
        var priority: CasePriority = random.pickWeighted([(.low, 15.0), (.normal, 68), (.high, 13), (.urgent, 4)])
        if isVIP { priority = max(priority, .high) }
        var tags = topic.tags
        if isVIP { tags.append("vip") }
        if plan.repeatOf != nil { tags.append("ponowny-kontakt") }
        if priority == .urgent { tags.append("pilne") }

        // What is still going on at the end: mostly recent cases.
        var stall: DemoServicePlanner.Stall?
        if t0 >= endMs - 3 * DemoTime.day, channel != .phone, random.chance(0.35) {
            stall = .unanswered
        } else if t0 >= endMs - 21 * DemoTime.day, random.chance(0.35) {
            stall = t0 >= endMs - 4 * DemoTime.day && random.chance(0.4) ? .unanswered
                : random.pickWeighted([(DemoServicePlanner.Stall.waitingOnUs, 3.0), (.waitingOnCustomer, 3), (.inProgress, 2)])
        }

        // Opening.
        var subject = text(topic.subjects)
        var body = text(topic.bodies)
        if let earlier = plan.repeatOf {
            subject = (language == "pl" ? "Ponownie: " : language == "ru" ? "Повторно: " : "Again: ") + earlier
            body = (DemoServiceTopic.repeatOpeners[language] ?? "") + body
        }
        if plan.forceMarkup { body += "\n\n" + DemoServiceTopic.markupFollowUp }
        switch channel {
        case .phone: body = (language == "pl" ? "Zgłoszenie telefoniczne. " : "Phone call. ") + body
        case .store: body = "Zgłoszenie przyjęte w sklepie \(random.pick(DemoCatalog.stores).name). " + body
        default: break
        }
        let customer = caseContact()
        log.add(t0, .open(channel: channel, customer: customer, subject: subject, body: body, priority: priority, category: topic.category,
                          tags: tags, language: language, teamKey: teamKey))
        if isVIP, random.chance(0.5) {
            log.add(t0 + 60_000, .note(agent: "agent-1", body: "Klient VIP – proszę o priorytetowe traktowanie."))
        }

        if channel == .phone {
            runCall(t0, stall: stall)
        } else {
            runWritten(t0, stall: stall)
        }
    }

    /// The identifiers the channel knows: an e-mail address for e-mail, the caller's number for calls, everything for a
    /// logged-in chat or a shop's loyalty card.
    func caseContact() -> CustomerContact {
        var known = contact
        switch channel {
        case .email, .social:
            known.phone = nil
            known.userId = nil
        case .phone:
            known.email = nil
            known.userId = nil
        default:
            break
        }
        return known.hasIdentifier ? known : contact
    }

    mutating func runWritten(_ t0: Int64, stall: DemoServicePlanner.Stall?) {
        let endMs = planner.endMs
        if stall == .unanswered {
            // Nobody has picked it up; the customer may nudge.
            if random.chance(0.5) {
                let nudge = max(customerTime(after: t0), endMs - Int64(random.double(1...20) * 3_600_000))
                log.add(nudge, .customerMessage(text(DemoServiceTopic.genericFollowUps)))
            }
            return
        }
        assignee = pickAgent()
        var t = agentTime(after: t0, first: true)
        if random.chance(0.75) {
            let triage = DemoServiceTime.nextOpen(t0) + Int64(random.double(1...20) * 60_000)
            log.add(min(triage, t - 1000), .assign(agent: assignee))
        }
        if random.chance(0.25) {
            log.add(t - Int64(random.double(60...600) * 1000), .note(agent: assignee, body: fill(random.pick(topic.notes))))
        }
        // First reply; sometimes asking for details and waiting for the customer.
        let asksFirst = random.chance(0.3)
        let first = asksFirst ? text(DemoServiceTopic.askInfo) : text(topic.firstReplies)
        t = log.add(t, .reply(agent: assignee, body: wrapped(first, agent: assignee), handleSeconds: handleSeconds()))
        if asksFirst { t = log.add(t + 1000, .status(.pending, agent: assignee)) }

        if stall == .waitingOnCustomer && !asksFirst {
            t = log.add(t + Int64(random.double(1...30) * 60_000), .reply(agent: assignee, body: wrapped(text(DemoServiceTopic.askInfo), agent: assignee),
                                                                            handleSeconds: handleSeconds()))
            log.add(t + 1000, .status(.pending, agent: assignee))
            return
        }
        if stall == .waitingOnCustomer { return }

        var rounds = random.weighted([30, 30, 20, 12, 8])
        if asksFirst { rounds = max(rounds, 1) }
        if stall != nil { rounds = max(rounds, 1) }
        let markupRound = plan.forceMarkup ? 0 : -1
        for round in 0..<rounds {
            var message = localized(topic.followUps, generic: DemoServiceTopic.genericFollowUps)
            if round == markupRound || (language == "pl" && random.chance(0.01)) { message = DemoServiceTopic.markupFollowUp }
            t = log.add(customerTime(after: t), .customerMessage(message))
            if stall == .waitingOnUs && round == rounds - 1 {
                // The customer's last message is still unanswered at the end.
                return
            }
            if random.chance(0.15) {
                let helper = random.chance(0.3) ? pickAgent() : assignee
                log.add(t + Int64(random.double(2...40) * 60_000), .note(agent: helper, body: fill(random.pick(topic.notes))))
            }
            if random.chance(0.08), teamKey == "complaints" || teamKey == "vip" {
                // Escalation: a manager takes the case over.
                let manager = pickAgent(managers: true)
                log.add(t + Int64(random.double(5...60) * 60_000),
                        .note(agent: assignee, body: "Eskalacja – proszę o decyzję w sprawie rekompensaty (bon 100 zł)."))
                log.add(t + Int64(random.double(61...120) * 60_000), .assign(agent: manager))
                assignee = manager
                hadTrouble = true
            }
            let replier = random.chance(0.1) ? pickAgent() : assignee
            let core = round == rounds - 1 && stall == nil ? text(topic.resolutions) : text(DemoServiceTopic.progress)
            t = log.add(agentTime(after: t, first: false), .reply(agent: replier, body: wrapped(core, agent: replier), handleSeconds: handleSeconds()))
        }
        if stall == .inProgress {
            log.add(t + Int64(random.double(10...120) * 60_000), .note(agent: assignee, body: fill(random.pick(topic.notes))))
            return
        }
        if rounds == 0 {
            // The first answer solved it; sometimes the customer still says thanks.
            if random.chance(0.3) {
                let thanks = language == "en" ? "Thank you, that's all." : language == "ru" ? "Спасибо, это всё." : "Dziękuję, to wszystko."
                t = log.add(customerTime(after: t), .customerMessage(thanks))
            }
        }
        // Resolution: straight away, or after waiting in vain for the customer's confirmation.
        if random.chance(0.2) {
            t = log.add(t + 1000, .status(.pending, agent: assignee))
            t = DemoServiceTime.addBusiness(t + Int64(random.double(2...4) * Double(DemoTime.day)), seconds: random.double(0...3600))
        } else {
            t += Int64(random.double(30...1800) * 1000)
        }
        t = log.add(t, .status(.resolved, agent: assignee))
        finish(t)
    }

    mutating func runCall(_ t0: Int64, stall: DemoServicePlanner.Stall?) {
        assignee = pickAgent()
        let wait = slow ? random.double(240...600).rounded() : min(600, 10 + random.exponential(mean: 70)).rounded()
        let talk = random.double(60...900).rounded()
        let wrap = random.double(30...180).rounded()
        var outcome: String = random.pickWeighted([("resolved", 62.0), ("follow_up", 22), ("escalated", 7), ("unresolved", 9)])
        if stall != nil, outcome == "resolved" { outcome = "follow_up" }
        log.add(t0, .assign(agent: assignee))
        log.add(t0, .call(agent: assignee, direction: "inbound", wait: wait, talk: talk, wrap: wrap, outcome: outcome))
        var t = t0 + Int64((wait + talk + wrap) * 1000)
        let summary = (language == "pl" ? "Rozmowa: klient " : "Rozmowa (\(language)): klient ") + fill(topic.callSummary) + "."
        switch outcome {
        case "resolved":
            t = log.add(t, .note(agent: assignee, body: summary + " Sprawa wyjaśniona w trakcie rozmowy."))
            t = log.add(t + 1000, .status(.resolved, agent: assignee))
            finish(t)
            return
        case "escalated":
            t = log.add(t, .note(agent: assignee, body: summary + " Klient żąda rozmowy z przełożonym – eskalacja."))
            assignee = pickAgent(managers: true)
            t = log.add(t + 60_000, .assign(agent: assignee))
            hadTrouble = true
        case "unresolved":
            t = log.add(t, .note(agent: assignee, body: summary + " Klient niezadowolony, sprawa nierozwiązana – oddzwonić."))
            hadTrouble = true
        default:
            t = log.add(t, .note(agent: assignee, body: summary + " Do sprawdzenia, oddzwonimy."))
        }
        t = log.add(t + 1000, .status(.open, agent: assignee))
        if stall == .waitingOnCustomer {
            t = log.add(DemoServiceTime.addBusiness(t, seconds: random.double(600...7200)),
                        .reply(agent: assignee, body: wrapped(text(DemoServiceTopic.askInfo), agent: assignee), handleSeconds: handleSeconds()))
            log.add(t + 1000, .status(.pending, agent: assignee))
            return
        }
        if stall != nil {
            if random.chance(0.5) {
                log.add(customerTime(after: t), .customerMessage(text(DemoServiceTopic.genericFollowUps)))
            }
            return
        }
        // Call back (or an e-mail) once the answer is known.
        let back = DemoServiceTime.addBusiness(t, seconds: random.double(1800...(slow ? 20 * 3600 : 6 * 3600)))
        if random.chance(0.75) {
            let callTalk = random.double(60...600).rounded()
            let callWrap = random.double(30...180).rounded()
            log.add(back, .call(agent: assignee, direction: "outbound", wait: random.double(5...40).rounded(), talk: callTalk, wrap: callWrap,
                                outcome: "resolved"))
            t = back + Int64((callTalk + callWrap + 40) * 1000)
            t = log.add(t, .note(agent: assignee, body: "Oddzwoniono do klienta: " + fill(random.pick(topic.resolutions["pl"] ?? ["Sprawa wyjaśniona."]))))
        } else {
            t = log.add(back, .reply(agent: assignee, body: text(topic.resolutions), handleSeconds: handleSeconds()))
        }
        t = log.add(t + 1000, .status(.resolved, agent: assignee))
        finish(t)
    }

    /// After a resolution: sometimes re-opened, then perhaps a satisfaction answer, and closed a week later.
    mutating func finish(_ resolvedAt: Int64) {
        var t = resolvedAt
        if random.chance(0.085) {
            hadTrouble = true
            let message = localized(topic.reopens, generic: DemoServiceTopic.genericReopens)
            t = log.add(DemoServiceTime.awake(t + Int64(random.double(2...96) * 3_600_000), random: &random), .customerMessage(message))
            if random.chance(0.5) { log.add(t + Int64(random.double(10...90) * 60_000), .note(agent: assignee, body: "Klient zgłasza, że problem powrócił.")) }
            t = log.add(agentTime(after: t, first: false),
                        .reply(agent: assignee, body: wrapped(text(topic.resolutions), agent: assignee), handleSeconds: handleSeconds()))
            t = log.add(t + Int64(random.double(60...3600) * 1000), .status(.resolved, agent: assignee))
        }
        // CSAT is asked after most resolutions; about 70% answer.
        if random.chance(0.85), random.chance(0.7) {
            let unhappy = hadTrouble || slow
            let weights: [Double] = unhappy ? [15, 15, 20, 25, 25] : [2, 3, 7, 28, 60]
            let score = random.weighted(weights) + 1
            let comments = DemoServiceTopic.csatComments
            var comment: String?
            if score <= 2 {
                comment = text(comments.bad)
            } else if score == 3, random.chance(0.5) {
                comment = text(comments.middling)
            } else if score >= 4, random.chance(0.3) {
                comment = text(comments.good)
            }
            let answered = t + Int64((600 + random.exponential(mean: 8 * 3600)) * 1000)
            log.add(DemoServiceTime.awake(answered, random: &random), .csat(score: score, comment: comment))
        }
        // Closed automatically a week after the last resolution.
        if log.status == .resolved {
            log.add(t + 7 * DemoTime.day, .status(.closed, agent: nil))
        }
    }
}
