import pytest
from django.core.exceptions import ValidationError

from register.identity import (
    decrypt_id_number,
    encrypt_id_number,
    id_check_char,
    id_number_digest,
    mask_id_number,
    validate_id_number,
)

VALID_ID = "11010519491231002X"  # the GB 11643 standard's own example


def test_it_accepts_a_valid_id_number_in_lower_case_with_spaces():
    validate_id_number(" 11010519491231002x ")


@pytest.mark.parametrize(
    "value, code",
    [
        ("110105194912310021", "id_check"),  # wrong check digit
        ("110105194902300021", "id_birth"),  # 30 February
        ("11010519491231002", "id_format"),  # 17 characters
        ("11010519491231002Y", "id_format"),
        ("110105219912310021", "id_birth"),  # born in 2199
    ],
)
def test_it_refuses_bad_id_numbers_with_a_reason(value, code):
    with pytest.raises(ValidationError) as excinfo:
        validate_id_number(value)
    assert excinfo.value.code == code


def test_the_check_character_matches_the_standard():
    assert id_check_char(VALID_ID[:17]) == "X"


def test_it_masks_ids():
    assert mask_id_number(VALID_ID) == "1101**********002X"


def test_encryption_round_trips_and_never_holds_the_clear_number(settings):
    token = encrypt_id_number(VALID_ID)
    assert VALID_ID not in token
    assert decrypt_id_number(token) == VALID_ID
    assert encrypt_id_number(VALID_ID) != token  # randomised: equal numbers don't look equal
    assert id_number_digest(VALID_ID) == id_number_digest(VALID_ID.lower())
