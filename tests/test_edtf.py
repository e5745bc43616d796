import datetime as dt

import pytest

from nrcdata.edtf import EDTFError, bounds

D = dt.date


@pytest.mark.parametrize("text, start, end, precision", [
    ("1992", D(1992, 1, 1), D(1992, 12, 31), "year"),
    ("2004-03", D(2004, 3, 1), D(2004, 3, 31), "month"),
    ("1991-12-20", D(1991, 12, 20), D(1991, 12, 20), "day"),
    ("1992-23", D(1992, 9, 1), D(1992, 11, 30), "season"),
    ("2005-24", D(2005, 12, 1), D(2006, 2, 28), "season"),
    ("199X", D(1990, 1, 1), D(1999, 12, 31), "decade"),
    ("2004-03-08/2004-03-12", D(2004, 3, 8), D(2004, 3, 12), "day"),
    ("1996/..", D(1996, 1, 1), None, "year"),
    ("[1992-23,1993-21]", D(1992, 9, 1), D(1993, 5, 31), "season"),
    ("[2006-09-23..2006-09-28]", D(2006, 9, 23), D(2006, 9, 28), "day"),
    ("2006-05~", D(2006, 5, 1), D(2006, 5, 31), "month"),
])
def test_bounds(text, start, end, precision):
    assert bounds(text) == (start, end, precision)


@pytest.mark.parametrize("text", ["2006-02-30", "2006-13", "1992-25", "1999/1998", "../..", "x", "",
                                  " 1992", "1992-23-01", "[1999..1998]", "[1992,]"])
def test_rejects(text):
    with pytest.raises(EDTFError):
        bounds(text)
