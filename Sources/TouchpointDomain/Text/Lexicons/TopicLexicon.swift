// Touchpoint — topic lexicon (pure data).
//
// Written for Touchpoint from the authors' own knowledge of Polish, English and Russian; not derived from or copied
// out of any published lexicon (no RuSentiLex, LinisCrowd, VADER, AFINN, NRC, SentiWordNet, plWordNet/plWordNet-emo
// or similar). Licensed under the Touchpoint project's licence, like the rest of the code base.
//
// Edit the lists here. Keep every key unique: a duplicate key in a Swift dictionary literal traps at run time (the
// domain tests build every table, so a duplicate fails them first).

/// The words that signal each topic, per language (base forms plus frequent inflections; the analyser stems and folds
/// them). Brand-neutral except for carriers and payment schemes, which customers name (InPost, DPD, DHL, СДЭК, BLIK,
/// PayPal). A few triggers belong to two topics on purpose (e.g. "infolinia" → staff and waiting_time, "logowanie" →
/// app and website). All keys are lowercase.
public enum TopicLexicon {
    /// The topic ids from INTERFACE.md, in that order.
    public static let topics: [String] = [
        "delivery", "price", "returns", "staff", "app", "website", "waiting_time", "product_quality", "payment",
        "warranty",
    ]

    private static let polish: [String: [String]] = [
        "delivery": [
            "dostawa", "dostawy", "dostawę", "dostawie", "dostawą", "dostarczenie", "dostarczyć", "dostarczony",
            "dostarczona", "dostarczone", "dostarczył", "dostarczyli", "przesyłka", "przesyłki", "przesyłkę",
            "przesyłce", "paczka", "paczki", "paczkę", "paczce", "paczkomat", "paczkomatu", "paczkomacie",
            "paczkomaty", "kurier", "kuriera", "kurierem", "kurierowi", "kurierzy", "kurierka", "wysyłka", "wysyłki",
            "wysyłkę", "wysłany", "wysłana", "wysłali", "nadanie", "nadana", "doręczenie", "doręczona",
            "doręczyciel", "listonosz", "przewoźnik", "przewoźnika", "transport", "odbiór", "awizo", "śledzenie",
            "tracking", "karton", "opakowanie", "zapakowany", "zapakowana", "pakowanie", "dotarła", "dotarło",
            "doszła", "inpost", "dpd", "dhl", "ups", "gls", "fedex", "poczta", "pocztex", "orlen", "dostawca",
            "kierowca",
        ],
        "price": [
            "cena", "ceny", "cenie", "cenę", "ceną", "cenowy", "cennik", "koszt", "koszty", "kosztów", "kosztuje",
            "kosztował", "kosztowało", "drożej", "drożyzna", "tani", "tanio", "taniej", "promocja", "promocji",
            "promocję", "promocyjny", "rabat", "rabatu", "rabaty", "zniżka", "zniżki", "obniżka", "przecena",
            "przeceniony", "wyprzedaż", "kupon", "rabatowy", "okazja", "opłata", "opłaty", "marża", "przepłacić",
            "przepłaciłem", "zdzierstwo", "złotych", "zł", "pln", "gratis", "darmowy", "oferta", "oferty",
            "cashback",
        ],
        "returns": [
            "zwrot", "zwrotu", "zwroty", "zwrotów", "zwrócić", "zwróciłem", "zwróciłam", "zwrócili", "zwracać",
            "zwrócone", "zwrotny", "odesłać", "odesłałem", "odesłałam", "odesłany", "odesłana", "odsyłać",
            "odstąpienie", "odstąpić", "odstąpieniu", "wymiana", "wymiany", "wymianę", "wymienić", "wymienili",
            "wymieniony", "refundacja", "oddać", "oddałem", "oddałam", "skarga", "skargi", "skargę", "anulowanie",
            "anulować", "anulowali", "anulowane", "rezygnacja", "zrezygnować", "korekta", "pieniądze", "pieniędzy",
        ],
        "staff": [
            "pracownik", "pracownicy", "pracownika", "pracowników", "pracownica", "konsultant", "konsultantka",
            "konsultanta", "konsultanci", "konsultantów", "doradca", "doradczyni", "doradcy", "sprzedawca",
            "sprzedawczyni", "sprzedawcy", "sprzedawców", "ekspedient", "ekspedientka", "kasjer", "kasjerka",
            "obsługa", "obsługi", "obsługę", "obsługą", "personel", "personelu", "kierownik", "kierowniczka",
            "menedżer", "infolinia", "infolinii", "pan", "pani", "panią", "panem", "panu", "agent", "agentka",
            "uprzejmy", "uprzejmość", "nieuprzejmy", "niemiły", "kompetentny", "kompetencje", "niekompetentny",
            "chamski", "chamstwo", "arogancki", "pomocny", "profesjonalny", "podejście", "rozmowa",
        ],
        "app": [
            "aplikacja", "aplikacji", "aplikację", "aplikacją", "apka", "apki", "apkę", "apce", "appka", "app",
            "android", "androida", "ios", "appstore", "aktualizacja", "aktualizacji", "aktualizację",
            "powiadomienie", "powiadomienia", "powiadomień", "notyfikacja", "notyfikacje", "push", "logowanie",
            "zalogować", "zalogowanie", "wylogowuje", "wylogowało", "crashuje", "mobilna", "mobilny", "mobilnej",
            "wersja",
        ],
        "website": [
            "strona", "strony", "stronie", "stronę", "stroną", "stronka", "witryna", "witryny", "www", "internetowy",
            "internetowej", "internetowego", "portal", "koszyk", "koszyka", "koszyku", "wyszukiwarka",
            "wyszukiwarki", "wyszukiwanie", "filtr", "filtry", "filtrowanie", "formularz", "formularza", "checkout",
            "zakładka", "link", "linku", "przeglądarka", "przeglądarce", "online", "konto", "konta", "koncie",
            "rejestracja", "zarejestrować", "logowanie", "zalogować", "menu", "nawigacja", "ładuje", "ładowała",
            "captcha",
        ],
        "waiting_time": [
            "czekanie", "czekać", "czekam", "czekałem", "czekałam", "czekaliśmy", "czekała", "czekał", "poczekać",
            "oczekiwanie", "oczekiwaniu", "oczekuję", "kolejka", "kolejki", "kolejce", "infolinia", "infolinii",
            "połączenie", "słuchawka", "słuchawce", "linii", "odpowiedź", "odpowiedzi", "odpisać", "odpisali",
            "odpisują", "odpowiadają", "oddzwonić", "oddzwonili", "oddzwoni", "czat", "czacie", "chat", "minut",
            "minuty", "godzinę", "godziny", "godzin", "długo", "zwłoka", "opieszałość", "wieki", "wisiałem",
            "wisiałam", "dodzwonić", "dodzwoniłem",
        ],
        "product_quality": [
            "produkt", "produktu", "produkty", "produktem", "towar", "towaru", "towary", "sprzęt", "sprzętu",
            "urządzenie", "urządzenia", "urządzeniem", "jakość", "jakości", "wykonanie", "wykonania", "materiał",
            "materiały", "działa", "działanie", "działać", "uszkodzony", "zepsuty", "wadliwy", "wada", "usterka",
            "awaria", "defekt", "pralka", "pralki", "lodówka", "lodówki", "telewizor", "telewizora", "laptop",
            "laptopa", "odkurzacz", "zmywarka", "zmywarki", "ekspres", "piekarnik", "płyta", "mikrofalówka",
            "smartfon", "słuchawki", "bateria", "akumulator", "ekran", "głośność", "hałas", "trwałość", "model",
        ],
        "payment": [
            "płatność", "płatności", "płacić", "zapłacić", "zapłaciłem", "zapłaciłam", "zapłata", "zapłaty",
            "opłacić", "opłaciłem", "opłacone", "opłacony", "opłacona", "karta", "karty", "kartą", "kartę", "blik",
            "blikiem", "przelew", "przelewu", "przelewem", "faktura", "faktury", "fakturę", "fakturą", "fakturze",
            "paragon", "paragonu", "paypal", "przelewy24", "payu", "raty", "rat", "ratach", "kredyt", "pobranie",
            "pobraniem", "gotówka", "gotówką", "obciążenie", "obciążono", "pobrano", "pobrali", "terminal",
            "transakcja", "transakcji", "środki", "visa", "mastercard", "bank", "banku",
        ],
        "warranty": [
            "gwarancja", "gwarancji", "gwarancję", "gwarancyjny", "gwarancyjna", "gwarancyjnej", "gwarancyjnego",
            "reklamacja", "reklamacji", "reklamację", "reklamacje", "reklamacją", "reklamować", "zareklamować",
            "zareklamowałem", "zareklamowałam", "reklamacyjny", "reklamacyjna", "rękojmia", "rękojmi", "serwis",
            "serwisu", "serwisie", "serwisem", "serwisant", "serwisanta", "serwisowy", "serwisowego", "naprawa",
            "naprawy", "naprawę", "naprawić", "naprawiony", "naprawili", "naprawiali", "ekspertyza", "technik",
            "producent", "producenta", "uznana", "uznali", "odrzucona", "odrzucili",
        ],
    ]

    private static let english: [String: [String]] = [
        "delivery": [
            "delivery", "deliveries", "deliver", "delivered", "delivering", "shipping", "shipped", "shipment",
            "shipments", "ship", "courier", "couriers", "parcel", "parcels", "package", "packages", "packaging",
            "packed", "dispatch", "dispatched", "postage", "post", "postal", "postman", "mailman", "driver",
            "tracking", "tracked", "arrive", "arrived", "arrival", "carrier", "carriers", "inpost", "dpd", "dhl",
            "ups", "fedex", "usps", "evri", "hermes", "gls", "doorstep", "locker", "lockers", "pickup", "box",
            "boxes", "transit", "collected", "collection",
        ],
        "price": [
            "price", "prices", "priced", "pricing", "cost", "costs", "costly", "expensive", "cheap", "cheaper",
            "cheapest", "affordable", "overpriced", "pricey", "discount", "discounts", "discounted", "promo",
            "promos", "promotion", "promotions", "coupon", "coupons", "voucher", "vouchers", "sale", "sales", "deal",
            "deals", "offer", "offers", "bargain", "fee", "fees", "value", "markup", "rrp", "msrp", "overcharged",
        ],
        "returns": [
            "return", "returns", "returned", "returning", "refund", "refunds", "refunded", "refunding", "exchange",
            "exchanged", "exchanges", "exchanging", "replacement", "replace", "replaced", "rma", "restocking",
            "cancellation", "cancel", "cancelled", "canceled", "complaint", "complaints", "reimburse", "reimbursed",
            "reimbursement",
        ],
        "staff": [
            "staff", "employee", "employees", "agent", "agents", "representative", "representatives", "rep", "reps",
            "advisor", "adviser", "advisors", "consultant", "consultants", "assistant", "assistants", "seller",
            "sellers", "salesperson", "salesman", "saleswoman", "cashier", "manager", "managers", "supervisor",
            "operator", "operators", "team", "colleague", "guy", "lady", "gentleman", "person", "support", "service",
            "helpful", "unhelpful", "rude", "polite", "friendly", "knowledgeable", "attitude",
        ],
        "app": [
            "app", "apps", "application", "mobile", "android", "ios", "playstore", "appstore", "update", "updates",
            "updated", "notification", "notifications", "push", "login", "logged", "logging", "crash", "crashes",
            "crashing", "uninstall", "reinstall", "version", "in-app", "biometric", "fingerprint",
        ],
        "website": [
            "website", "websites", "site", "web", "webpage", "page", "pages", "online", "webshop", "eshop",
            "checkout", "basket", "cart", "search", "filter", "filters", "navigation", "menu", "link", "links",
            "browser", "url", "homepage", "account", "register", "registration", "form", "login", "signin",
            "sign-in", "www", "portal", "captcha", "cookies", "loading", "interface", "layout",
        ],
        "waiting_time": [
            "wait", "waited", "waiting", "waits", "hold", "queue", "queued", "queues", "queuing", "minutes", "hours",
            "hour", "phone", "call", "called", "calls", "calling", "callback", "chat", "chatbot", "response",
            "respond", "responded", "reply", "replied", "replies", "answer", "answered", "ages", "forever",
            "hotline", "helpline", "line", "slow", "eventually",
        ],
        "product_quality": [
            "product", "products", "item", "items", "quality", "build", "made", "material", "materials", "works",
            "working", "function", "functioning", "performance", "defect", "defective", "faulty", "broken", "broke",
            "damaged", "fault", "malfunction", "battery", "screen", "device", "devices", "appliance", "appliances",
            "washer", "fridge", "refrigerator", "freezer", "tv", "television", "laptop", "vacuum", "dishwasher",
            "oven", "microwave", "kettle", "headphones", "smartphone", "model", "durable", "sturdy", "flimsy",
            "noise", "noisy",
        ],
        "payment": [
            "payment", "payments", "pay", "paid", "paying", "card", "cards", "credit", "debit", "blik", "paypal",
            "klarna", "transfer", "bank", "invoice", "invoices", "receipt", "receipts", "charge", "charged",
            "charges", "transaction", "transactions", "installment", "installments", "instalment", "instalments",
            "financing", "cash", "visa", "mastercard", "billing", "billed", "bill", "declined", "authorization",
            "authorisation",
        ],
        "warranty": [
            "warranty", "warranties", "guarantee", "guarantees", "guaranteed", "repair", "repaired", "repairs",
            "repairing", "servicing", "serviced", "technician", "technicians", "engineer", "claim", "claims",
            "extended", "coverage", "covered", "insurance", "manufacturer", "manufacturers", "centre", "diagnostics",
        ],
    ]

    private static let russian: [String: [String]] = [
        "delivery": [
            "доставка", "доставки", "доставку", "доставкой", "доставке", "доставили", "доставлен", "доставлена",
            "доставлено", "доставить", "привезли", "привёз", "привезти", "курьер", "курьера", "курьером", "курьеры",
            "курьерская", "посылка", "посылки", "посылку", "посылкой", "отправка", "отправление", "отправили",
            "отправлен", "пришёл", "пришла", "пришло", "упаковка", "упаковке", "упаковано", "коробка", "коробке",
            "пвз", "постамат", "постамата", "трек", "трек-номер", "сдэк", "cdek", "почта", "почты", "почтой",
            "почте", "боксберри", "boxberry", "dpd", "dhl", "ups", "пэк", "самовывоз", "водитель", "грузчики",
            "получение", "получил", "получила",
        ],
        "price": [
            "цена", "цены", "цену", "ценой", "цене", "ценник", "стоимость", "стоимости", "дорого", "дороже",
            "дешёвый", "дёшево", "дешевле", "скидка", "скидки", "скидку", "скидкой", "акция", "акции", "промокод",
            "промокода", "купон", "распродажа", "наценка", "переплата", "переплатил", "рублей", "руб", "бонусы",
            "баллы", "кэшбэк", "выгодно", "бюджетный", "подорожание", "прайс",
        ],
        "returns": [
            "возврат", "возврата", "возвратом", "возвращать", "вернуть", "вернули", "вернул", "вернула", "обмен",
            "обмена", "обменять", "обменяли", "замена", "замену", "заменить", "заменили", "сдать", "сдал", "сдала",
            "компенсация", "компенсацию", "претензия", "претензию", "претензии", "жалоба", "жалобу", "отмена",
            "отменить", "отменили", "деньги", "денег",
        ],
        "staff": [
            "сотрудник", "сотрудники", "сотрудника", "сотрудников", "сотрудница", "персонал", "персонала",
            "консультант", "консультанты", "консультанта", "продавец", "продавцы", "продавца", "менеджер",
            "менеджера", "менеджеры", "оператор", "оператора", "операторы", "специалист", "специалиста",
            "администратор", "кассир", "работник", "работники", "девушка", "парень", "обслуживание", "обслуживания",
            "поддержка", "поддержки", "вежливый", "вежливость", "грубый", "хамство", "компетентный",
            "некомпетентный", "отношение",
        ],
        "app": [
            "приложение", "приложения", "приложении", "приложением", "приложенька", "мобильное", "мобильный",
            "андроид", "android", "ios", "айос", "обновление", "обновления", "обновлении", "уведомление",
            "уведомления", "уведомлений", "пуш", "пуши", "авторизация", "логин", "вылетает", "глючит", "версия",
            "версии", "appstore", "плеймаркет",
        ],
        "website": [
            "сайт", "сайта", "сайте", "сайтом", "страница", "страницы", "странице", "страницу", "интернет-магазин",
            "интернет-магазина", "интернет", "корзина", "корзину", "корзине", "поиск", "фильтр", "фильтры",
            "каталог", "каталоге", "форма", "ссылка", "ссылку", "браузер", "кабинет", "кабинете", "регистрация",
            "зарегистрироваться", "аккаунт", "меню", "оформление", "онлайн", "www", "загружается", "интерфейс",
        ],
        "waiting_time": [
            "ждать", "жду", "ждал", "ждала", "ждали", "ждём", "подождать", "ожидание", "ожидании", "ожидать",
            "очередь", "очереди", "очередью", "линия", "линии", "звонок", "звонка", "звонил", "звонила", "позвонил",
            "дозвониться", "дозвонился", "перезвонить", "перезвонили", "чат", "чате", "ответ", "ответа", "ответили",
            "отвечают", "минут", "минуты", "часа", "часов", "долго", "вечность", "колл-центр", "кол-центр",
            "горячая",
        ],
        "product_quality": [
            "товар", "товара", "товаром", "товаре", "продукт", "продукта", "изделие", "качество", "качества",
            "качественный", "сборка", "сборки", "материал", "материалы", "работает", "брак", "бракованный", "дефект",
            "сломан", "сломался", "поломка", "неисправность", "техника", "техники", "устройство", "аппарат",
            "прибор", "стиральная", "машинка", "холодильник", "телевизор", "ноутбук", "пылесос", "смартфон", "экран",
            "аккумулятор", "батарея", "микроволновка", "духовка", "посудомойка", "кофемашина", "наушники", "шумит",
            "модель",
        ],
        "payment": [
            "оплата", "оплаты", "оплату", "оплатой", "оплатить", "оплатил", "оплатила", "оплачен", "оплачено",
            "платёж", "платежа", "платежи", "платить", "заплатил", "заплатила", "карта", "карты", "картой", "карту",
            "наличные", "наличными", "перевод", "переводом", "счёт", "счёта", "чек", "чека", "рассрочка",
            "рассрочку", "кредит", "сбп", "списали", "списание", "банк", "банка", "терминал", "транзакция",
            "предоплата", "наложенный", "paypal", "visa",
        ],
        "warranty": [
            "гарантия", "гарантии", "гарантию", "гарантийный", "гарантийного", "гарантийному", "гарантийка",
            "сервис", "сервиса", "сервисный", "сервисе", "сц", "ремонт", "ремонта", "ремонте", "ремонтировать",
            "отремонтировали", "починили", "починить", "мастер", "мастера", "диагностика", "экспертиза",
            "экспертизу", "рекламация", "талон", "производитель", "производителя",
        ],
    ]

    /// language → topic id → trigger words.
    public static let words: [TextLanguage: [String: [String]]] = [
        .pl: polish, .en: english, .ru: russian,
    ]
}
