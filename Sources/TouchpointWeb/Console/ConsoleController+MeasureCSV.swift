import Foundation
import Vapor
import TouchpointApp
import TouchpointDomain

/// The pyramid's and the channel page's tables as CSV downloads, with the same filters as the pages: plain numbers
/// (shares 0–1, seconds) and English column names, so a spreadsheet or a BI tool reads them without the page's words.
extension ConsoleController {
    /// `GET /cx/pyramid.csv?from&to&channel&segment`: one row per indicator.
    func pyramidCSV(_ request: Request) async throws -> Response {
        let strings = Strings.all(request.language)
        guard Self.mayReadMeasure(request) else { return Self.plainText(strings["ms_managers"]!, status: .forbidden) }
        let format = Formatting(language: request.language, timeZone: request.touchpoint.companyTimeZone.current)
        let filter = try await MeasureFilter(request, strings: strings, format: format)
        let pyramid = try await request.touchpoint.measure.pyramid(filter.scope).pyramid
        var text = CSVWriter.line(["level", "level_key", "level_met", "level_counts", "indicator", "value", "target", "direction",
                                   "met", "numerator", "denominator"])
        for level in pyramid.levels {
            for reading in level.indicators {
                text += CSVWriter.line([
                    String(level.level.rawValue), level.level.key, String(level.met), String(level.counts), reading.indicator.key,
                    Self.csvNumber(reading.value), Self.csvNumber(reading.target), reading.indicator.direction.rawValue,
                    reading.met.map { String($0) } ?? "", Self.csvNumber(reading.numerator), Self.csvNumber(reading.denominator),
                ])
            }
        }
        return Self.csvDownload(text, name: "cx-pyramid-\(filter.fromField)-\(filter.toField).csv")
    }

    /// `GET /cx/channels.csv?from&to`: one row per channel.
    func channelsCSV(_ request: Request) async throws -> Response {
        let strings = Strings.all(request.language)
        guard Self.mayReadMeasure(request) else { return Self.plainText(strings["ms_managers"]!, status: .forbidden) }
        let format = Formatting(language: request.language, timeZone: request.touchpoint.companyTimeZone.current)
        let filter = try await MeasureFilter(request, strings: strings, format: format, readsChannelAndSegment: false)
        let report = try await request.touchpoint.measure.channels(from: filter.scope.from, to: filter.scope.to)
        var text = CSVWriter.line(["channel", "contacts", "answered", "abandoned", "answered_share", "abandoned_share", "wait_p50_seconds",
                                   "wait_p90_seconds", "hours_covered", "cases", "csat", "csat_responses", "nps", "nps_answers",
                                   "first_contact_resolution", "resolution_median_seconds"])
        for figures in report.channels {
            text += CSVWriter.line([
                figures.channel.rawValue, String(figures.offered), String(figures.answered), String(figures.abandoned),
                Self.csvNumber(figures.answeredShare), Self.csvNumber(figures.abandonedShare), Self.csvNumber(figures.waitP50Seconds),
                Self.csvNumber(figures.waitP90Seconds), Self.csvNumber(figures.hoursCovered), String(figures.service.cases),
                Self.csvNumber(figures.service.csatSatisfiedShare), String(figures.service.csatResponses), Self.csvNumber(figures.nps),
                String(figures.npsAnswers), Self.csvNumber(figures.service.firstContactResolutionRate),
                Self.csvNumber(figures.service.resolutionMedianSeconds),
            ])
        }
        return Self.csvDownload(text, name: "cx-channels-\(filter.fromField)-\(filter.toField).csv")
    }

    /// A number as a spreadsheet reads it (a dot, at most six decimals), empty without data.
    static func csvNumber(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        let rounded = (value * 1_000_000).rounded() / 1_000_000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int64(rounded)) : String(rounded)
    }

    static func csvDownload(_ text: String, name: String) -> Response {
        let response = Response.download(Data(text.utf8), fileName: name, contentType: "text/csv; charset=utf-8")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
