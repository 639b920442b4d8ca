import Foundation
import Logging
import TouchpointApp
import TouchpointDomain
import TouchpointStorage

/// Keeps every profile's value scores current: refits BG/NBD and Gamma-Gamma on all purchases when new
/// ones have arrived (checked by a background loop) or when asked (API, CLI).
public actor ValueRefresher {
    public enum Outcome: Sendable {
        case refitted(StoredValueModel, profiles: Int)
        case upToDate(StoredValueModel)
        case notEnoughData(String)
    }

    private let store: SQLStore
    private let logger: Logger
    private var loop: Task<Void, Never>?
    private var afterRefit: (@Sendable () async -> Void)?

    /// Work that reads value scores and must follow a refit (segments on `value.clv`, say).
    public func whenRefitted(_ work: @escaping @Sendable () async -> Void) { afterRefit = work }

    public init(store: SQLStore, logger: Logger = Logger(label: "touchpoint.value")) {
        self.store = store
        self.logger = logger
    }

    /// Fits the models on every purchase up to today and scores every customer who bought.
    public func refresh(force: Bool, now: Date = Date()) async throws -> Outcome {
        let latest = try await store.latestValueModel()
        if !force, let latest, try await store.lastPurchaseSequence() == latest.lastOrderSequence {
            return .upToDate(latest)
        }
        let (transactions, lastSequence) = try await store.purchaseTransactions()
        let today = CalendarDay(dayNumber: Int((now.timeIntervalSince1970 / 86400).rounded(.down)))
        let summaries = CustomerSummary.summarize(transactions, until: today, unit: .week)
        let policy = ValueScoringPolicy()
        do {
            let bgnbd = try BGNBDModel.fit(summaries)
            let gammaGamma = try GammaGammaModel.fit(summaries)
            let models = ValueModels(bgnbd: bgnbd.model, gammaGamma: gammaGamma.model, unit: .week, fittedUntil: today)
            let (_, scores) = try ValueScoring.scoreAll(summaries, now: today, models: models, policy: policy)
            let parameters = JSONValue.object([
                "bgnbd": .object(["r": .number(bgnbd.model.r), "alpha": .number(bgnbd.model.alpha), "a": .number(bgnbd.model.a),
                                  "b": .number(bgnbd.model.b), "logLikelihood": .number(bgnbd.logLikelihood)]),
                "gammaGamma": .object(["p": .number(gammaGamma.model.p), "q": .number(gammaGamma.model.q), "gamma": .number(gammaGamma.model.gamma)]),
                "unit": .string("week"),
                "clvMonths": .number(Double(policy.clvMonths)),
                "monthlyDiscountRate": .number(policy.monthlyDiscountRate),
                "transactions": .number(Double(transactions.count)),
            ])
            let model = StoredValueModel(id: TimeOrderedID.make(at: now), fittedAt: now, fittedUntil: today.description,
                                         lastOrderSequence: lastSequence, customers: summaries.count, parameters: parameters)
            try await store.saveValueScores(scores, model: model)
            logger.info("value models refitted", metadata: ["customers": "\(summaries.count)", "r": "\(bgnbd.model.r)", "alpha": "\(bgnbd.model.alpha)"])
            await afterRefit?()
            return .refitted(model, profiles: scores.count)
        } catch let error as ValueModelError {
            logger.notice("value models not fitted", metadata: ["reason": "\(error.description)"])
            return .notEnoughData(error.description)
        }
    }

    /// Checks for new purchases every `interval` and refits when there are some.
    public func start(every interval: Duration = .seconds(60)) {
        guard loop == nil else { return }
        var keeper = LeaseKeeper(name: "the value refit", duration: max(interval * 3, .seconds(180)))
        loop = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                do {
                    // Of several nodes on one database, the one holding the lease refits.
                    if try await keeper.holds(self.store) {
                        _ = try await self.refresh(force: false)
                    }
                } catch {
                    await self.log(error)
                }
            }
        }
    }

    public func stop() {
        loop?.cancel()
        loop = nil
    }

    private func log(_ error: any Error) {
        logger.warning("value refresh failed", metadata: ["error": "\(error)"])
    }
}
