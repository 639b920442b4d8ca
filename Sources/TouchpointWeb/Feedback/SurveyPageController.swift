import Vapor
import TouchpointApp
import TouchpointDomain

/// The public survey page of one invitation: `/s/{token}`. No sign-in: the signed token is the key, and the page shows
/// only the survey's own texts, never anything of the person's. One tap on a score records it; the next page asks for
/// an optional comment and the survey's follow-up questions. A link from the e-mail carries `?score=N`: the page then
/// sends that score as soon as it opens in a browser (a mail scanner that fetches the link records nothing: it runs no
/// script).
struct SurveyPageController {
    func register(on app: Application) {
        let pages = app.grouped("s")
        pages.get(":token", use: show)
        pages.post(":token", use: answer)
        pages.post(":token", "comment", use: comment)
        app.get("survey.js", use: script)
        app.get("survey-widget.js", use: widget)
    }

    static let widgetScript = ConsoleAssets.publicFile("survey-widget", "js")

    /// The embeddable widget (`<script src="/survey-widget.js" data-token="…">`), for any site or in-app web view.
    func widget(_ request: Request) async throws -> Response {
        Response.asset(Self.widgetScript, contentType: "application/javascript; charset=utf-8", crossOrigin: true)
    }

    /// A widget on another site asks for JSON; a browser opening the link (whose Accept ends in */*) gets the page.
    static func wantsJSON(_ request: Request) -> Bool {
        request.headers.first(name: .accept)?.lowercased().hasPrefix("application/json") == true
    }

    /// JSON for the widget, readable from any origin: the token is the only key, and nothing of the person is in it.
    static func json(_ value: JSONValue, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response.json(value, status: status)
        response.headers.replaceOrAdd(name: "Access-Control-Allow-Origin", value: "*")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    func invitationID(_ request: Request) throws -> InvitationID {
        guard let token = request.parameters.get("token"), let id = request.touchpoint.surveyTokens.verify(token) else {
            throw APIError.notFound("this survey link is not valid: check that the whole link was copied")
        }
        return id
    }

    func show(_ request: Request) async throws -> Response {
        let id = try invitationID(request)
        let (invitation, survey) = try await request.touchpoint.surveys.page(id)
        let token = request.parameters.get("token")!
        if Self.wantsJSON(request) {
            let words = SurveyPageStrings.words(invitation.locale)
            let (low, high) = SurveyPageStrings.anchors(survey.type, invitation.locale)
            return Self.json(.object([
                "locale": .string(invitation.locale.rawValue), "type": .string(survey.type.rawValue),
                "question": .string(survey.question(in: invitation.locale)),
                "scale": .object(["minimum": .number(Double(survey.type.scale.lowerBound)), "maximum": .number(Double(survey.type.scale.upperBound))]),
                "low": .string(low), "high": .string(high), "answered": .bool(invitation.status == .answered),
                "words": .object(["thanks": .string(words["thanks"]!), "more": .string(words["more"]!), "send": .string(words["send"]!),
                                  "done": .string(words["done"]!), "close": .string(words["close"]!)]),
            ]))
        }
        if invitation.status == .answered {
            return try await render(request, SurveyPageView.thanks(survey: survey, invitation: invitation, token: token, askMore: false))
        }
        let chosen = request.query[Int.self, at: "score"].flatMap { survey.type.scale.contains($0) ? $0 : nil }
        return try await render(request, SurveyPageView.question(survey: survey, invitation: invitation, token: token, chosen: chosen))
    }

    struct ScoreForm: Content { var score: Int }

    func answer(_ request: Request) async throws -> Response {
        let id = try invitationID(request)
        guard let form = try? request.content.decode(ScoreForm.self) else {
            throw APIError(status: .unprocessableEntity, code: "invalid_score", message: "choose a score")
        }
        let (answered, survey) = try await request.touchpoint.surveys.answer(id, score: form.score)
        if Self.wantsJSON(request) { return Self.json(.object(["status": .string("answered")]), status: .created) }
        return try await render(request, SurveyPageView.thanks(survey: survey, invitation: answered, token: request.parameters.get("token")!, askMore: true),
                                status: .created)
    }

    func comment(_ request: Request) async throws -> Response {
        let id = try invitationID(request)
        let fields = (try? request.content.decode([String: String].self)) ?? [:]
        let (invitation, survey) = try await request.touchpoint.surveys.comment(id, fields: fields)
        if Self.wantsJSON(request) { return Self.json(.object(["status": .string("commented")]), status: .created) }
        return try await render(request, SurveyPageView.thanks(survey: survey, invitation: invitation, token: request.parameters.get("token")!, askMore: false),
                                status: .created)
    }

    func render(_ request: Request, _ view: SurveyPageView, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = try await request.view.render("survey", view).encodeResponse(for: request)
        response.status = status
        // The link is a key: not cached by shared caches, not sent on as a referrer.
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return response
    }

    /// Sends the score chosen in the e-mail once the page is open in a browser.
    func script(_ request: Request) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "text/javascript; charset=utf-8")
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        let body = """
        document.addEventListener("DOMContentLoaded", function () {
          var chosen = document.querySelector("form[data-auto-submit] button[aria-pressed=true]");
          if (chosen) { chosen.click(); }
        });
        """
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}

/// What the survey page shows: the question and the scale, or the thanks with the optional follow-up questions.
struct SurveyPageView: Encodable {
    struct Score: Encodable { var value: Int; var chosen: Bool }
    struct Option: Encodable { var value: String }
    struct Question: Encodable {
        var id: String
        var text: String
        var isText: Bool
        var isChoice: Bool
        var isScale: Bool
        var options: [Option]
    }

    var lang: String
    var title: String
    var question: String
    var token: String
    var answered: Bool
    var askMore: Bool
    var autoSubmit: Bool
    var scores: [Score]
    var low: String
    var high: String
    var followUps: [Question]
    var t: [String: String]

    static func question(survey: Survey, invitation: SurveyInvitation, token: String, chosen: Int?) -> SurveyPageView {
        let words = SurveyPageStrings.words(invitation.locale)
        let (low, high) = SurveyPageStrings.anchors(survey.type, invitation.locale)
        return SurveyPageView(lang: invitation.locale.rawValue, title: words["title"]!, question: survey.question(in: invitation.locale), token: token,
                              answered: false, askMore: false, autoSubmit: chosen != nil,
                              scores: survey.type.scale.map { Score(value: $0, chosen: $0 == chosen) }, low: low, high: high, followUps: [], t: words)
    }

    static func thanks(survey: Survey, invitation: SurveyInvitation, token: String, askMore: Bool) -> SurveyPageView {
        let words = SurveyPageStrings.words(invitation.locale)
        var followUps = survey.followUps.map { question in
            Question(id: question.id, text: question.text(in: invitation.locale), isText: question.kind == .text, isChoice: question.kind == .choice,
                     isScale: question.kind == .scale,
                     options: question.kind == .choice ? (question.options ?? []).map(Option.init)
                        : question.kind == .scale ? ((question.minimum ?? 1)...(question.maximum ?? 5)).map { Option(value: String($0)) } : [])
        }
        if !followUps.contains(where: { $0.isText }) {
            followUps.insert(Question(id: "comment", text: words["comment"]!, isText: true, isChoice: false, isScale: false, options: []), at: 0)
        }
        return SurveyPageView(lang: invitation.locale.rawValue, title: words["title"]!, question: survey.question(in: invitation.locale), token: token,
                              answered: true, askMore: askMore, autoSubmit: false, scores: [], low: "", high: "", followUps: followUps, t: words)
    }
}

/// The survey page's words in the person's language.
enum SurveyPageStrings {
    static func words(_ language: TextLanguage) -> [String: String] {
        switch language {
        case .pl: ["title": "Ankieta", "scale": "Wybierz ocenę", "send": "Wyślij", "thanks": "Dziękujemy za odpowiedź!",
                   "more": "Chcesz dodać coś jeszcze? (nieobowiązkowe)", "comment": "Co możemy zrobić lepiej?", "done": "Twoja odpowiedź została zapisana.",
                   "sending": "Wysyłamy Twoją ocenę…", "close": "Zamknij"]
        case .en: ["title": "Survey", "scale": "Choose a score", "send": "Send", "thanks": "Thank you for your answer!",
                   "more": "Anything to add? (optional)", "comment": "What could we do better?", "done": "Your answer has been recorded.",
                   "sending": "Sending your score…", "close": "Close"]
        case .ru: ["title": "Опрос", "scale": "Выберите оценку", "send": "Отправить", "thanks": "Спасибо за ответ!",
                   "more": "Хотите что-то добавить? (необязательно)", "comment": "Что мы можем сделать лучше?", "done": "Ваш ответ сохранён.",
                   "sending": "Отправляем вашу оценку…", "close": "Закрыть"]
        }
    }

    /// The words at both ends of the scale.
    static func anchors(_ type: SurveyType, _ language: TextLanguage) -> (String, String) {
        switch (type, language) {
        case (.nps, .pl): ("0 — zdecydowanie nie", "10 — zdecydowanie tak")
        case (.nps, .en): ("0 — not at all likely", "10 — extremely likely")
        case (.nps, .ru): ("0 — точно нет", "10 — точно да")
        case (.csat, .pl): ("1 — bardzo niezadowolony", "5 — bardzo zadowolony")
        case (.csat, .en): ("1 — very dissatisfied", "5 — very satisfied")
        case (.csat, .ru): ("1 — очень недоволен", "5 — очень доволен")
        case (.ces, .pl): ("1 — bardzo łatwo", "7 — bardzo trudno")
        case (.ces, .en): ("1 — very easy", "7 — very difficult")
        case (.ces, .ru): ("1 — очень легко", "7 — очень сложно")
        }
    }
}
