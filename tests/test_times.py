"""How dates read: the event's days as one span, in UN style and in the reader's language."""

from session.times import date_span


def test_the_events_days_read_as_one_span_in_un_style():
    assert date_span(["2013-10-03", "2013-10-04"]) == "3–4 October 2013"
    assert date_span(["2027-11-18"]) == "18 November 2027"
    assert date_span(["2013-10-02", "2013-09-30"]) == "30 September–2 October 2013"
    assert date_span(["2013-12-31", "2014-01-01"]) == "31 December 2013 – 1 January 2014"


def test_in_the_readers_language():
    days = ["2013-10-03", "2013-10-04"]
    assert date_span(days, "fr") == "3–4 octobre 2013"
    assert date_span(days, "es") == "3–4 de octubre de 2013"
    assert date_span(days, "ru") == "3–4 октября 2013\u202fг."


def test_no_days_read_as_nothing():
    assert date_span([]) == "" and date_span(["not a date"]) == ""
