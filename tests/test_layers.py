"""The layers of ``claims/`` as the README's map states them, checked over the import graph:
each wing imports only the wings below it (function-level imports included, so a circle cannot
hide behind one), and no module imports itself through others."""

import ast
from pathlib import Path

import claims

ROOT = Path(claims.__file__).parent

# Bottom to top. A module may import its own wing and the wings before it in this list.
LAYERS = [
    ("text", ["claims.text"]),
    ("models", ["claims.models"]),
    ("querying", ["claims.querying"]),
    ("render", ["claims.render"]),
    ("pages", ["claims.pages"]),
    ("caching", ["claims.caching"]),
    ("opendata", ["claims.opendata"]),
    ("intake", ["claims.intake"]),
    ("web", ["claims.web"]),
    (
        "top",
        ["claims.admin", "claims.apps", "claims.urls", "claims.demo", "claims.templatetags",
         "claims.management", "claims"],
    ),
]  # fmt: skip


def module_name(path):
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules():
    return {
        module_name(path): path
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    }


def imports_of(name, path, known):
    """The claims modules ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # "from package import module" imports the module; else the package's name.
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        found |= {target for target in targets if target.split(".")[0] == "claims"}
    return {resolve(target, known) for target in found} - {name}


def resolve(target, known):
    while target not in known and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def layer_of(name):
    best = None
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            inside = name == prefix or name.startswith(prefix + ".")
            if inside and (best is None or len(prefix) > best[1]):
                best = (index, len(prefix))
    assert best is not None, f"{name} is in no layer: add it to the README's map and LAYERS"
    return best[0]


def graph():
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def test_every_module_imports_only_its_layer_and_those_below():
    upward = sorted(
        f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for name, targets in graph().items()
        for target in targets
        if target != "claims" and layer_of(target) > layer_of(name)
    )
    assert upward == []


def test_the_models_import_no_html_and_no_cache():
    for name, targets in graph().items():
        if name.startswith("claims.models"):
            assert not {t for t in targets if t.startswith(("claims.render", "claims.caching"))}


def test_no_import_circle():
    edges = graph()
    state, circles = {}, []

    def visit(node, path):
        state[node] = "open"
        for target in sorted(edges.get(node, ())):
            # A package's __init__ re-exporting its own modules is not a circle of modules.
            if node.startswith(target + ".") or target == "claims":
                continue
            if state.get(target) == "open":
                circles.append(path[path.index(target) :] + [target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(edges):
        if node not in state:
            visit(node, [node])
    assert circles == []


def test_the_graph_is_read():
    """The checks above are not vacuous: the graph has the arrows everyone knows of."""
    edges = graph()
    assert "claims.models.rules" in edges["claims.models.statements"]
    assert "claims.models" in edges["claims.web.views"]
    assert len(edges) > 40
