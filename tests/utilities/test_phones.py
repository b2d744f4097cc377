import pytest
from django.core.exceptions import ValidationError

from utilities.phones import mask_phone, normalize_phone, validate_mobile


@pytest.mark.parametrize("value", ["13912345678", "139 1234 5678", "19912345678"])
def test_it_accepts_mobile_numbers(value):
    validate_mobile(value)


@pytest.mark.parametrize("value", ["12912345678", "1391234567", "021-66666666", "abc"])
def test_it_refuses_bad_mobile_numbers(value):
    with pytest.raises(ValidationError):
        validate_mobile(value)


def test_it_normalises_and_masks_phones():
    assert normalize_phone(" 139-1234 5678 ") == "13912345678"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("12345") == "1****"
