"""Model fields that clean their text once, when the object is saved (see claims/sanitize.py)."""

from django.db import models

from claims.sanitize import check_size, clean_text, sanitize_html


class PlainTextField(models.TextField):
    """Text without markup: control characters are stripped on save."""

    def pre_save(self, model_instance, add):
        value = clean_text(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class PlainCharField(models.CharField):
    """A short line of text: control characters are stripped on save."""

    def pre_save(self, model_instance, add):
        value = clean_text(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class SanitizedHTMLField(models.TextField):
    """HTML reduced to the allow-list in claims/sanitize.py on save; too long is a form error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [check_size])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("validators") == [check_size]:
            del kwargs["validators"]
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = sanitize_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value
