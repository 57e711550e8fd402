#!/usr/bin/env bash
# Regenerate the committed reference-data CSVs from their upstream packages.
#   crates/persistence/data/regions.csv  <- npm  china-division@2.7.0 (dist/provinces.csv, dist/cities.csv)
#   crates/domain/data/holidays.csv      <- PyPI chinese-calendar==1.11.0 (years 2025, 2026)
# Needs: npm, python3 (with venv), network access to the npm registry and PyPI.
# Not run by builds or tests; the software needs neither npm nor Python at run time.
# Usage: scripts/refdata/regen.sh [OUTPUT_ROOT]   (default: the repository root)
set -euo pipefail

CHINA_DIVISION_VERSION=2.7.0
CHINESE_CALENDAR_VERSION=1.11.0
HOLIDAY_YEARS="2025 2026"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out_root="${1:-$repo_root}"
regions_csv="$out_root/crates/persistence/data/regions.csv"
holidays_csv="$out_root/crates/domain/data/holidays.csv"
mkdir -p "$(dirname "$regions_csv")" "$(dirname "$holidays_csv")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- 1. Administrative divisions (provinces + prefecture-level cities) ---------------------------
(cd "$work" && npm pack --silent "china-division@${CHINA_DIVISION_VERSION}" >/dev/null)
tar -xzf "$work/china-division-${CHINA_DIVISION_VERSION}.tgz" -C "$work"

python3 - "$work/package/dist" "$regions_csv" <<'PY'
import csv, sys
dist, out = sys.argv[1], sys.argv[2]
# Placeholder "cities" that are not real prefecture-level divisions.
EXCLUDED = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
with open(f"{dist}/provinces.csv", encoding="utf-8-sig", newline="") as f:
    provinces = sorted(csv.DictReader(f), key=lambda r: r["code"])
with open(f"{dist}/cities.csv", encoding="utf-8-sig", newline="") as f:
    cities = sorted(csv.DictReader(f), key=lambda r: r["code"])
excluded = [c for c in cities if c["name"] in EXCLUDED]
kept = [c for c in cities if c["name"] not in EXCLUDED]
assert all(len(p["code"]) == 2 for p in provinces)
assert all(len(c["code"]) == 4 and c["code"][:2] == c["provinceCode"] for c in cities)
rows = []
for p in provinces:
    pcode = p["code"] + "0000"
    rows.append((pcode, p["name"], "", "province"))
    for c in kept:
        if c["provinceCode"] == p["code"]:
            rows.append((c["code"] + "00", c["name"], pcode, "city"))
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(("code", "name", "parent_code", "level"))
    w.writerows(rows)
print(f"regions.csv: {len(provinces)} provinces, {len(kept)} cities "
      f"(excluded {len(excluded)}: " + ", ".join(f'{c["code"]} {c["name"]}' for c in excluded) + ")")
PY

# --- 2. Public holidays and adjusted weekend working days (调休) ---------------------------------
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "chinese-calendar==${CHINESE_CALENDAR_VERSION}"

"$work/venv/bin/python" - "$holidays_csv" $HOLIDAY_YEARS <<'PY'
import csv, sys
from chinese_calendar import constants
out, years = sys.argv[1], {int(y) for y in sys.argv[2:]}
rows = []
for day, name in constants.holidays.items():
    if day.year in years:
        rows.append((day, "holiday", name))
for day, name in constants.workdays.items():
    if day.year in years and day.weekday() >= 5:   # adjusted working day falling on a weekend
        rows.append((day, "workday", name))
rows.sort()
assert len({r[0] for r in rows}) == len(rows), "date listed as both holiday and workday"
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(("date", "kind", "name"))
    w.writerows((d.isoformat(), k, n) for d, k, n in rows)
n_h = sum(1 for r in rows if r[1] == "holiday")
print(f"holidays.csv: {n_h} holiday dates, {len(rows) - n_h} workdays, years {sorted(years)}")
PY
