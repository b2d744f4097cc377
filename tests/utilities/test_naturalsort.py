"""Grid areas and other numbered names in the order people count them."""

import pytest

from utilities.naturalsort import chinese_number, naturally_sorted


@pytest.mark.parametrize(
    ("text", "number"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("两", 2)],
)
def test_chinese_numerals_read_as_numbers(text, number):
    assert chinese_number(text) == number


def test_chinese_numbered_areas_sort_one_two_three():
    names = ["第一片区", "第三片区", "第二片区", "第五片区", "第六片区", "第四片区", "第十片区", "第十一片区"]
    assert naturally_sorted(names) == [
        "第一片区",
        "第二片区",
        "第三片区",
        "第四片区",
        "第五片区",
        "第六片区",
        "第十片区",
        "第十一片区",
    ]


def test_arabic_numbers_sort_one_two_ten():
    assert naturally_sorted(["10号楼", "2号楼", "1号楼", "甲区", "1号楼东"]) == [
        "1号楼",
        "1号楼东",
        "2号楼",
        "10号楼",
        "甲区",
    ]
