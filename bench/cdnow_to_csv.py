#!/usr/bin/env python3
"""Convert a CDNOW file shipped in the PyPI package `lifetimes` to Touchpoint's transactions CSV.

    python3 bench/cdnow_to_csv.py sample OUT.csv   # CDNOW_sample.txt (1/10 sample, 2,357 customers)
    python3 bench/cdnow_to_csv.py master OUT.csv   # CDNOW_master.txt (23,570 customers)

Output columns: customer_id,date,amount,quantity,record[,customer_index]. `record` is the line
number in the source file: CDNOW has purchases repeated verbatim (same customer, day, quantity and
amount; 21 in the sample). Touchpoint keeps such rows as purchases anyway, as the published
preparation does (same-day purchases summed), but warns about each; the column makes every row
unique, so the fits run without the warning. The sample also keeps
its customer index (1…2357), the ID used by the published per-customer summary
`cdnow_customers_summary_with_transactions.csv`.
"""
import os
import sys


def source_path(which):
    import lifetimes
    name = {"sample": "CDNOW_sample.txt", "master": "CDNOW_master.txt"}[which]
    return os.path.join(os.path.dirname(lifetimes.__file__), "datasets", name)


def convert(which, out_path):
    rows = 0
    with open(source_path(which)) as src, open(out_path, "w", newline="") as out:
        out.write("customer_id,date,amount,quantity,record" + (",customer_index\n" if which == "sample" else "\n"))
        for number, line in enumerate(src, start=1):
            parts = line.split()
            if not parts or not parts[0].isdigit():
                continue  # CDNOW_master.txt starts with a header line
            if which == "sample":
                customer, index, day, quantity, amount = parts
                extra = f",{int(index)}"
            else:
                customer, day, quantity, amount = parts
                extra = ""
            out.write(f"{customer},{day[0:4]}-{day[4:6]}-{day[6:8]},{amount},{quantity},{number}{extra}\n")
            rows += 1
    return rows


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("sample", "master"):
        sys.exit(__doc__)
    print(convert(sys.argv[1], sys.argv[2]), "rows written to", sys.argv[2])
