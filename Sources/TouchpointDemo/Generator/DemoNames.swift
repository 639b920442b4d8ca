import Foundation
import TouchpointDomain

/// People of the demo company: Polish names mostly, some Ukrainian and English ones, with the e-mail
/// addresses and phone numbers such people really type (mixed case, Gmail dots, every phone format).
enum DemoNames {
    enum Origin: Sendable { case polish, ukrainian, english }

    static let polishFemale = ["Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
                               "Magdalena", "Joanna", "Aleksandra", "Monika", "Zofia", "Natalia", "Julia", "Karolina",
                               "Marta", "Beata", "Dorota", "Justyna", "Paulina", "Weronika", "Iwona", "Agata", "Alicja",
                               "Grażyna", "Elżbieta", "Urszula", "Patrycja", "Wiktoria"]
    static let polishMale = ["Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin", "Jakub",
                             "Adam", "Łukasz", "Grzegorz", "Mateusz", "Wojciech", "Mariusz", "Dariusz", "Zbigniew",
                             "Kamil", "Maciej", "Rafał", "Szymon", "Bartosz", "Sebastian", "Dawid", "Jarosław",
                             "Przemysław", "Artur", "Robert", "Karol", "Filip"]
    /// Surnames as (male, female): most adjective surnames change their ending.
    static let polishSurnames: [(String, String)] = [
        ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
        ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
        ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
        ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"), ("Krawczyk", "Krawczyk"),
        ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"), ("Nowakowski", "Nowakowska"), ("Pawłowski", "Pawłowska"),
        ("Michalski", "Michalska"), ("Nowicki", "Nowicka"), ("Adamczyk", "Adamczyk"), ("Dudek", "Dudek"),
        ("Zając", "Zając"), ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Król", "Król"),
        ("Majewski", "Majewska"), ("Olszewski", "Olszewska"), ("Jaworski", "Jaworska"), ("Wróbel", "Wróbel"),
        ("Malinowski", "Malinowska"), ("Pawlak", "Pawlak"), ("Witkowski", "Witkowska"), ("Walczak", "Walczak"),
        ("Stępień", "Stępień"), ("Górski", "Górska"), ("Rutkowski", "Rutkowska"), ("Michalak", "Michalak"),
        ("Sikora", "Sikora"), ("Ostrowski", "Ostrowska"), ("Baran", "Baran"), ("Duda", "Duda"),
        ("Szewczyk", "Szewczyk"), ("Tomaszewski", "Tomaszewska"), ("Pietrzak", "Pietrzak"), ("Marciniak", "Marciniak"),
        ("Wróblewski", "Wróblewska"), ("Zalewski", "Zalewska"), ("Jakubowski", "Jakubowska"), ("Jasiński", "Jasińska"),
        ("Zawadzki", "Zawadzka"), ("Sadowski", "Sadowska"), ("Bąk", "Bąk"), ("Chmielewski", "Chmielewska"),
        ("Włodarczyk", "Włodarczyk"), ("Borkowski", "Borkowska"), ("Czarnecki", "Czarnecka"), ("Sawicki", "Sawicka"),
        ("Sokołowski", "Sokołowska"), ("Urbański", "Urbańska"), ("Kubiak", "Kubiak"), ("Maciejewski", "Maciejewska"),
        ("Szczepański", "Szczepańska"), ("Kucharski", "Kucharska"), ("Wilk", "Wilk"), ("Kalinowski", "Kalinowska"),
        ("Lis", "Lis"), ("Mazurek", "Mazurek"), ("Wysocki", "Wysocka"), ("Adamski", "Adamska"),
        ("Kaźmierczak", "Kaźmierczak"), ("Wasilewski", "Wasilewska"), ("Sobczak", "Sobczak"), ("Czerwiński", "Czerwińska"),
        ("Andrzejewski", "Andrzejewska"), ("Cieślak", "Cieślak"), ("Głowacki", "Głowacka"), ("Zakrzewski", "Zakrzewska"),
    ]
    static let ukrainianFemale = ["Olena", "Oksana", "Iryna", "Natalija", "Tetiana", "Switłana", "Julija", "Anastasija", "Chrystyna", "Marija"]
    static let ukrainianMale = ["Ołeksandr", "Andrij", "Dmytro", "Taras", "Serhij", "Bohdan", "Wołodymyr", "Mykoła", "Jurij", "Ihor"]
    static let ukrainianSurnames = ["Szewczenko", "Kowalenko", "Bondarenko", "Tkaczenko", "Kravchenko", "Melnyk", "Boyko",
                                    "Kowalczuk", "Olijnyk", "Łysenko", "Marczenko", "Hnatiuk", "Sawczuk", "Petrenko"]
    static let englishFemale = ["Emily", "Sarah", "Olivia", "Emma", "Charlotte", "Hannah", "Jessica", "Sophie"]
    static let englishMale = ["James", "Oliver", "Daniel", "Thomas", "Michael", "George", "William", "David"]
    static let englishSurnames = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clarke", "Evans", "Walker", "Wright", "Hughes", "O'Connor", "Murphy"]

    struct Person: Sendable {
        let firstName: String
        let lastName: String
        let female: Bool
        let origin: Origin
        let birthYear: Int
    }

    static func person(random: inout SeededRandom) -> Person {
        let origin: Origin = random.pickWeighted([(.polish, 88), (.ukrainian, 8), (.english, 4)])
        let female = random.chance(0.5)
        let birthYear = 1950 + Int(random.beta(2.2, 2.6) * 55)
        switch origin {
        case .polish:
            let surname = random.pick(polishSurnames)
            return Person(firstName: random.pick(female ? polishFemale : polishMale), lastName: female ? surname.1 : surname.0,
                          female: female, origin: origin, birthYear: birthYear)
        case .ukrainian:
            return Person(firstName: random.pick(female ? ukrainianFemale : ukrainianMale), lastName: random.pick(ukrainianSurnames),
                          female: female, origin: origin, birthYear: birthYear)
        case .english:
            return Person(firstName: random.pick(female ? englishFemale : englishMale), lastName: random.pick(englishSurnames),
                          female: female, origin: origin, birthYear: birthYear)
        }
    }

    /// Polish and Ukrainian-in-Polish letters folded to ASCII, as people write them in e-mail addresses.
    static func ascii(_ text: String) -> String {
        let map: [Character: String] = [
            "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
            "Ą": "A", "Ć": "C", "Ę": "E", "Ł": "L", "Ń": "N", "Ó": "O", "Ś": "S", "Ź": "Z", "Ż": "Z", "'": "",
            "–": "-", "\"": "",
        ]
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = map[character] { result += replacement } else { result.append(character) }
        }
        return result
    }

    static let emailDomains: [(String, Double)] = [
        ("gmail.com", 34), ("wp.pl", 14), ("o2.pl", 11), ("interia.pl", 9), ("onet.pl", 8), ("op.pl", 5),
        ("outlook.com", 5), ("icloud.com", 4), ("yahoo.com", 2), ("poczta.fm", 1.5), ("tlen.pl", 1), ("protonmail.com", 1),
    ]

    /// An address built from a name; `attempt` > 0 adds digits so every customer's address is distinct.
    static func email(for person: Person, attempt: Int, random: inout SeededRandom) -> String {
        let first = ascii(person.firstName).lowercased()
        let last = ascii(person.lastName).lowercased()
        let year2 = String(person.birthYear % 100).count == 1 ? "0\(person.birthYear % 100)" : "\(person.birthYear % 100)"
        let styles = [
            "\(first).\(last)", "\(first)\(last)", "\(first.prefix(1))\(last)", "\(first)_\(last)",
            "\(last).\(first)", "\(first).\(last)\(year2)", "\(first)\(person.birthYear)", "\(last)\(first.prefix(1))",
        ]
        var local = random.pick(styles)
        if attempt > 0 { local += String(random.int(2...999)) }
        let domain: String = random.pickWeighted(emailDomains)
        return local + "@" + domain
    }

    /// The same address as typed elsewhere: another case, or Gmail dots moved. Normalises to the same value.
    static func variant(of email: String, random: inout SeededRandom) -> String {
        let parts = email.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return email }
        var local = parts[0], domain = parts[1]
        if domain == "gmail.com", random.chance(0.6) {
            let plain = local.replacingOccurrences(of: ".", with: "")
            if plain != local {
                local = plain
            } else if plain.count > 3 {
                let cut = plain.index(plain.startIndex, offsetBy: min(plain.count - 1, random.int(1...3)))
                local = String(plain[..<cut]) + "." + String(plain[cut...])
            }
            if random.chance(0.5) { local = capitalizedWords(local) }
            return local + "@" + domain
        }
        switch random.below(3) {
        case 0: return email.uppercased()
        case 1:
            local = capitalizedWords(local)
            domain = domain.uppercased()
        default:
            local = capitalizedWords(local)
        }
        return local + "@" + domain
    }

    private static func capitalizedWords(_ local: String) -> String {
        var result = ""
        var upperNext = true
        for character in local {
            if upperNext, character.isLetter { result += character.uppercased() } else { result.append(character) }
            upperNext = !(character.isLetter || character.isNumber)
        }
        return result
    }

    /// Nine digits of a Polish mobile number.
    static func mobileNumber(random: inout SeededRandom) -> String {
        let prefixes = ["500", "501", "502", "504", "505", "506", "507", "508", "509", "510", "511", "512", "513", "514", "515",
                        "530", "531", "532", "533", "535", "570", "571", "572", "600", "601", "602", "603", "604", "605",
                        "606", "607", "608", "609", "660", "661", "662", "663", "664", "665", "666", "667", "668", "669",
                        "690", "691", "692", "693", "694", "695", "696", "697", "698", "720", "721", "722", "723", "724",
                        "725", "726", "727", "728", "729", "730", "731", "732", "733", "734", "735", "736", "737", "738",
                        "739", "780", "781", "782", "783", "784", "785", "786", "787", "788", "789", "790", "791", "792",
                        "793", "794", "795", "796", "797", "798", "799", "880", "881", "882", "883", "884", "885", "886",
                        "887", "888", "889"]
        var number = random.pick(prefixes)
        for _ in 0..<6 { number += String(random.below(10)) }
        return number
    }

    /// A nine-digit number written the way someone would type it; all normalise to +48 and the nine digits.
    static func phoneText(_ digits: String, random: inout SeededRandom) -> String {
        let chars = Array(digits)
        let a = String(chars[0..<3]), b = String(chars[3..<6]), c = String(chars[6..<9])
        switch random.weighted([5, 3, 2, 3, 2, 1, 1]) {
        case 0: return "+48 \(a) \(b) \(c)"
        case 1: return "\(a)-\(b)-\(c)"
        case 2: return "0048\(digits)"
        case 3: return "\(a) \(b) \(c)"
        case 4: return "+48\(digits)"
        case 5: return "48\(digits)"
        default: return "+48-\(a)-\(b)-\(c)"
        }
    }
}
