import Foundation
import TouchpointDomain

/// What Elektro Świat sells: a product range of a Polish electronics chain with 2025 shelf prices in PLN.
struct DemoProduct: Sendable {
    let id: String
    let sku: String
    let name: String
    let brand: String
    let category: DemoCategory
    /// Price in grosze (1/100 PLN), so sums are exact.
    let priceCents: Int
    let slug: String
}

enum DemoCategory: String, CaseIterable, Sendable, Codable {
    case tv, laptop, phone, headphones, tablet, smartwatch, console, fridge, washer, dishwasher, vacuum, coffee, smallAppliance, audio, accessory

    /// Name in the shop's menu.
    var title: String {
        switch self {
        case .tv: return "Telewizory"
        case .laptop: return "Laptopy"
        case .phone: return "Smartfony"
        case .headphones: return "Słuchawki"
        case .tablet: return "Tablety"
        case .smartwatch: return "Smartwatche i opaski"
        case .console: return "Konsole i gry"
        case .fridge: return "Lodówki"
        case .washer: return "Pralki"
        case .dishwasher: return "Zmywarki"
        case .vacuum: return "Odkurzacze"
        case .coffee: return "Ekspresy do kawy"
        case .smallAppliance: return "Małe AGD"
        case .audio: return "Audio"
        case .accessory: return "Akcesoria"
        }
    }

    var path: String {
        switch self {
        case .tv: return "/rtv/telewizory"
        case .laptop: return "/komputery/laptopy"
        case .phone: return "/telefony/smartfony"
        case .headphones: return "/audio/sluchawki"
        case .tablet: return "/komputery/tablety"
        case .smartwatch: return "/telefony/smartwatche"
        case .console: return "/gaming/konsole"
        case .fridge: return "/agd/lodowki"
        case .washer: return "/agd/pralki"
        case .dishwasher: return "/agd/zmywarki"
        case .vacuum: return "/agd/odkurzacze"
        case .coffee: return "/agd-male/ekspresy"
        case .smallAppliance: return "/agd-male/kuchnia"
        case .audio: return "/audio/glosniki-soundbary"
        case .accessory: return "/akcesoria"
        }
    }

    /// How often a customer's need is in this category (accessories come along with other buys).
    var needWeight: Double {
        switch self {
        case .tv: return 12
        case .laptop: return 11
        case .phone: return 16
        case .headphones: return 10
        case .tablet: return 5
        case .smartwatch: return 6
        case .console: return 5
        case .fridge: return 5
        case .washer: return 5
        case .dishwasher: return 3
        case .vacuum: return 6
        case .coffee: return 5
        case .smallAppliance: return 6
        case .audio: return 4
        case .accessory: return 6
        }
    }

    /// What goes into the basket with it.
    var accessories: [String] {
        switch self {
        case .tv: return ["AC-MOUNT-01", "AC-HDMI-02", "AU-SB-01"]
        case .laptop: return ["AC-MOUSE-01", "AC-BAG-01", "AC-USBC-01"]
        case .phone: return ["AC-CASE-01", "AC-GLASS-01", "AC-CHG-01", "AC-PB-01"]
        case .tablet: return ["AC-CASE-02", "AC-CHG-01"]
        case .console: return ["CN-PAD-01", "CN-GAME-01"]
        case .smartwatch: return ["AC-CHG-01"]
        default: return []
        }
    }

    /// Search phrases customers type for it.
    var queries: [String] {
        switch self {
        case .tv: return ["telewizor 55 cali", "tv oled", "telewizor 65", "smart tv samsung", "telewizor do 2000 zł", "qled"]
        case .laptop: return ["laptop do gier", "macbook air", "laptop do nauki", "laptop 15,6", "lenovo ideapad", "laptop i7 16gb"]
        case .phone: return ["iphone 16", "samsung galaxy s24", "telefon do 1000 zł", "smartfon 5g", "xiaomi redmi", "iphone"]
        case .headphones: return ["słuchawki bezprzewodowe", "airpods", "sony wh-1000xm5", "słuchawki z anc", "słuchawki douszne"]
        case .tablet: return ["ipad", "tablet dla dziecka", "tablet samsung"]
        case .smartwatch: return ["apple watch", "smartwatch damski", "garmin", "opaska sportowa"]
        case .console: return ["ps5", "playstation 5 slim", "nintendo switch", "xbox series x", "pad ps5"]
        case .fridge: return ["lodówka no frost", "lodówka side by side", "lodówka 185 cm", "lodówka bosch"]
        case .washer: return ["pralka 8 kg", "pralka slim", "pralka z suszarką", "pralka bosch"]
        case .dishwasher: return ["zmywarka 60 cm", "zmywarka do zabudowy"]
        case .vacuum: return ["odkurzacz bezprzewodowy", "robot sprzątający", "dyson", "odkurzacz pionowy"]
        case .coffee: return ["ekspres do kawy", "ekspres ciśnieniowy", "delonghi", "ekspres z młynkiem"]
        case .smallAppliance: return ["frytkownica beztłuszczowa", "airfryer", "blender", "czajnik elektryczny"]
        case .audio: return ["soundbar", "głośnik bluetooth", "jbl charge"]
        case .accessory: return ["ładowarka usb-c", "etui iphone", "powerbank", "uchwyt do telewizora", "kabel hdmi"]
        }
    }
}

enum DemoCatalog {
    static let products: [DemoProduct] = {
        let rows: [(String, String, String, DemoCategory, Int)] = [
            ("TV-SAM-55CU", "Samsung 55\" Crystal UHD UE55CU7172", "Samsung", .tv, 219_900),
            ("TV-LG-55C4", "LG OLED55C44LA 55\" OLED evo", "LG", .tv, 549_900),
            ("TV-SON-65X85", "Sony Bravia KD-65X85L 65\"", "Sony", .tv, 499_900),
            ("TV-PHI-50AMB", "Philips 50PUS8518 50\" Ambilight", "Philips", .tv, 239_900),
            ("TV-TCL-43QL", "TCL 43C645 43\" QLED", "TCL", .tv, 149_900),
            ("TV-XIA-43A", "Xiaomi TV A 43 2025", "Xiaomi", .tv, 119_900),
            ("TV-SAM-65QN90", "Samsung 65\" Neo QLED QE65QN90D", "Samsung", .tv, 799_900),
            ("LT-LEN-SLIM3", "Lenovo IdeaPad Slim 3 15 Ryzen 5 16GB/512GB", "Lenovo", .laptop, 259_900),
            ("LT-ASU-VIVO15", "ASUS Vivobook 15 i5 16GB/512GB", "ASUS", .laptop, 229_900),
            ("LT-HP-PAV15", "HP Pavilion 15 i7 16GB/1TB", "HP", .laptop, 329_900),
            ("LT-APL-MBA13", "Apple MacBook Air 13 M3 8GB/256GB", "Apple", .laptop, 519_900),
            ("LT-DEL-XPS13", "Dell XPS 13 9340 Ultra 7", "Dell", .laptop, 699_900),
            ("LT-ACE-NITRO", "Acer Nitro V 15 RTX 4050", "Acer", .laptop, 399_900),
            ("PH-APL-IP16", "Apple iPhone 16 128GB", "Apple", .phone, 429_900),
            ("PH-APL-IP15", "Apple iPhone 15 128GB", "Apple", .phone, 349_900),
            ("PH-SAM-S24", "Samsung Galaxy S24 8/256GB", "Samsung", .phone, 359_900),
            ("PH-SAM-A55", "Samsung Galaxy A55 5G 8/128GB", "Samsung", .phone, 179_900),
            ("PH-XIA-RN13", "Xiaomi Redmi Note 13 8/256GB", "Xiaomi", .phone, 89_900),
            ("PH-MOT-G84", "Motorola moto g84 5G 12/256GB", "Motorola", .phone, 99_900),
            ("PH-GOO-P8A", "Google Pixel 8a 8/128GB", "Google", .phone, 219_900),
            ("HP-SON-XM5", "Sony WH-1000XM5", "Sony", .headphones, 139_900),
            ("HP-APL-APP2", "Apple AirPods Pro (2. generacji) USB-C", "Apple", .headphones, 109_900),
            ("HP-JBL-T520", "JBL Tune 520BT", "JBL", .headphones, 19_900),
            ("HP-SAM-BFE", "Samsung Galaxy Buds FE", "Samsung", .headphones, 39_900),
            ("HP-SEN-MOM4", "Sennheiser Momentum 4 Wireless", "Sennheiser", .headphones, 129_900),
            ("HP-MAR-MAJ4", "Marshall Major IV", "Marshall", .headphones, 59_900),
            ("TB-APL-IPAD", "Apple iPad 10,9\" Wi-Fi 64GB", "Apple", .tablet, 179_900),
            ("TB-SAM-S9FE", "Samsung Galaxy Tab S9 FE 6/128GB", "Samsung", .tablet, 199_900),
            ("TB-LEN-M10", "Lenovo Tab M10 Plus 4/128GB", "Lenovo", .tablet, 79_900),
            ("SW-APL-SE", "Apple Watch SE 40mm GPS", "Apple", .smartwatch, 119_900),
            ("SW-SAM-GW6", "Samsung Galaxy Watch6 44mm", "Samsung", .smartwatch, 99_900),
            ("SW-GAR-FR265", "Garmin Forerunner 265", "Garmin", .smartwatch, 179_900),
            ("SW-XIA-BAND8", "Xiaomi Smart Band 8", "Xiaomi", .smartwatch, 17_900),
            ("CN-SON-PS5S", "Sony PlayStation 5 Slim z napędem", "Sony", .console, 229_900),
            ("CN-MS-XSX", "Microsoft Xbox Series X 1TB", "Microsoft", .console, 239_900),
            ("CN-NIN-SWO", "Nintendo Switch OLED", "Nintendo", .console, 149_900),
            ("CN-PAD-01", "Sony DualSense Pad PS5", "Sony", .console, 29_900),
            ("CN-GAME-01", "EA Sports FC 25 (PS5)", "EA", .console, 24_900),
            ("FR-SAM-RB38", "Samsung RB38C7B6AS9 No Frost 203 cm", "Samsung", .fridge, 299_900),
            ("FR-BOS-KGN39", "Bosch KGN39VXCT Serie 4", "Bosch", .fridge, 329_900),
            ("FR-BEK-RCNA", "Beko RCNA406E40ZXBRN", "Beko", .fridge, 199_900),
            ("FR-AMI-FK", "Amica FK3356.4DFZH", "Amica", .fridge, 169_900),
            ("FR-LG-GBB72", "LG GBB72PZUGN DoorCooling+", "LG", .fridge, 359_900),
            ("WM-BOS-S4", "Bosch WAN2824EPL Serie 4 8 kg", "Bosch", .washer, 199_900),
            ("WM-SAM-WW90", "Samsung WW90CGC04DAELE 9 kg", "Samsung", .washer, 219_900),
            ("WM-ELX-PC700", "Electrolux PerfectCare 700 EW7F348AWP", "Electrolux", .washer, 249_900),
            ("WM-AMI-WA1", "Amica WA1S610CLiSH slim 6 kg", "Amica", .washer, 129_900),
            ("DW-BOS-SMS4", "Bosch SMS4HVI33E 60 cm", "Bosch", .dishwasher, 199_900),
            ("DW-BEK-DFN", "Beko DFN26422W 60 cm", "Beko", .dishwasher, 139_900),
            ("VC-DYS-V15", "Dyson V15 Detect Absolute", "Dyson", .vacuum, 299_900),
            ("VC-ROB-S8", "Roborock S8", "Roborock", .vacuum, 249_900),
            ("VC-XIA-S10", "Xiaomi Robot Vacuum S10", "Xiaomi", .vacuum, 89_900),
            ("VC-PHI-3000", "Philips XC3131/01 seria 3000", "Philips", .vacuum, 39_900),
            ("CF-DEL-MAGS", "De'Longhi Magnifica S ECAM22.110.B", "De'Longhi", .coffee, 139_900),
            ("CF-PHI-2200", "Philips EP2231/40 LatteGo", "Philips", .coffee, 149_900),
            ("CF-SIE-EQ6", "Siemens EQ.6 plus s300", "Siemens", .coffee, 279_900),
            ("SA-PHI-AF", "Philips Airfryer XL HD9270/90", "Philips", .smallAppliance, 49_900),
            ("SA-TEF-BL", "Tefal Blendforce BL4208", "Tefal", .smallAppliance, 24_900),
            ("SA-XIA-KET", "Xiaomi Electric Kettle 2", "Xiaomi", .smallAppliance, 12_900),
            ("AU-SB-01", "Samsung Soundbar HW-Q600C", "Samsung", .audio, 89_900),
            ("AU-JBL-CH5", "JBL Charge 5", "JBL", .audio, 69_900),
            ("AU-SON-ULT", "Sony ULT Field 1", "Sony", .audio, 49_900),
            ("AC-MOUNT-01", "Uchwyt ścienny do TV 32–65\" Barkan", "Barkan", .accessory, 19_900),
            ("AC-HDMI-02", "Kabel HDMI 2.1 2 m", "Unitek", .accessory, 5_900),
            ("AC-MOUSE-01", "Mysz Logitech M185", "Logitech", .accessory, 6_900),
            ("AC-BAG-01", "Torba na laptopa 15,6\" Targus", "Targus", .accessory, 12_900),
            ("AC-USBC-01", "Hub USB-C 6w1", "Ugreen", .accessory, 14_900),
            ("AC-CASE-01", "Etui silikonowe do smartfona", "Spigen", .accessory, 7_900),
            ("AC-CASE-02", "Etui do tabletu z klawiaturą", "Logitech", .accessory, 24_900),
            ("AC-GLASS-01", "Szkło hartowane na ekran", "Spigen", .accessory, 5_900),
            ("AC-CHG-01", "Ładowarka sieciowa USB-C 25 W", "Samsung", .accessory, 8_900),
            ("AC-PB-01", "Powerbank 20000 mAh", "Xiaomi", .accessory, 14_900),
        ]
        return rows.enumerated().map { offset, row in
            DemoProduct(id: "P\(10_001 + offset)", sku: row.0, name: row.1, brand: row.2, category: row.3,
                        priceCents: row.4, slug: slug(row.1))
        }
    }()

    /// Category weights for a customer: premium customers (near 1) lean to dear categories, thrifty
    /// ones (near 0) to cheap ones, so that customers differ in what they usually spend.
    static func categoryWeights(premium: Double) -> [Double] {
        zip(DemoCategory.allCases, logPriceRatios).map { category, ratio in category.needWeight * exp(2.4 * (premium - 0.5) * ratio) }
    }

    /// log(average price of the category / average of the category averages), in `allCases` order.
    private static let logPriceRatios: [Double] = {
        let averages = DemoCategory.allCases.map { category -> Double in
            let prices = (byCategory[category] ?? []).map { Double($0.priceCents) }
            return prices.isEmpty ? 1 : prices.reduce(0, +) / Double(prices.count)
        }
        let overall = averages.reduce(0, +) / Double(averages.count)
        return averages.map { log($0 / overall) }
    }()

    /// A product of a category for a customer: the premium ones pick the dearer models.
    static func product(in category: DemoCategory, premium: Double, random: inout SeededRandom) -> DemoProduct {
        let sorted = (byCategory[category] ?? products).sorted { $0.priceCents < $1.priceCents }
        let position = min(max(premium + random.normal() * 0.22, 0), 0.999)
        return sorted[Int(position * Double(sorted.count))]
    }

    /// What someone with a budget of about `target` PLN buys: a product priced near it, in `category`
    /// when given, else in any category (weighted by how often people need it).
    static func product(near target: Double, in category: DemoCategory?, random: inout SeededRandom) -> DemoProduct {
        let pool = category.flatMap { byCategory[$0] } ?? products
        let close = pool.filter { (0.7 * target...1.4 * target).contains(Double($0.priceCents) / 100) }
        if !close.isEmpty { return close[random.weighted(close.map(\.category.needWeight))] }
        return pool.min { abs(Double($0.priceCents) / 100 - target) < abs(Double($1.priceCents) / 100 - target) } ?? products[0]
    }

    static let bySKU: [String: DemoProduct] = Dictionary(uniqueKeysWithValues: products.map { ($0.sku, $0) })
    static let byCategory: [DemoCategory: [DemoProduct]] = Dictionary(grouping: products, by: \.category)

    static func slug(_ text: String) -> String {
        var result = ""
        var dash = false
        for character in DemoNames.ascii(text).lowercased() {
            if character.isLetter || character.isNumber {
                result.append(character)
                dash = false
            } else if !dash && !result.isEmpty {
                result.append("-")
                dash = true
            }
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    // MARK: Shops

    struct Store: Sendable {
        let id: String
        let name: String
        let city: String
    }

    static let stores: [Store] = [
        Store(id: "S01", name: "Elektro Świat Warszawa Arkadia", city: "Warszawa"),
        Store(id: "S02", name: "Elektro Świat Warszawa Wola Park", city: "Warszawa"),
        Store(id: "S03", name: "Elektro Świat Kraków Bonarka", city: "Kraków"),
        Store(id: "S04", name: "Elektro Świat Łódź Manufaktura", city: "Łódź"),
        Store(id: "S05", name: "Elektro Świat Wrocław Magnolia", city: "Wrocław"),
        Store(id: "S06", name: "Elektro Świat Poznań Posnania", city: "Poznań"),
        Store(id: "S07", name: "Elektro Świat Gdańsk Galeria Bałtycka", city: "Gdańsk"),
        Store(id: "S08", name: "Elektro Świat Katowice Silesia City Center", city: "Katowice"),
        Store(id: "S09", name: "Elektro Świat Lublin Plaza", city: "Lublin"),
        Store(id: "S10", name: "Elektro Świat Szczecin Galaxy", city: "Szczecin"),
        Store(id: "S11", name: "Elektro Świat Bydgoszcz Focus", city: "Bydgoszcz"),
        Store(id: "S12", name: "Elektro Świat Białystok Alfa", city: "Białystok"),
    ]

    /// Cities weighted roughly by population.
    static let cities: [(String, Double)] = [
        ("Warszawa", 18), ("Kraków", 8), ("Wrocław", 6.5), ("Łódź", 6.5), ("Poznań", 5.5), ("Gdańsk", 4.8),
        ("Szczecin", 4), ("Bydgoszcz", 3.4), ("Lublin", 3.4), ("Białystok", 3), ("Katowice", 2.9),
        ("Gdynia", 2.4), ("Częstochowa", 2.1), ("Radom", 2), ("Toruń", 2), ("Rzeszów", 2), ("Sosnowiec", 1.9),
        ("Kielce", 1.9), ("Gliwice", 1.7), ("Olsztyn", 1.7), ("Zabrze", 1.6), ("Bielsko-Biała", 1.7),
        ("Opole", 1.2), ("Zielona Góra", 1.4), ("Płock", 1.1), ("Elbląg", 1), ("Tarnów", 1), ("Koszalin", 1),
        ("Piaseczno", 0.8), ("Pruszków", 0.6), ("Legionowo", 0.5), ("Wieliczka", 0.4),
    ]

    /// The shop a customer from a city goes to.
    static func store(for city: String, random: inout SeededRandom) -> Store {
        let local = stores.filter { $0.city == city }
        if !local.isEmpty { return random.pick(local) }
        let nearest: [String: String] = [
            "Gdynia": "S07", "Elbląg": "S07", "Koszalin": "S10", "Toruń": "S11", "Olsztyn": "S07",
            "Sosnowiec": "S08", "Gliwice": "S08", "Zabrze": "S08", "Bielsko-Biała": "S08", "Częstochowa": "S08",
            "Opole": "S05", "Zielona Góra": "S06", "Rzeszów": "S09", "Tarnów": "S03", "Kielce": "S03",
            "Radom": "S01", "Płock": "S01", "Piaseczno": "S01", "Pruszków": "S02", "Legionowo": "S02", "Wieliczka": "S03",
        ]
        let id = nearest[city] ?? "S01"
        return stores.first { $0.id == id } ?? stores[0]
    }

    // MARK: Marketing

    struct Campaign: Sendable {
        let name: String
        let source: String
        let medium: String
        let term: String?
        let content: String?
    }

    /// The campaign running in a month (1–12), with the channels that bring people in.
    static func campaign(month: Int, year: Int, category: DemoCategory, random: inout SeededRandom) -> Campaign {
        let seasonal: String
        switch month {
        case 11: seasonal = "black_week_\(year)"
        case 12: seasonal = "swieta_\(year)"
        case 1: seasonal = "wyprzedaz_zimowa_\(year)"
        case 3, 4: seasonal = "wiosenne_porzadki_agd_\(year)"
        case 6, 7: seasonal = "lato_z_elektro_\(year)"
        case 8, 9: seasonal = "powrot_do_szkoly_\(year)"
        default: seasonal = "raty_0_procent"
        }
        let term = random.pick(category.queries)
        let options: [(Campaign, Double)] = [
            (Campaign(name: "brand_search", source: "google", medium: "cpc", term: "elektro świat", content: nil), 3),
            (Campaign(name: "\(category.rawValue)_generic", source: "google", medium: "cpc", term: term, content: nil), 5),
            (Campaign(name: seasonal, source: "facebook", medium: "paid_social", term: nil, content: "carousel_\(category.rawValue)"), 4),
            (Campaign(name: seasonal, source: "instagram", medium: "paid_social", term: nil, content: "reels"), 2),
            (Campaign(name: "\(category.rawValue)_feed", source: "ceneo", medium: "comparison", term: nil, content: nil), 3),
            (Campaign(name: seasonal, source: "tiktok", medium: "paid_social", term: nil, content: "video_15s"), 1),
            (Campaign(name: "\(category.rawValue)_recenzja", source: "youtube", medium: "video", term: nil, content: "preroll"), 1),
            (Campaign(name: "partnerzy", source: "pepper.pl", medium: "affiliate", term: nil, content: nil), 1.5),
        ]
        return random.pickWeighted(options)
    }

    struct Promotion: Sendable {
        let id: String
        let name: String
        let creative: String
    }

    static func promotion(month: Int, random: inout SeededRandom) -> Promotion {
        var list = [
            Promotion(id: "PROMO-RATY0", name: "Raty 0% do 30 miesięcy", creative: "hero_raty"),
            Promotion(id: "PROMO-DOST0", name: "Darmowa dostawa od 99 zł", creative: "belka_dostawa"),
            Promotion(id: "PROMO-WYMIANA", name: "Oddaj stary sprzęt, odbierz 10% rabatu", creative: "hero_wymiana"),
            Promotion(id: "PROMO-APP", name: "-50 zł na pierwsze zakupy w aplikacji", creative: "baner_aplikacja"),
        ]
        switch month {
        case 11: list += Array(repeating: Promotion(id: "PROMO-BW", name: "Black Week: do -40%", creative: "hero_black_week"), count: 4)
        case 12: list += Array(repeating: Promotion(id: "PROMO-XMAS", name: "Prezenty na Święta", creative: "hero_swieta"), count: 3)
        case 8, 9: list += Array(repeating: Promotion(id: "PROMO-SZKOLA", name: "Powrót do szkoły: laptopy taniej", creative: "hero_szkola"), count: 2)
        default: break
        }
        return random.pick(list)
    }

    static let newsletterSubjects = [
        "Nowości tygodnia w Elektro Świecie", "Raty 0% na telewizory OLED", "Tylko dla Ciebie: -10% na akcesoria",
        "Sprawdź hity tygodnia", "Weekend z darmową dostawą", "Nowe iPhone'y już w sklepach",
        "Jak wybrać robota sprzątającego? Poradnik", "Twoja lista życzeń czeka",
    ]

    static func seasonalSubject(month: Int) -> String? {
        switch month {
        case 11: return "Black Week wystartował: do -40%"
        case 12: return "Prezenty pod choinkę z dostawą przed Świętami"
        case 1: return "Wyprzedaż zimowa: ostatnie sztuki"
        case 8, 9: return "Powrót do szkoły: laptopy i tablety taniej"
        default: return nil
        }
    }

    // MARK: Web and app

    static let userAgents = [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    ]

    struct Device: Sendable {
        let type: String
        let manufacturer: String
        let model: String
        let osName: String
        let osVersion: String
    }

    static let devices: [(Device, Double)] = [
        (Device(type: "android", manufacturer: "Samsung", model: "SM-A546B", osName: "Android", osVersion: "14"), 5),
        (Device(type: "android", manufacturer: "Samsung", model: "SM-S921B", osName: "Android", osVersion: "14"), 3),
        (Device(type: "android", manufacturer: "Xiaomi", model: "23117RA68G", osName: "Android", osVersion: "14"), 4),
        (Device(type: "android", manufacturer: "motorola", model: "moto g84 5G", osName: "Android", osVersion: "13"), 2),
        (Device(type: "ios", manufacturer: "Apple", model: "iPhone15,4", osName: "iOS", osVersion: "17.4.1"), 4),
        (Device(type: "ios", manufacturer: "Apple", model: "iPhone14,5", osName: "iOS", osVersion: "17.3"), 3),
        (Device(type: "ios", manufacturer: "Apple", model: "iPhone16,1", osName: "iOS", osVersion: "17.5"), 2),
    ]

    static let referrers = [
        "https://www.google.com/", "https://www.google.pl/", "https://www.ceneo.pl/", "https://www.facebook.com/",
        "https://www.pepper.pl/", "https://duckduckgo.com/", "https://www.bing.com/",
    ]

    // MARK: Service

    static let chatTopics: [(String, String, Double)] = [
        ("product_question", "Czy ten model ma HDMI 2.1 i obsługuje 120 Hz?", 3),
        ("product_question", "Czy ta lodówka zmieści się we wnęce 60 cm?", 2),
        ("availability", "Czy produkt jest dostępny od ręki w sklepie stacjonarnym?", 3),
        ("order_status", "Kiedy dotrze moje zamówienie? Status się nie zmienia.", 3),
        ("installment_plan", "Jak działają raty 0%? Czy potrzebuję zaświadczenia o dochodach?", 2),
        ("return", "Chcę zwrócić słuchawki kupione przez internet, jak to zrobić?", 1.5),
        ("delivery_options", "Czy kurier wniesie pralkę i zabierze starą?", 1.5),
    ]

    struct Complaint: Sendable {
        let reason: String
        let description: String
        let callReason: String
    }

    static let complaints = [
        Complaint(reason: "damaged_delivery", description: "Produkt dotarł uszkodzony, pęknięta obudowa i porysowany ekran.", callReason: "complaint"),
        Complaint(reason: "late_delivery", description: "Zamówienie miało być w 24 godziny, czekam już tydzień.", callReason: "delivery_status"),
        Complaint(reason: "defective_product", description: "Urządzenie przestało działać po dwóch tygodniach, nie włącza się.", callReason: "warranty_repair"),
        Complaint(reason: "wrong_item", description: "Przyszedł inny model niż zamówiony.", callReason: "complaint"),
        Complaint(reason: "refund_delay", description: "Zwróciłem towar miesiąc temu, a pieniądze nadal nie wróciły.", callReason: "return_request"),
        Complaint(reason: "staff_attitude", description: "Sprzedawca w sklepie był nieuprzejmy i nie chciał przyjąć zwrotu.", callReason: "complaint"),
        Complaint(reason: "repair_too_long", description: "Naprawa gwarancyjna trwa już ponad 30 dni bez informacji.", callReason: "warranty_repair"),
    ]

    // MARK: Feedback

    static let promoterComments = [
        "Szybka dostawa, wszystko zgodnie z opisem. Polecam!",
        "Bardzo miła obsługa w sklepie, doradca pomógł mi wybrać telewizor.",
        "Zamawiam tu regularnie i zawsze bez problemów.",
        "Świetne ceny i raty 0%, na pewno wrócę.",
        "Aplikacja wygodna, odbiór w sklepie już po dwóch godzinach.",
        "Profesjonalne doradztwo na czacie, polecam znajomym.",
        "Kurier wniósł pralkę i zabrał starą, pełen profesjonalizm.",
    ]
    static let passiveComments = [
        "Ogólnie dobrze, ale dostawa trwała dzień dłużej niż obiecano.",
        "Produkt w porządku, ceny mogłyby być niższe.",
        "Poprawnie, bez zachwytów.",
        "Długo czekałem na połączenie z konsultantem, ale sprawa załatwiona.",
        "Strona czasem wolno działa, poza tym ok.",
    ]
    static let detractorComments = [
        "Kurier spóźnił się trzy dni i nikt nie odpowiadał na maile.",
        "Czekałem 25 minut na infolinii, a sprawa nadal nie jest rozwiązana.",
        "Telewizor przyszedł uszkodzony, a reklamacja trwa wieki.",
        "Niekompetentna obsługa, odsyłano mnie od konsultanta do konsultanta.",
        "Zwrot pieniędzy trwał ponad miesiąc. Więcej tu nie kupię.",
        "Fatalny kontakt, nikt nie oddzwonił mimo obietnic.",
    ]
    static let englishComments = (
        promoter: ["Fast delivery and great prices, highly recommend!", "Helpful staff in the store, will come back."],
        passive: ["Okay overall, delivery took a day longer than promised."],
        detractor: ["Terrible service, waited 30 minutes on the phone and nothing was solved.", "The TV arrived broken and the refund took forever."]
    )
    static let russianComments = (
        promoter: ["Быстрая доставка, всё как в описании. Рекомендую!", "Очень вежливый консультант, помог выбрать ноутбук."],
        passive: ["В целом нормально, но доставка задержалась на день."],
        detractor: ["Ужасное обслуживание, полчаса ждал на линии, проблему так и не решили.", "Телевизор пришёл разбитый, возврат денег тянется месяц."]
    )

    static let reviewBodies = (
        good: ["Świetny sprzęt, działa bez zarzutu.", "Bardzo dobra jakość za tę cenę.", "Polecam, spełnia oczekiwania w 100%.",
               "Obraz rewelacyjny, dźwięk też daje radę.", "Bateria trzyma cały dzień, jestem zadowolony."],
        mixed: ["Dobry, ale instrukcja mogłaby być lepsza.", "Ok, choć spodziewałem się więcej za tę cenę."],
        bad: ["Po tygodniu pojawiły się problemy, odradzam.", "Głośno pracuje, jakość wykonania słaba."]
    )
}
