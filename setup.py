"""Package discovery that pyproject.toml alone cannot express.

The bundled decks live in the top-level ``content/`` folder and are installed inside the
package as ``studyapp.bundled_content`` (one sub-package per deck folder) so that a plain
``pip install .`` ships them. Namespace discovery also picks up data-only folders such as
templates.
"""

from setuptools import find_namespace_packages, setup

BUNDLED = "studyapp.bundled_content"

setup(
    packages=[
        *find_namespace_packages(include=["studyapp", "studyapp.*"]),
        BUNDLED,
        *(f"{BUNDLED}.{name}" for name in find_namespace_packages(where="content")),
    ],
    package_dir={BUNDLED: "content"},
)
