"""The alternative an office would write: read the same submissions with
openpyxl, total a few indicators with pandas, rank, and write a ranked xlsx.

    python benches/pandas_openpyxl.py SUBMISSIONS_DIR UNITS_TOML OUT.xlsx

Reads every *.xlsx whose guide sheet (填报说明) names a unit code, takes the
填报值 (column F) of the data sheet (指标数据) by the field code in column A,
and scores three indicators per 10,000 people against their targets (as the
default framework does: volunteers 20, certified first-aiders 20, adult
members 40 per 10,000; points 2.5, 5 and 2.5, capped at full points).
"""

import sys
import tomllib
from pathlib import Path

import openpyxl
import pandas as pd

TARGETS = {  # field: (per 10,000 people, points)
    "volunteers": (20.0, 2.5),
    "certified_trained": (20.0, 5.0),
    "adult_members": (40.0, 2.5),
}


def read_one(path):
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    if "填报说明" not in book.sheetnames or "指标数据" not in book.sheetnames:
        return None
    unit = None
    for row in book["填报说明"].iter_rows(min_col=1, max_col=2, values_only=True):
        if row[0] == "单位代码" and row[1]:
            unit = str(row[1]).strip()
            break
    if unit is None:
        return None
    values = {}
    for row in book["指标数据"].iter_rows(min_col=1, max_col=6, values_only=True):
        code, value = row[0], row[5]
        if code in TARGETS:
            try:
                values[code] = float(str(value).replace(",", ""))
            except (TypeError, ValueError):
                values[code] = 0.0
    book.close()
    return {"unit": unit, **values}


def main():
    folder, units_toml, out = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    registry = tomllib.loads(units_toml.read_text(encoding="utf-8"))
    people = {}
    for u in registry.get("unit", []):
        counts = u.get("population", {})
        latest = max(counts.items()) if isinstance(counts, dict) and counts else None
        people[str(u["code"])] = float(latest[1]) if latest else float("nan")
    rows = [r for p in sorted(folder.rglob("*.xlsx")) if (r := read_one(p))]
    frame = pd.DataFrame(rows).drop_duplicates("unit", keep="last").set_index("unit")
    frame["population"] = frame.index.map(people)
    total = 0.0
    for field, (rate, points) in TARGETS.items():
        target = rate * frame["population"] / 10_000
        score = (frame[field].fillna(0) / target).clip(upper=1.0) * points
        frame[field + "_points"] = score.round(2)
        total = total + frame[field + "_points"]
    frame["total"] = total.round(2)
    frame["rank"] = frame["total"].rank(method="min", ascending=False).astype(int)
    frame.sort_values(["rank"]).to_excel(out, engine="openpyxl")
    print(f"{len(frame)} units ranked into {out}")


if __name__ == "__main__":
    main()
