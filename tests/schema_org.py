"""Check JSON-LD against the schema.org vocabulary, offline: each node is validated by the
strict Pydantic models of ``schema_org-py`` (schema.org 30.1: types, properties, ranges)."""

import re
from datetime import date, datetime

import schema_org

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH = re.compile(r"\d{4}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T[\d:.]+([+-]\d\d:\d\d|Z)")


def _python(value):
    """JSON-LD values as the models take them: ISO dates and times as date and datetime (a
    month, ISO 8601's reduced precision, as its first day — the models know no coarser date)."""
    if isinstance(value, dict):
        return {key: _python(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_python(item) for item in value]
    if isinstance(value, str):
        if _DAY.fullmatch(value):
            return date.fromisoformat(value)
        if _MONTH.fullmatch(value):
            return date.fromisoformat(f"{value}-01")
        if _MOMENT.fullmatch(value):
            return datetime.fromisoformat(value)
    return value


def invalid_nodes(graph):
    """``[(type, error)]`` for every node of ``graph`` that schema.org does not allow."""
    errors = []
    for node in graph:
        model = getattr(schema_org, node["@type"], None)
        if model is None:
            errors.append((node["@type"], "not a schema.org type"))
            continue
        try:
            model.model_validate(_python({k: v for k, v in node.items() if k != "@type"}))
        except ValueError as error:
            errors.append((node["@type"], str(error)))
    return errors
