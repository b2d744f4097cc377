"""A service's ValidationError shown on the form that called it (views of every app)."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Put the error on the form, by field where the form has that field, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.error_dict.items():
        target = field if field in form.fields else None
        for each in errors:
            form.add_error(target, each.messages)
