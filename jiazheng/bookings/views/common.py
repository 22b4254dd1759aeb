"""What the booking pages share: refused service calls on forms."""

from django.contrib import messages


def add_service_error(form, error):
    """Show a refused service call on the form field it concerns."""
    field = error.field if error.field in form.fields else None
    if field is None and error.field == "new_address":
        field = "new_detail"
    form.add_error(field, str(error.message))


def message_service_error(request, error):
    messages.error(request, str(error.message))
