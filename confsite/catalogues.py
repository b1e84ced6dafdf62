"""The translation catalogues: extract, update, compile and check them (``make translations``).

One catalogue set per translation domain: the core's ``messages`` in
``confsite/translations/`` and one per plugin, named after the plugin, in the plugin's own
``translations/`` folder (docs/translations.md). Messages come from ``_()``/``_l()``/
``ngettext()`` in Python and Jinja files, plus the labels of the domain's
:class:`~confsite.models.enums.LabelledEnum` members (shown through the ``label`` filter).

The compiled ``.mo`` files are committed (so an installed wheel needs no build step);
tests/test_translations.py checks they match the ``.po`` files and that every message is
translated.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from confsite.i18n import LANGUAGES
from confsite.models.enums import LabelledEnum

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None}
METHODS = [
    ("**/migrations/**", "ignore"),
    ("**.py", "python"),
    ("**.html", "jinja2"),
    ("**.txt", "jinja2"),
]
# English is the source text itself: no catalogue.
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")


@dataclass(frozen=True)
class Domain:
    """A translation domain: where its sources and catalogues live."""

    name: str
    sources: tuple[Path, ...]  # folders scanned for messages
    translations: Path  # <translations>/<lang>/LC_MESSAGES/<name>.po
    packages: tuple[str, ...]  # Python packages whose LabelledEnum labels belong here

    def po_path(self, language: str) -> Path:
        return self.translations / language / "LC_MESSAGES" / f"{self.name}.po"

    def mo_path(self, language: str) -> Path:
        return self.po_path(language).with_suffix(".mo")


def domains() -> list[Domain]:
    """The core domain, each built-in plugin's and the example plugin's."""
    found = [
        Domain(
            "messages",
            (ROOT / "confsite", ROOT / "templates"),
            ROOT / "confsite" / "translations",
            ("confsite",),
        )
    ]
    for plugin in sorted(p for p in (ROOT / "plugins").iterdir() if (p / "i18n.py").exists()):
        found.append(
            Domain(plugin.name, (plugin,), plugin / "translations", (f"confsite_plugins.{plugin.name}",))
        )
    example = ROOT / "tests" / "example_plugin" / "confsite_example"
    if example.exists():
        found.append(Domain("confsite_example", (example,), example / "translations", ("confsite_example",)))
    return found


def _enum_labels(packages: tuple[str, ...]) -> list[str]:
    """Labels of the LabelledEnum members defined in ``packages`` (imported to find them)."""
    for package in packages:
        module = importlib.import_module(package)
        for info in pkgutil.walk_packages(getattr(module, "__path__", []), f"{package}."):
            if ".migrations" not in info.name and not info.name.endswith((".__main__", ".demo")):
                importlib.import_module(info.name)
    labels: list[str] = []
    pending = list(LabelledEnum.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if any(cls.__module__ == p or cls.__module__.startswith(p + ".") for p in packages):
            # a lazy _l() label keeps its English text in _args
            labels.extend(getattr(m.label, "_args", (m.label,))[0] for m in cls)
    return labels


def template_catalog(domain: Domain) -> Catalog:
    """Every message of ``domain`` as found in its sources now (a .pot in memory)."""
    catalog = Catalog(domain=domain.name, project="confsite", charset="utf-8")
    for source in domain.sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            source, METHODS, keywords=KEYWORDS, strip_comment_tags=True
        ):
            catalog.add(
                message,
                None,
                [(str(Path(source.name) / filename), lineno)],
                auto_comments=comments,
                context=context,
            )
    for label in _enum_labels(domain.packages):
        catalog.add(label, None, [("enum labels", 0)])
    return catalog


def read_catalog(domain: Domain, language: str) -> Catalog | None:
    path = domain.po_path(language)
    if not path.exists():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=domain.name)


def _plain(value: object) -> object:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _translated(string: object) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def compiled(po_path: Path) -> bytes:
    """The .mo bytes of a .po file, as ``make translations`` writes them."""
    with po_path.open("rb") as file:
        catalog = read_po(file)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def po_messages(catalog: Catalog) -> dict[object, object]:
    """id → string of the translated, non-fuzzy messages (what compiling keeps)."""
    messages = {_plain(m.id): _plain(m.string) for m in catalog if m.id and not m.fuzzy}
    return {k: v for k, v in messages.items() if _translated(v)}


def update(domain: Domain) -> None:
    """Bring every language's .po up to the sources and compile it to .mo."""
    template = template_catalog(domain)
    for language in TRANSLATED:
        catalog = read_catalog(domain, language) or Catalog(locale=language, domain=domain.name)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = domain.po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        write_po(buffer, catalog, width=100, omit_header=False, sort_output=False)
        path.write_bytes(buffer.getvalue())
        domain.mo_path(language).write_bytes(compiled(path))


def main(argv: list[str] | None = None) -> int:
    chosen = set(argv if argv is not None else sys.argv[1:])
    for domain in domains():
        if not chosen or domain.name in chosen:
            update(domain)
            print(f"{domain.name}: {len(template_catalog(domain))} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
