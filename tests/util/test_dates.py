"""One parser for the dates the editors write (catalogue, events, essays)."""

from __future__ import annotations

import pytest

from dossier.util.dates import format_date, parse_date, parse_timestamp


@pytest.mark.parametrize(("date", "precision"), [
    ("2022", "year"), ("2022-06", "month"), ("2024-02-29", "day")])
def test_partial_dates(date: str, precision: str) -> None:
    assert parse_date(date) == (precision, "")
    assert parse_date(date, ranges=True) == (precision, "")


@pytest.mark.parametrize(("date", "problem"), [
    ("2023-02-29", "is not a day of the calendar (February 29)"),
    ("2022-13", "has no month 13"),
    ("0000", "has year 0"),
    ("22-06-01", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2022-6", "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("2020/2021", "is not YYYY, YYYY-MM or YYYY-MM-DD"),  # a range only where allowed
])
def test_partial_date_problems(date: str, problem: str) -> None:
    assert parse_date(date) == ("", problem)


def test_ranges() -> None:
    assert parse_date("2020-03/2021", ranges=True) == ("range", "")
    assert parse_date("2020/2021-02-30", ranges=True) == (
        "", "is not a day of the calendar (February 30)")
    assert parse_date("2020/2021/2022", ranges=True) == ("", "has more than one '/'")
    assert parse_date("2020/", ranges=True)[1]


def test_timestamps() -> None:
    assert parse_timestamp("2023-3-1", "Date") == ("2023-03-01", None)
    assert parse_timestamp("2023-03-05 10:30", "Modified") == ("2023-03-05T10:30:00", None)
    assert parse_timestamp("2023-02-30", "Date") == (
        "", ("impossible date '2023-02-30'", "February 2023 has 28 days"))
    assert parse_timestamp("2023-13-01", "Date") == (
        "", ("impossible date '2023-13-01': there is no month 13", "months go from 01 to 12"))
    assert parse_timestamp("March 3, 2023", "Date") == (
        "", ("Date 'March 3, 2023' is not a date in YYYY-MM-DD form",
             "did you mean '2023-03-03'?"))
    iso, (message, fix) = parse_timestamp("2023-03-01 25:00", "Date")
    assert iso == "" and message.startswith("impossible time in '2023-03-01 25:00'")


def test_format_date() -> None:
    assert format_date("2022-02-24", "day") == "24 February 2022"
    assert format_date("2022-06", "month") == "June 2022"
    assert format_date("2022-06", "year") == "2022"
    assert format_date("2022-xx", "month") == "2022-xx"
