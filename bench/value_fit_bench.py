#!/usr/bin/env python3
"""Benchmark `touchpoint value fit` against lifetimes on the full CDNOW data, in one run.

    pip install lifetimes                     # brings pandas, numpy, scipy, autograd
    swift build -c release --product touchpoint
    python3 bench/value_fit_bench.py [.build/release/touchpoint] [--repeat 3] [--min-speedup 10]

What it does:
1. Converts CDNOW_master.txt (23,570 customers, shipped in the `lifetimes` package) to Touchpoint's
   transactions CSV in a temporary directory (bench/cdnow_to_csv.py).
2. Runs `touchpoint value fit --transactions FILE --until 1997-09-30 --unit week --json --timings`,
   best of N: the process's wall time (start-up, reading and parsing the CSV, summary, both fits,
   JSON) and the fit time the command reports for BG/NBD + Gamma-Gamma.
3. Runs lifetimes on the same CSV: pandas.read_csv, summary_data_from_transaction_data(freq="D",
   freq_multiplier=7 — the paper's weeks, which is what `--unit week` means), then
   BetaGeoFitter().fit and GammaGammaFitter().fit (repeat buyers with positive spend), best of N.
4. Prints both times, the speed-ups and the parameters side by side.

Exit status: 1 if any parameter disagrees with lifetimes at four significant figures (|ours − theirs|
≤ half a unit in the fourth significant figure of theirs), 3 if the fit speed-up is below
--min-speedup, else 0.

The fit-time ratio compares like with like (both fits, in process, on the same summary). The
end-to-end ratio puts Touchpoint's whole process, start-up included, against lifetimes' reading,
summarising and fitting (Python start-up and imports not counted).
"""
import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
UNTIL = "1997-09-30"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary", nargs="?", default=".build/release/touchpoint")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--min-speedup", type=float, default=10.0)
    args = parser.parse_args()

    # OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set on some machines for old OpenBLAS builds and slow
    # a current numpy: give lifetimes its normal numpy by re-running this one process without them.
    if os.environ.get("OPENBLAS_CORETYPE") or os.environ.get("OPENBLAS_L2_SIZE"):
        env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
        env["VALUE_FIT_BENCH_UNSET_OPENBLAS"] = "1"
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)

    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"{binary} is not an executable; build it with `swift build -c release --product touchpoint` "
                 "or pass its path as the first argument")

    sys.path.insert(0, HERE)
    import cdnow_to_csv
    import numpy as np
    import pandas as pd
    import lifetimes
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    from lifetimes.utils import summary_data_from_transaction_data

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = os.path.join(tmp, "cdnow_master.csv")
        rows = cdnow_to_csv.convert("master", csv_path)

        # (a) touchpoint
        ours_wall, ours_fit, ours = [], [], None
        for _ in range(args.repeat):
            start = time.perf_counter()
            done = subprocess.run(
                [binary, "value", "fit", "--transactions", csv_path, "--until", UNTIL, "--unit", "week", "--json", "--timings"],
                capture_output=True, text=True)
            ours_wall.append(time.perf_counter() - start)
            if done.returncode != 0:
                sys.exit(f"touchpoint failed ({done.returncode}):\n{done.stderr}")
            ours = json.loads(done.stdout)
            timing = re.search(r"fits ([0-9.]+)", done.stderr)
            if not timing:
                sys.exit(f"no fit time in touchpoint's --timings output:\n{done.stderr}")
            ours_fit.append(float(timing.group(1)) / 1000)

        # (b) lifetimes, on the same CSV
        read_t, summary_t, fit_t = [], [], []
        for _ in range(args.repeat):
            start = time.perf_counter()
            df = pd.read_csv(csv_path, dtype={"customer_id": str})
            df["date"] = pd.to_datetime(df["date"], format="%Y-%m-%d")
            read_t.append(time.perf_counter() - start)

            start = time.perf_counter()
            summary = summary_data_from_transaction_data(
                df, "customer_id", "date", monetary_value_col="amount",
                observation_period_end=UNTIL, freq="D", freq_multiplier=7)
            summary_t.append(time.perf_counter() - start)

            start = time.perf_counter()
            bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
            repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
            ggf = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
            fit_t.append(time.perf_counter() - start)

        # lifetimes' log-likelihood at its estimate, in weeks (its optimiser works in rescaled time).
        ll = -BetaGeoFitter._negative_log_likelihood(
            np.log(bgf.params_[["r", "alpha", "a", "b"]].values), summary["frequency"].values.astype(int),
            summary["recency"].values, summary["T"].values, np.ones(len(summary)), 0.0) * len(summary)

    theirs = {
        "bgnbd.r": bgf.params_["r"], "bgnbd.alpha": bgf.params_["alpha"], "bgnbd.a": bgf.params_["a"],
        "bgnbd.b": bgf.params_["b"], "bgnbd.logLikelihood": ll,
        "gammaGamma.p": ggf.params_["p"], "gammaGamma.q": ggf.params_["q"], "gammaGamma.gamma": ggf.params_["v"],
        "customers": float(len(summary)),
    }
    mine = {
        "bgnbd.r": ours["bgnbd"]["r"], "bgnbd.alpha": ours["bgnbd"]["alpha"], "bgnbd.a": ours["bgnbd"]["a"],
        "bgnbd.b": ours["bgnbd"]["b"], "bgnbd.logLikelihood": ours["bgnbd"]["logLikelihood"],
        "gammaGamma.p": ours["gammaGamma"]["p"], "gammaGamma.q": ours["gammaGamma"]["q"],
        "gammaGamma.gamma": ours["gammaGamma"]["gamma"], "customers": float(ours["customers"]),
    }

    def agrees(a, b, figures=4):
        if b == 0:
            return a == 0
        half_unit = 0.5 * 10 ** (math.floor(math.log10(abs(b))) - (figures - 1))
        return abs(a - b) <= half_unit

    print(f"CDNOW master: {rows} transactions, {len(summary)} customers, calibration to {UNTIL}, weeks")
    print(f"lifetimes {lifetimes.__version__}, pandas {pd.__version__}, numpy {np.__version__}"
          + (" (OPENBLAS_CORETYPE/L2_SIZE unset for this run)" if os.environ.get("VALUE_FIT_BENCH_UNSET_OPENBLAS") else ""))
    print(f"touchpoint: {binary}")
    print()
    best = min
    print(f"times, best of {args.repeat}:")
    print(f"  touchpoint  BG/NBD + Gamma-Gamma fits (reported by --timings)  {best(ours_fit) * 1000:9.1f} ms")
    print(f"  touchpoint  whole command: start-up, CSV, summary, fits, JSON   {best(ours_wall) * 1000:9.1f} ms")
    print(f"  lifetimes   BetaGeoFitter.fit + GammaGammaFitter.fit             {best(fit_t) * 1000:9.1f} ms")
    print(f"  lifetimes   read_csv + summary_data_from_transaction_data + fits {(best(read_t) + best(summary_t) + best(fit_t)) * 1000:9.1f} ms")
    fit_ratio = best(fit_t) / best(ours_fit)
    e2e_ratio = (best(read_t) + best(summary_t) + best(fit_t)) / best(ours_wall)
    print(f"speed-up: fits {fit_ratio:.1f}x, end to end {e2e_ratio:.1f}x")
    print()
    print(f"  {'parameter':<22}{'touchpoint':>20}{'lifetimes':>20}   4 s.f.")
    all_agree = True
    for key in theirs:
        ok = agrees(mine[key], theirs[key])
        all_agree &= ok
        print(f"  {key:<22}{mine[key]:>20.10g}{theirs[key]:>20.10g}   {'agree' if ok else 'DISAGREE'}")
    print()
    if not all_agree:
        print("FAIL: parameters disagree with lifetimes at four significant figures")
        sys.exit(1)
    if fit_ratio < args.min_speedup:
        print(f"FAIL: fit speed-up {fit_ratio:.1f}x is below {args.min_speedup:g}x")
        sys.exit(3)
    print(f"OK: same parameters to four significant figures; fits {fit_ratio:.1f}x faster than lifetimes")


if __name__ == "__main__":
    main()
