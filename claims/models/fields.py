"""Model fields that clean and bound their text whenever the object is validated — which every
save does (see ``claims.models.rules``). The caps are measured on the cleaned value."""

from django.core.validators import MaxLengthValidator
from django.db import models

from claims.text.sanitize import check_size, clean_line, clean_text, refuse_hopeless, sanitize_html


class PlainCharField(models.CharField):
    """A name or title on one line: unwanted and invisible characters removed."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        refuse_hopeless(value, self.max_length)
        return clean_line(value)


class PlainTextField(models.TextField):
    """Text without markup, at most ``max_length`` characters once cleaned."""

    def __init__(self, *args, max_length=None, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        if max_length is not None:
            self.validators.append(MaxLengthValidator(max_length))

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return value
        if self.max_length:
            refuse_hopeless(value, self.max_length)
        return clean_text(value)


class SanitizedHTMLField(models.TextField):
    """HTML reduced to the allow-list in claims/text/sanitize.py; the size cap
    (``NEWSDESK_MAX_HTML_CHARS``) applies to the sanitised result."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [check_size])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("validators") == [check_size]:
            del kwargs["validators"]
        return name, path, args, kwargs

    def to_python(self, value):
        value = super().to_python(value)
        return value if value is None else sanitize_html(value)
