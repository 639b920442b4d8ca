import Foundation
import TouchpointDomain

/// The invitation e-mail in the person's language: the question, one link per score (a tap opens the page with it
/// chosen), and the plain link. Customer-facing text only; every value put into the HTML is escaped.
public enum SurveyMail {
    public static func compose(survey: Survey, invitation: SurveyInvitation, link: String, company: String, now: Date) -> (subject: String, text: String, html: String) {
        let language = invitation.locale
        let words = Words.in(language)
        let question = survey.question(in: language)
        let subject = words.subject.replacingOccurrences(of: "{company}", with: company)
        var text = "\(words.greeting)\n\n\(question)\n\n"
        text += survey.type.scale.map { "\($0): \(link)?score=\($0)" }.joined(separator: "\n")
        text += "\n\n\(words.open): \(link)\n\n\(words.why.replacingOccurrences(of: "{company}", with: company))\n"
        let buttons = survey.type.scale.map { score in
            "<a href=\"\(escape(link))?score=\(score)\" style=\"display:inline-block;min-width:28px;padding:10px 6px;margin:2px;border:1px solid #1f6feb;border-radius:6px;color:#1f6feb;text-decoration:none;font:16px sans-serif;text-align:center\">\(score)</a>"
        }.joined()
        let html = """
        <!doctype html><html lang="\(language.rawValue)"><body style="font:16px/1.5 sans-serif;color:#1b1f24">
        <p>\(escape(words.greeting))</p><p><strong>\(escape(question))</strong></p><p>\(buttons)</p>
        <p><a href="\(escape(link))">\(escape(words.open))</a></p>
        <p style="color:#57606a;font-size:13px">\(escape(words.why.replacingOccurrences(of: "{company}", with: company)))</p></body></html>
        """
        return (subject, text, html)
    }

    /// HTML-escapes text put into the mail: customer names and survey texts may hold anything.
    public static func escape(_ text: String) -> String { HTMLText.escape(text) }

    struct Words {
        var subject: String, greeting: String, open: String, why: String

        static func `in`(_ language: TextLanguage) -> Words {
            switch language {
            case .pl: Words(subject: "{company}: jedno pytanie o Twoje wrażenia", greeting: "Dzień dobry,",
                            open: "Otwórz ankietę", why: "Pytamy, bo chcemy, żeby {company} działało lepiej. Odpowiedź zajmie kilka sekund.")
            case .en: Words(subject: "{company}: one question about your experience", greeting: "Hello,",
                            open: "Open the survey", why: "We ask because we want {company} to work better for you. It takes a few seconds.")
            case .ru: Words(subject: "{company}: один вопрос о ваших впечатлениях", greeting: "Здравствуйте!",
                            open: "Открыть опрос", why: "Мы спрашиваем, чтобы {company} работал лучше. Ответ займёт несколько секунд.")
            }
        }
    }
}
