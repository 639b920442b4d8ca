// Touchpoint — customer-service cues (pure data), written for Touchpoint under the project's licence.

extension SentimentLexicon {
    /// Customer-service cues that are not opinions in general language but are in a complaint or a thank-you:
    /// the verbs of a promise kept (it works, it arrived, they answered, they called back) carry a little praise, so
    /// that negated they carry blame ("nie działa", "не пришла", "nobody answered"); words of persistence ("nadal",
    /// "до сих пор", "still", "again") carry blame, because customers use them to say a problem goes on.
    public static let serviceCues: [TextLanguage: [String: Double]] = [
        .pl: [
            "działa": 0.8, "działało": 0.8, "działają": 0.8, "zadziałało": 1.0, "dotarła": 0.8, "dotarł": 0.8, "dotarło": 0.8,
            "przyszła": 0.6, "przyszedł": 0.6, "przyszło": 0.6, "odpowiada": 0.6, "odpowiedział": 0.8, "odpowiedziała": 0.8,
            "odpowiedzieli": 0.8, "oddzwonił": 1.0, "oddzwoniła": 1.0, "oddzwonili": 1.0, "zadzwonił": 0.6, "zadzwoniła": 0.6,
            "dostałem": 0.6, "dostałam": 0.6, "otrzymałem": 0.6, "otrzymałam": 0.6, "załatwili": 1.5, "załatwiła": 1.5,
            "załatwił": 1.5, "rozwiązali": 1.5, "pomogli": 1.5, "pomógł": 1.5, "pomogła": 1.5, "zwrócili": 1.0,
            "nadal": -1.0, "wciąż": -1.0, "ciągle": -1.0, "znowu": -1.0, "znów": -1.0, "dalej": -0.5, "kolejny": -0.5,
            "czekam": -1.0, "czekamy": -1.0, "czekać": -0.8, "czekałem": -0.8, "czekałam": -0.8,
        ],
        .en: [
            "works": 0.8, "worked": 0.8, "working": 0.6, "arrived": 0.6, "answered": 0.8, "answer": 0.3, "responded": 0.8,
            "replied": 0.8, "called": 0.4, "showed": 0.3, "received": 0.5, "processed": 0.6, "sorted": 1.2, "solved": 1.5,
            "resolved": 1.5, "fixed": 1.5, "helped": 1.5, "refunded": 1.0, "credited": 1.0,
            "still": -1.0, "again": -1.0, "yet": -0.3, "another": -0.5, "waiting": -1.0, "wait": -0.8, "waited": -0.8,
        ],
        .ru: [
            "работает": 0.8, "заработал": 1.0, "заработала": 1.0, "пришла": 0.6, "пришел": 0.6, "пришло": 0.6, "пришли": 0.6,
            "доставили": 0.6, "ответил": 0.8, "ответила": 0.8, "ответили": 0.8, "отвечают": 0.6, "перезвонил": 1.0,
            "перезвонили": 1.0, "позвонил": 0.4, "получил": 0.5, "получила": 0.5, "решили": 1.5, "помогли": 1.5,
            "помог": 1.5, "помогла": 1.5, "вернули": 1.0, "починили": 1.5,
            "опять": -1.0, "снова": -1.0, "жду": -1.0, "ждем": -1.0, "ждать": -0.8, "ждал": -0.8,
            "ждала": -0.8, "очередной": -0.5,
        ],
    ]
}
