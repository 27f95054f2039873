"""Submit Django admin forms the way a browser would: start from what the page shows."""

from datetime import date, datetime

from django.contrib.admin.widgets import AdminSplitDateTime
from django.forms import (
    CheckboxInput,
    ModelMultipleChoiceField,
    MultipleChoiceField,
    SplitDateTimeWidget,
)


def _put(data, name, field, value):
    if isinstance(field.widget, (SplitDateTimeWidget, AdminSplitDateTime)):
        if isinstance(value, datetime):
            data[f"{name}_0"], data[f"{name}_1"] = value.strftime("%Y-%m-%d %H:%M:%S").split()
        return
    if isinstance(field.widget, CheckboxInput):
        if value:
            data[name] = "on"
        return
    if isinstance(field, MultipleChoiceField | ModelMultipleChoiceField):
        data[name] = [str(v) for v in value or []]
    elif value is None:
        data[name] = ""
    elif isinstance(value, (list, tuple)):
        data[name] = [str(v) for v in value]
    elif isinstance(value, (date, datetime)):
        data[name] = value.isoformat()
    else:
        data[name] = str(value)


class FormData(dict):
    """POST data, plus what a browser would send for a new inline row (``empty_rows``)."""

    empty_rows: dict
    split_times: dict  # inline prefix → its date-time fields drawn as two inputs


def form_data(response):
    """POST data reproducing the admin page in ``response`` unchanged, inlines included."""
    data = FormData()
    data.empty_rows, data.split_times = {}, {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        _put(data, form.add_prefix(name), field, form[name].value())
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = str(management[name].value())
        for inline_form in formset.forms:
            for name, field in inline_form.fields.items():
                _put(data, inline_form.add_prefix(name), field, inline_form[name].value())
        empty, defaults = formset.empty_form, {}
        for name, field in empty.fields.items():
            _put(defaults, name, field, empty[name].value())
        data.empty_rows[formset.prefix] = defaults
        data.split_times[formset.prefix] = {
            name
            for name, field in empty.fields.items()
            if isinstance(field.widget, (SplitDateTimeWidget, AdminSplitDateTime))
        }
    return data


def add_inline_row(data, prefix, **values):
    """Append one new row to the inline formset ``prefix``, with the defaults the page shows."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in getattr(data, "empty_rows", {}).get(prefix, {}).items():
        data[f"{prefix}-{index}-{name}"] = value
    split = getattr(data, "split_times", {}).get(prefix)
    for name, value in values.items():
        if isinstance(value, datetime) and split is not None and name not in split:
            data[f"{prefix}-{index}-{name}"] = value.strftime("%Y-%m-%dT%H:%M:%S")  # one picker
        elif isinstance(value, datetime):
            data[f"{prefix}-{index}-{name}_0"] = value.strftime("%Y-%m-%d")
            data[f"{prefix}-{index}-{name}_1"] = value.strftime("%H:%M:%S")
        else:
            data[f"{prefix}-{index}-{name}"] = str(value)
    return data


def errors(response):
    """Every error on an admin form page, as text, for assertion messages."""
    context = response.context
    messages = [str(context["adminform"].form.errors)] if "adminform" in context else []
    for inline in context.get("inline_admin_formsets", []):
        messages += [str(inline.formset.errors), str(inline.formset.non_form_errors())]
    return " ".join(messages)
