import Foundation

/// Unconstrained minimisation for the value models' likelihoods (a handful of parameters, smooth,
/// analytic gradient and Hessian available).
///
/// The main method is Newton's with Levenberg–Marquardt damping: the Hessian plus λ·I, with λ
/// raised until a step lowers the objective and lowered after each success, so far from the optimum
/// it behaves like gradient descent and near it converges quadratically. That reaches the
/// maximum-likelihood estimate to ~1e-10 in about ten likelihood evaluations — what lets us match
/// `lifetimes` to four significant figures and still be fast.
/// Should Newton stall (a flat or badly scaled start), Nelder–Mead, which needs no derivatives, walks
/// to the optimum's neighbourhood and Newton polishes from there.
enum ValueOptimizer {
    /// Objective value, gradient and Hessian at a point.
    struct Evaluation {
        var value: Double
        var gradient: [Double]
        var hessian: [[Double]]
    }

    struct Result {
        var x: [Double]
        var value: Double
        var gradient: [Double]
        var hessian: [[Double]]
        var iterations: Int
        var evaluations: Int
        var method: String
    }

    enum Failure: Error {
        case notConverged(String)
    }

    /// Minimises with damped Newton, falling back to Nelder–Mead then Newton.
    ///
    /// - Parameters:
    ///   - value: the objective alone (used in line searches and by Nelder–Mead); `.infinity` outside the domain.
    ///   - full: value, gradient and Hessian.
    ///   - gradientTolerance: convergence when every gradient component is below this.
    ///   - names: parameter names for messages.
    ///   - centers: each parameter's natural scale, as a log.
    ///   - bound: |xᵢ − centerᵢ| above this means a parameter runs off to 0 or ∞ (xᵢ are
    ///     log-parameters). The default, ln 10⁶, is far outside anything a real customer base gives
    ///     on the models' scaled units, and well inside where the likelihood merely drifts along a
    ///     flat ridge — where a fit would otherwise "converge" to meaningless numbers like r = 4·10⁷.
    static func minimize(
        start: [Double],
        value: ([Double]) -> Double,
        full: ([Double]) -> Evaluation,
        gradientTolerance: Double = 1e-9,
        names: [String],
        centers: [Double]? = nil,
        bound: Double = log(1e6)
    ) throws(Failure) -> Result {
        let limits = Limits(names: names, centers: centers ?? [Double](repeating: 0, count: start.count), bound: bound)
        var evaluations = 0
        let first = newton(start: start, value: value, full: full, gradientTolerance: gradientTolerance, limits: limits, evaluations: &evaluations)
        if case .success(let result) = first {
            return Result(x: result.x, value: result.value, gradient: result.gradient, hessian: result.hessian,
                          iterations: result.iterations, evaluations: evaluations, method: "newton")
        }
        let simplex = nelderMead(start: start, value: value, evaluations: &evaluations)
        let second = newton(start: simplex.x, value: value, full: full, gradientTolerance: gradientTolerance, limits: limits, evaluations: &evaluations)
        switch second {
        case .success(let result):
            return Result(x: result.x, value: result.value, gradient: result.gradient, hessian: result.hessian,
                          iterations: simplex.iterations + result.iterations, evaluations: evaluations,
                          method: "nelder-mead+newton")
        case .failure(.notConverged(let second)):
            if case .failure(.notConverged(let why)) = first {
                throw .notConverged("Newton: \(why); Nelder–Mead then Newton: \(second)")
            }
            throw .notConverged(second)
        }
    }

    /// Where parameters count as running away.
    struct Limits {
        var names: [String]
        var centers: [Double]
        var bound: Double
    }

    struct NewtonState {
        var x: [Double]
        var value: Double
        var gradient: [Double]
        var hessian: [[Double]]
        var iterations: Int
    }

    static func newton(
        start: [Double],
        value: ([Double]) -> Double,
        full: ([Double]) -> Evaluation,
        gradientTolerance: Double,
        limits: Limits,
        maxIterations: Int = 300,
        evaluations: inout Int
    ) -> Swift.Result<NewtonState, Failure> {
        let n = start.count
        var x = start
        var e = full(x)
        evaluations += 1
        guard e.value.isFinite else { return .failure(.notConverged("the likelihood is not finite at the start")) }
        var lambda = 1e-4
        for iteration in 0..<maxIterations {
            let gMax = e.gradient.map(abs).max() ?? 0
            if gMax <= gradientTolerance {
                // A minimum needs a positive definite Hessian; a saddle point is not an answer.
                guard cholesky(e.hessian) != nil else {
                    return .failure(.notConverged("stopped at a saddle point"))
                }
                return .success(NewtonState(x: x, value: e.value, gradient: e.gradient, hessian: e.hessian, iterations: iteration))
            }
            var accepted = false
            var tinyStep = false
            var next: Evaluation?
            while lambda < 1e12 {
                var h = e.hessian
                // Scale the damping to the Hessian's diagonal so it is unit-free.
                let diagScale = max(h.indices.map { abs(h[$0][$0]) }.max() ?? 1, 1e-12)
                for i in 0..<n { h[i][i] += lambda * diagScale }
                guard let l = cholesky(h) else {
                    lambda *= 10
                    continue
                }
                var step = solveCholesky(l, e.gradient.map { -$0 })
                // Keep a single step from jumping to overflow (x are log-parameters).
                let stepMax = step.map(abs).max() ?? 0
                if stepMax > 3 { step = step.map { $0 * 3 / stepMax } }
                let candidate = zip(x, step).map(+)
                // Evaluate with derivatives straight away: the first step is almost always taken,
                // and then this is the next iteration's evaluation too.
                let trial = full(candidate)
                evaluations += 1
                let predicted = zip(e.gradient, step).map(*).reduce(0, +)
                if trial.value.isFinite && trial.value <= e.value + 1e-4 * predicted {
                    x = candidate
                    next = trial
                    accepted = true
                    lambda = max(lambda / 10, 1e-12)
                    break
                }
                if stepMax < 1e-14 * (1 + (x.map(abs).max() ?? 0)) {
                    // The step vanished before the gradient did: rounding noise in the objective.
                    tinyStep = true
                    break
                }
                lambda *= 10
            }
            if tinyStep {
                if gMax <= gradientTolerance * 1e3, cholesky(e.hessian) != nil {
                    return .success(NewtonState(x: x, value: e.value, gradient: e.gradient, hessian: e.hessian, iterations: iteration))
                }
                return .failure(.notConverged("no further descent with the gradient still at \(gMax)"))
            }
            guard accepted else {
                return .failure(.notConverged("no descent direction (gradient \(gMax))"))
            }
            if let runaway = x.indices.first(where: { abs(x[$0] - limits.centers[$0]) > limits.bound }) {
                let direction = x[runaway] > limits.centers[runaway] ? "infinity" : "zero"
                return .failure(.notConverged("\(limits.names[runaway]) runs off to \(direction) (a boundary solution: the data do not pin it down)"))
            }
            guard let next, next.gradient.allSatisfy(\.isFinite) else {
                return .failure(.notConverged("the likelihood's gradient became non-finite"))
            }
            e = next
        }
        let gMax = e.gradient.map(abs).max() ?? 0
        return .failure(.notConverged("no convergence in \(maxIterations) Newton iterations (gradient \(gMax))"))
    }

    /// Nelder–Mead with the standard coefficients (reflection 1, expansion 2, contraction ½,
    /// shrink ½), stopping when the simplex's values agree to 1e-12.
    static func nelderMead(
        start: [Double],
        value: ([Double]) -> Double,
        initialStep: Double = 0.5,
        tolerance: Double = 1e-12,
        maxIterations: Int = 20_000,
        evaluations: inout Int
    ) -> (x: [Double], value: Double, iterations: Int) {
        let n = start.count
        var points: [[Double]] = [start]
        for i in 0..<n {
            var p = start
            p[i] += initialStep
            points.append(p)
        }
        var values = points.map { p -> Double in
            let v = value(p)
            return v.isFinite ? v : .infinity
        }
        evaluations += n + 1
        func f(_ p: [Double]) -> Double {
            evaluations += 1
            let v = value(p)
            return v.isFinite ? v : .infinity
        }
        var iteration = 0
        while iteration < maxIterations {
            iteration += 1
            let order = values.indices.sorted { values[$0] < values[$1] }
            points = order.map { points[$0] }
            values = order.map { values[$0] }
            let spread: Double = abs(values[n] - values[0])
            let scale: Double = abs(values[0]) + 1e-12
            if values[n].isFinite && spread <= tolerance * scale { break }
            var centroid = [Double](repeating: 0, count: n)
            for p in points.dropLast() { for i in 0..<n { centroid[i] += p[i] / Double(n) } }
            let worst = points[n]
            // Points on the line through the centroid and the worst vertex: centroid + t·(centroid − worst).
            func along(_ t: Double) -> [Double] {
                var p = centroid
                for i in 0..<n { p[i] += t * (centroid[i] - worst[i]) }
                return p
            }
            let reflected = along(1)
            let fr = f(reflected)
            if fr < values[0] {
                let expanded = along(2)
                let fe = f(expanded)
                if fe < fr {
                    points[n] = expanded
                    values[n] = fe
                } else {
                    points[n] = reflected
                    values[n] = fr
                }
            } else if fr < values[n - 1] {
                points[n] = reflected
                values[n] = fr
            } else {
                let outside = fr < values[n]
                let contracted = along(outside ? 0.5 : -0.5)
                let fc = f(contracted)
                let reference = outside ? fr : values[n]
                if fc < reference {
                    points[n] = contracted
                    values[n] = fc
                } else {
                    // Shrink every vertex halfway towards the best one.
                    for j in 1...n {
                        var p = points[j]
                        for i in 0..<n { p[i] = points[0][i] + 0.5 * (p[i] - points[0][i]) }
                        points[j] = p
                        values[j] = f(p)
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] }!
        return (points[best], values[best], iteration)
    }

    /// Lower-triangular L with L Lᵀ = A, or nil when A is not positive definite.
    static func cholesky(_ a: [[Double]]) -> [[Double]]? {
        let n = a.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i][j]
                for k in 0..<j { s -= l[i][k] * l[j][k] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i][i] = s.squareRoot()
                } else {
                    l[i][j] = s / l[j][j]
                }
            }
        }
        return l
    }

    /// Solves L Lᵀ x = b.
    static func solveCholesky(_ l: [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var y = b
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i][k] * y[k] }
            y[i] /= l[i][i]
        }
        var x = y
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { x[i] -= l[k][i] * x[k] }
            x[i] /= l[i][i]
        }
        return x
    }

    /// A⁻¹ for a positive definite A (for standard errors), or nil.
    static func inverse(_ a: [[Double]]) -> [[Double]]? {
        guard let l = cholesky(a) else { return nil }
        let n = a.count
        var columns: [[Double]] = []
        for j in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[j] = 1
            columns.append(solveCholesky(l, unit))
        }
        return (0..<n).map { i in (0..<n).map { j in columns[j][i] } }
    }
}
