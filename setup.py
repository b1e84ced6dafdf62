"""Package discovery for the folder mapping of pyproject.toml (everything else is there).

``plugins/`` ships as ``confsite_plugins`` and ``templates/`` as ``confsite_templates``.
pyproject.toml cannot discover packages below a renamed folder, so they are found here:
every directory becomes a (namespace) package, which also carries its data files
(templates, static files, migration scripts) into the wheel. A new plugin or template
folder therefore ships without editing a list (tests/test_wheel.py proves it).
"""

from setuptools import find_namespace_packages, setup

SKIP = ["*__pycache__*", "*.egg-info*"]


def mapped(package: str, folder: str) -> list[str]:
    """``package`` and every folder below ``folder``, named as sub-packages of it."""
    return [package] + [f"{package}.{name}" for name in find_namespace_packages(folder, exclude=SKIP)]


setup(
    packages=mapped("confsite", "confsite")
    + mapped("confsite_plugins", "plugins")
    + mapped("confsite_templates", "templates")
)
