"""Phones as typed → stored (E.164), shown and masked, or refused with a message: the table
of utilities/phones.py, with the issue's examples."""

import random

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Q

from utilities.phones import (
    clean_phone,
    clean_public_phone,
    format_phone,
    mask_phone,
    normalize_phone,
    parse_phone,
    phone_digits,
    phone_lookup,
    phone_match,
    validate_mobile,
)

ACCEPTED = [
    # typed, stored, shown, masked
    ("13912345678", "+8613912345678", "13912345678", "139****5678"),
    ("139 1234 5678", "+8613912345678", "13912345678", "139****5678"),
    ("139-1234-5678", "+8613912345678", "13912345678", "139****5678"),
    ("１３９１２３４５６７８", "+8613912345678", "13912345678", "139****5678"),  # full-width
    ("+86 139 1234 5678", "+8613912345678", "13912345678", "139****5678"),
    ("＋８６　１３９１２３４５６７８", "+8613912345678", "13912345678", "139****5678"),
    ("0086-139-1234-5678", "+8613912345678", "13912345678", "139****5678"),
    ("8613912345678", "+8613912345678", "13912345678", "139****5678"),
    ("19912345678", "+8619912345678", "19912345678", "199****5678"),
    ("021-6555 1234", "+862165551234", "021-6555 1234", "021-****1234"),
    ("02165551234", "+862165551234", "021-6555 1234", "021-****1234"),
    ("(021)65551234", "+862165551234", "021-6555 1234", "021-****1234"),
    ("（０２１）６５５５－１２３４", "+862165551234", "021-6555 1234", "021-****1234"),
    ("021—6555—1234", "+862165551234", "021-6555 1234", "021-****1234"),
    ("+86 21 6555 1234", "+862165551234", "021-6555 1234", "021-****1234"),
    ("6555 1234", "+862165551234", "021-6555 1234", "021-****1234"),  # local: PHONE_DEFAULT_AREA_CODE
    ("021-6555 1234 转 123", "+862165551234x123", "021-6555 1234 转 123", "021-****1234"),
    ("021-65551234转8", "+862165551234x8", "021-6555 1234 转 8", "021-****1234"),
    ("021-6555 1234 分机 123", "+862165551234x123", "021-6555 1234 转 123", "021-****1234"),
    ("021-65551234 ext. 123", "+862165551234x123", "021-6555 1234 转 123", "021-****1234"),
    ("021-65551234#123", "+862165551234x123", "021-6555 1234 转 123", "021-****1234"),
    ("021-6555 1234-123", "+862165551234x123", "021-6555 1234 转 123", "021-****1234"),  # after a whole number
    ("021-6555-1234", "+862165551234", "021-6555 1234", "021-****1234"),  # a dash inside: no extension
    ("010-1234 5678", "+861012345678", "010-1234 5678", "010-****5678"),
    ("0571-8888 1234 转 12345", "+8657188881234x12345", "0571-8888 1234 转 12345", "0571-****1234"),
    ("0931-1234567", "+869311234567", "0931-123 4567", "0931-****4567"),
    ("+852 9123 4567", "+85291234567", "+852 9123 4567", "+852 ****4567"),
    ("+44 20 7946 0958 ext 12", "+442079460958x12", "+44 20 7946 0958 转 12", "+44 ****0958"),
    ("+39 06 1234 5678", "+390612345678", "+39 06 1234 5678", "+39 ****5678"),  # Italy's leading 0 kept
]


@pytest.mark.parametrize(("typed", "stored", "shown", "masked"), ACCEPTED)
def test_it_stores_shows_and_masks_an_accepted_phone(typed, stored, shown, masked):
    assert clean_phone(typed) == stored
    assert len(stored) <= 20  # the width of every phone column
    assert clean_phone(stored) == stored  # the stored form reads back to itself
    assert format_phone(stored) == parse_phone(typed).display == shown
    assert mask_phone(stored) == parse_phone(typed).masked == masked


REFUSED = [
    # typed, code: unallocated mobiles (the issue's), mobiles of the wrong length, landlines
    # without enough digits, the rest
    ("14312345678", "phone_unallocated"),
    ("16012345678", "phone_unallocated"),
    ("16412345678", "phone_unallocated"),
    ("12912345678", "phone_unallocated"),
    ("1391234567", "phone_length"),
    ("021-6555 123", "phone_invalid"),
    ("021-1234", "phone_invalid"),
    ("12345", "phone_length"),
    ("+86 139 1234", "phone_length"),
    ("010-1234", "phone_invalid"),  # Beijing's area code, not a mobile
    ("95588", "phone_invalid"),
    ("400 812 3456", "phone_type"),  # a service number is nobody's phone
    ("139 1234 5678 转 1", "phone_extension"),  # a mobile has no extension
    ("021-6555 1234 转 123456", "phone_extension"),  # does not fit the column
    ("abc", "phone_format"),
    ("<script>", "phone_format"),
    ("13912345678 或 13800001111", "phone_format"),
    ("9" * 41, "phone_format"),
]


@pytest.mark.parametrize(("typed", "code"), REFUSED)
def test_it_refuses_what_is_no_phone_with_a_message(typed, code):
    with pytest.raises(ValidationError) as refused:
        clean_phone(typed)
    assert refused.value.code == code
    assert refused.value.messages[0]  # a sentence, in Chinese: see the next test


def test_an_unallocated_mobile_is_refused_naming_its_prefix():
    with pytest.raises(ValidationError) as refused:
        clean_phone("143 1234 5678")
    assert refused.value.messages == ["手机号段 143 未启用，没有这样的手机号码，请核对。"]


def test_it_refuses_on_the_services_field_when_asked():
    with pytest.raises(ValidationError) as refused:
        clean_phone("16012345678", field="resident_phone")
    assert list(refused.value.message_dict) == ["resident_phone"]


def test_blank_is_no_phone():
    assert clean_phone("") == clean_phone("  ") == ""
    assert parse_phone("") is None


def test_a_local_landline_is_in_the_configured_area(settings):
    settings.PHONE_DEFAULT_AREA_CODE = "10"
    assert clean_phone("6555 1234") == "+861065551234"
    assert format_phone("+861065551234") == "010-6555 1234"


def test_of_20000_random_mobiles_it_accepts_only_the_allocated():
    """The issue's count: the old rule (1[3-9] and nine digits) took about a quarter of
    these that no operator has; libphonenumber's metadata refuses them."""
    rng = random.Random(17)
    numbers = ["1" + "".join(rng.choice("0123456789") for _ in range(10)) for _ in range(20_000)]
    old_rule = [n for n in numbers if n[1] in "3456789"]
    accepted = []
    for number in numbers:
        try:
            accepted.append(clean_phone(number))
        except ValidationError:
            pass
    assert len(old_rule) == 14_045
    assert len(accepted) == 10_470  # 3,575 fewer: 143…, 160…, 164… and the like
    assert all(n.startswith("+861") for n in accepted)


def test_the_old_names_still_work():
    validate_mobile("021-6555 1234")  # now a landline too
    with pytest.raises(ValidationError):
        validate_mobile("14312345678")
    assert normalize_phone(" 139-1234 5678 ") == "+8613912345678"
    assert normalize_phone("143-1234-5678") == "14312345678"  # not a phone: cleaned, never raised


def test_rows_stored_before_are_shown_and_masked_as_before():
    assert format_phone("13912345678") == "13912345678"
    assert mask_phone("13912345678") == mask_phone("+8613912345678") == "139****5678"
    assert mask_phone("+8614312345678") == "143****5678"  # unallocated, stored by the old rule
    assert mask_phone("12345") == "1****"
    assert format_phone("not a phone") == "not a phone"


def test_a_grid_areas_public_phone_is_kept_as_shown():
    assert clean_public_phone("021-65550101转8001") == "021-6555 0101 转 8001"
    assert clean_public_phone("") == ""
    with pytest.raises(ValidationError):
        clean_public_phone("021-1234")


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("5678", "5678"),
        ("139-1234-5678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("(021) 6555 1234", "02165551234"),
        ("057188881234", "057188881234"),
        ("123", ""),
        ("abc", ""),
        ("1234567890123", ""),
    ],
)
def test_phone_digits_are_what_a_search_typed(typed, digits):
    assert phone_digits(typed) == digits


def test_a_search_by_the_whole_number_finds_both_stored_forms():
    assert phone_lookup("p", "139 1234 5678") == Q(p__in=["+8613912345678", "13912345678"])
    assert phone_match("p", "021-6555 1234") == Q(p="+862165551234") | Q(p__startswith="+862165551234x")
    assert phone_match("p", "021-6555 1234 转 8") == Q(p="+862165551234x8")
    assert not phone_match("p", "14312345678") and not phone_match("p", "")


def test_a_search_by_last_digits_finds_a_landline_before_its_extension_too():
    assert phone_lookup("p", "1234") == Q(p__endswith="1234") | Q(p__contains="1234x")
    # an 11-digit number libphonenumber does not know, stored by the old rule: by its tail
    assert phone_lookup("p", "14312345678") == Q(p__endswith="14312345678") | Q(p__contains="14312345678x")
    assert not phone_lookup("p", "12") and not phone_lookup("p", "张三")


def test_the_quick_reading_of_stored_landlines_agrees_with_libphonenumber():
    """format_phone and mask_phone read a stored landline without libphonenumber (exports
    mask 50,000 rows): they agree with it on every valid landline of a random sample."""
    rng = random.Random(5)
    checked = 0
    for _ in range(20_000):
        national = str(rng.choice("123456789")) + "".join(
            rng.choice("0123456789") for _ in range(rng.choice((8, 9, 10)))
        )
        try:
            phone = parse_phone("+86" + national)
        except ValidationError:
            continue
        if phone.is_mobile:
            continue
        checked += 1
        assert (format_phone(phone.stored), mask_phone(phone.stored)) == (phone.display, phone.masked)
    assert checked > 1000
