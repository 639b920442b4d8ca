import Foundation

/// Why a value model could not produce numbers. Every case says what went wrong and what to try;
/// the models throw rather than return numbers that only look fine.
public enum ValueModelError: Error, Equatable, CustomStringConvertible, LocalizedError {
    /// The maximum-likelihood fit stopped without reaching an optimum.
    case didNotConverge(model: String, detail: String)
    /// The data cannot support the model (no customers, no repeat buyers, …).
    case insufficientData(String)
    /// A series (the Gaussian hypergeometric function) did not converge to double precision.
    case seriesDidNotConverge(String)
    /// The parameters or arguments given are outside the model's domain.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .didNotConverge(let model, let detail):
            return "The \(model) fit did not converge: \(detail). No parameters are reported. "
                + "Check that the calibration end (--until) leaves enough repeat purchases before it, "
                + "and that the time unit suits the data (week for purchases months apart, day for frequent ones)."
        case .insufficientData(let detail):
            return "Not enough data to fit: \(detail)."
        case .seriesDidNotConverge(let detail):
            return "A numerical series did not converge: \(detail). The forecast horizon may be too long for the "
                + "fitted model; try a shorter one."
        case .invalidArgument(let detail):
            return "Invalid argument: \(detail)."
        }
    }

    public var errorDescription: String? { description }
}
